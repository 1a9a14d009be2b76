/**
 * Everything an installer needs for one Helm release: the pinned chart and the rendered, validated values.
 * The cdk8s constructs deliver it to a cluster; on AWS, pass the same fields to `eks.HelmChart`.
 */
export interface HelmChartRelease {
  /** Chart name in its repository, e.g. `cert-manager`. */
  readonly chart: string;
  /** Chart repository URL, e.g. `https://charts.jetstack.io`. */
  readonly repository: string;
  /** Pinned chart version, e.g. `v1.21.1`. */
  readonly version: string;
  /** Helm release name. */
  readonly releaseName: string;
  /** Namespace the release installs into. */
  readonly namespace: string;
  /** Chart values (typed props rendered to the chart's keys, then `extraValues` merged in). */
  readonly values: { [key: string]: any };
  /** Name of the service account the chart's controller runs as, e.g. for an IRSA or Pod Identity trust. */
  readonly serviceAccountName: string;
}
