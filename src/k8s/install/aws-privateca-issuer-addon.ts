import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { AwsPrivateCaIssuerRelease, AwsPrivateCaIssuerReleaseOptions } from './aws-privateca-issuer-values';
import { CertManager } from './cert-manager';
import { ChartDelivery, ChartDeliveryMode } from './chart-delivery';
import { fluxReleaseRef } from './flux-helm-release';
import { HelmChartRelease } from './helm-chart-release';
import { installChart } from './install-chart';

/** Props of `AwsPrivateCaIssuerAddon`. */
export interface AwsPrivateCaIssuerAddonProps extends AwsPrivateCaIssuerReleaseOptions {
  /** How the chart reaches the cluster: `ChartDelivery.argoCd()`, `.flux()`, `.helm()` or `.valuesOnly()`. */
  readonly delivery: ChartDelivery;
  /** Create the Namespace object. @default - true, except with `ChartDelivery.valuesOnly()` */
  readonly createNamespace?: boolean;
  /**
   * The cert-manager install this issuer serves: its controller's service account becomes the approver
   * (unless `approverServiceAccountName`/`approverNamespace` are set), and with Flux delivery on both the
   * HelmRelease depends on cert-manager's.
   * @default - approver `cert-manager` in namespace `cert-manager`, no Flux dependency
   */
  readonly certManager?: CertManager;
}

/**
 * Installs aws-privateca-issuer (the pinned chart, with its AWSPCAIssuer and AWSPCAClusterIssuer CRDs), which lets
 * cert-manager sign certificates with AWS Private CA. Delivered like `CertManager`, from the same kinds of options.
 */
export class AwsPrivateCaIssuerAddon extends Construct {
  /** The release: chart, repository, version, namespace and the rendered values. */
  public readonly release: HelmChartRelease;
  /** The rendered chart values (the same as `release.values`). */
  public readonly values: { [key: string]: any };
  /** Namespace the issuer runs in. */
  public readonly namespace: string;
  /** Helm release name. */
  public readonly releaseName: string;
  /** Service account of the issuer (the identity that calls AWS Private CA). */
  public readonly serviceAccountName: string;
  /** How the chart is delivered. */
  public readonly delivery: ChartDelivery;
  /** The objects this construct added to the chart. */
  public readonly apiObjects: ApiObject[];

  constructor(scope: Construct, id: string, props: AwsPrivateCaIssuerAddonProps) {
    super(scope, id);
    const certManager = props.certManager;
    this.release = AwsPrivateCaIssuerRelease.render(this, {
      ...props,
      approverServiceAccountName: props.approverServiceAccountName ?? certManager?.serviceAccountName,
      approverNamespace: props.approverNamespace ?? certManager?.namespace,
    });
    this.values = this.release.values;
    this.namespace = this.release.namespace;
    this.releaseName = this.release.releaseName;
    this.serviceAccountName = this.release.serviceAccountName;
    this.delivery = props.delivery;
    const bothFlux = props.delivery.mode === ChartDeliveryMode.FLUX && certManager?.delivery.mode === ChartDeliveryMode.FLUX;
    this.apiObjects = installChart(this, {
      release: this.release,
      label: `${AwsPrivateCaIssuerRelease.CHART} ${AwsPrivateCaIssuerRelease.VERSION}`,
      repositoryName: 'aws-privateca-issuer',
      defaultSyncWave: ArgoCdSyncWaves.ADDONS,
      crdsInCrdsDir: true,
      fluxDependsOn: bothFlux ? [fluxReleaseRef(certManager!.releaseName, certManager!.delivery.fluxOptions ?? {})] : undefined,
    }, props.delivery, props.createNamespace);
  }
}
