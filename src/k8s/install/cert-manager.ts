import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { CertManagerRelease, CertManagerReleaseOptions } from './cert-manager-values';
import { ChartDelivery } from './chart-delivery';
import { HelmChartRelease } from './helm-chart-release';
import { installChart } from './install-chart';

/** Props of `CertManager`. */
export interface CertManagerProps extends CertManagerReleaseOptions {
  /** How the chart reaches the cluster: `ChartDelivery.argoCd()`, `.flux()`, `.helm()` or `.valuesOnly()`. */
  readonly delivery: ChartDelivery;
  /** Create the Namespace object. @default - true, except with `ChartDelivery.valuesOnly()` */
  readonly createNamespace?: boolean;
}

/**
 * Installs cert-manager (the pinned chart, CRDs included) into a namespace, delivered through Argo CD, Flux,
 * `helm template`, or not at all (values only). The values are validated against the chart's schema at synth.
 */
export class CertManager extends Construct {
  /** The release: chart, repository, version, namespace and the rendered values. */
  public readonly release: HelmChartRelease;
  /** The rendered chart values (the same as `release.values`). */
  public readonly values: { [key: string]: any };
  /** Namespace cert-manager runs in. */
  public readonly namespace: string;
  /** Helm release name. */
  public readonly releaseName: string;
  /** Service account of the controller (the identity that solves DNS-01 challenges). */
  public readonly serviceAccountName: string;
  /** How the chart is delivered. */
  public readonly delivery: ChartDelivery;
  /** The objects this construct added to the chart (Namespace, Application, HelmRelease, rendered manifests...). */
  public readonly apiObjects: ApiObject[];

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    this.release = CertManagerRelease.render(this, props);
    this.values = this.release.values;
    this.namespace = this.release.namespace;
    this.releaseName = this.release.releaseName;
    this.serviceAccountName = this.release.serviceAccountName;
    this.delivery = props.delivery;
    this.apiObjects = installChart(this, {
      release: this.release,
      label: `${CertManagerRelease.CHART} ${CertManagerRelease.VERSION}`,
      repositoryName: 'jetstack',
      defaultSyncWave: ArgoCdSyncWaves.CERT_MANAGER,
      crdsInCrdsDir: false,
    }, props.delivery, props.createNamespace);
  }
}
