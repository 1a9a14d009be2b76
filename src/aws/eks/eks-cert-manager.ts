import { Duration } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct, IConstruct } from 'constructs';
import {
  AwsPrivateCaIssuerRelease, AwsPrivateCaIssuerReleaseOptions, CertManagerRelease, CertManagerReleaseOptions, HelmChartRelease,
} from '../../k8s/install';
import { invalid } from '../../private/errors';
import { durationProp } from '../private/checks';
import { AwsPrivateCaIssuerOptions, AwsPrivateCaIssuerRole, CertManagerRoute53Options, CertManagerRoute53Role, WorkloadIdentity } from '../roles';

/** aws-eks' limit on a Helm release's timeout. */
const MAX_HELM_TIMEOUT = Duration.minutes(15);

/** aws-privateca-issuer on the cluster: the CA it signs with, and its chart values. */
export interface EksPrivateCaIssuerOptions extends AwsPrivateCaIssuerOptions {
  /** Values and release settings, the same as `AwsPrivateCaIssuerAddon`'s. @default - chart defaults */
  readonly release?: AwsPrivateCaIssuerReleaseOptions;
}

/** Properties of `EksCertManager`. */
export interface EksCertManagerProps {
  /** The cluster, created in this app or imported (with `kubectlRoleArn` and a kubectl layer). */
  readonly cluster: eks.ICluster;
  /**
   * How the controllers get AWS credentials. IRSA needs the cluster's OIDC provider (an imported cluster must
   * be imported with `openIdConnectProvider`); Pod Identity needs the `eks-pod-identity-agent` add-on.
   * @default eks.IdentityType.IRSA
   */
  readonly identityType?: eks.IdentityType;
  /** cert-manager's values and release settings, the same as the cdk8s `CertManager`'s. @default - chart defaults */
  readonly certManager?: CertManagerReleaseOptions;
  /** Route53 access for DNS-01: a role for the controller's service account. @default - no AWS role for cert-manager */
  readonly route53?: CertManagerRoute53Options;
  /** Installs aws-privateca-issuer with a role for one CA. @default - not installed */
  readonly privateCaIssuer?: EksPrivateCaIssuerOptions;
  /**
   * How long each Helm release may take; they wait for the pods, so the webhook answers before issuers are applied.
   * At most 15 minutes (aws-eks' limit).
   * @default Duration.minutes(10)
   */
  readonly helmTimeout?: Duration;
}

/**
 * cert-manager on EKS: the pinned Helm charts (cert-manager, optionally aws-privateca-issuer) through
 * `eks.HelmChart` with the same typed values as the cdk8s constructs, least-privilege roles for their service
 * accounts, and `addCdk8sChart` to apply issuers and certificates after the releases (so the CRDs exist).
 */
export class EksCertManager extends Construct {
  /** The cluster. */
  public readonly cluster: eks.ICluster;
  /** The cert-manager release as rendered (chart, version, namespace, values). */
  public readonly certManagerRelease: HelmChartRelease;
  /** The cert-manager Helm release in the cluster. */
  public readonly certManagerChart: eks.HelmChart;
  /** The controller's Route53 role. @default - undefined without `route53` */
  public readonly route53Role?: CertManagerRoute53Role;
  /** The aws-privateca-issuer release as rendered. @default - undefined without `privateCaIssuer` */
  public readonly privateCaIssuerRelease?: HelmChartRelease;
  /** The aws-privateca-issuer Helm release. @default - undefined without `privateCaIssuer` */
  public readonly privateCaIssuerChart?: eks.HelmChart;
  /** aws-privateca-issuer's role. @default - undefined without `privateCaIssuer` */
  public readonly privateCaIssuerRole?: AwsPrivateCaIssuerRole;
  private readonly helmReleases: eks.HelmChart[] = [];

  constructor(scope: Construct, id: string, props: EksCertManagerProps) {
    super(scope, id);
    this.cluster = props.cluster;
    const identityType = props.identityType ?? eks.IdentityType.IRSA;
    if (!Object.values(eks.IdentityType).includes(identityType)) {
      invalid(this, 'identityType', `'${identityType}' is not an eks.IdentityType`, 'use eks.IdentityType.IRSA or eks.IdentityType.POD_IDENTITY');
    }
    const identity = identityType === eks.IdentityType.POD_IDENTITY
      ? WorkloadIdentity.podIdentity(props.cluster)
      : WorkloadIdentity.irsaFromCluster(props.cluster);
    const timeout = durationProp(this, 'helmTimeout', props.helmTimeout, Duration.minutes(10));
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_HELM_TIMEOUT.toSeconds()) {
      invalid(this, 'helmTimeout', `${timeout.toHumanString()} is out of range`, 'use 1 second to 15 minutes (aws-eks runs Helm in a Lambda function)');
    }

    // Rendered once for the namespace and service account name the role must trust, then with the role.
    const certManager = props.certManager ?? {};
    const draft = CertManagerRelease.render(this, certManager);
    if (props.route53) {
      refuseRoleArn(this, 'certManager.controller.serviceAccount.roleArn', certManager.controller?.serviceAccount?.roleArn);
      this.route53Role = new CertManagerRoute53Role(this, 'Route53Role', {
        ...props.route53, identity, namespace: draft.namespace, serviceAccountName: draft.serviceAccountName,
      });
    }
    const controller = certManager.controller;
    this.certManagerRelease = this.route53Role
      ? CertManagerRelease.render(this, {
        ...certManager,
        controller: { ...controller, serviceAccount: { ...controller?.serviceAccount, ...this.route53Role.chartServiceAccount } },
      })
      : draft;
    this.certManagerChart = this.helmChart('CertManagerChart', this.certManagerRelease, timeout, this.route53Role);

    if (props.privateCaIssuer) {
      const { release = {}, ...access } = props.privateCaIssuer;
      refuseRoleArn(this, 'privateCaIssuer.release.serviceAccount.roleArn', release.serviceAccount?.roleArn);
      // cert-manager's controller approves the issuer's CertificateRequests, so the chart must name it.
      const withApprover = {
        ...release,
        approverServiceAccountName: release.approverServiceAccountName ?? this.certManagerRelease.serviceAccountName,
        approverNamespace: release.approverNamespace ?? this.certManagerRelease.namespace,
      };
      const issuerDraft = AwsPrivateCaIssuerRelease.render(this, withApprover);
      this.privateCaIssuerRole = new AwsPrivateCaIssuerRole(this, 'PrivateCaIssuerRole', {
        ...access, identity, namespace: issuerDraft.namespace, serviceAccountName: issuerDraft.serviceAccountName,
      });
      this.privateCaIssuerRelease = AwsPrivateCaIssuerRelease.render(this, {
        ...withApprover,
        serviceAccount: { ...release.serviceAccount, ...this.privateCaIssuerRole.chartServiceAccount },
      });
      this.privateCaIssuerChart = this.helmChart('PrivateCaIssuerChart', this.privateCaIssuerRelease, timeout, this.privateCaIssuerRole);
      // The issuer's CRDs reference cert-manager's CertificateRequests; install it second.
      this.privateCaIssuerChart.node.addDependency(this.certManagerChart);
    }
  }

  /**
   * Applies a cdk8s chart (issuers, certificates...) to the cluster after the Helm releases, so that the CRDs and
   * the cert-manager webhook exist when it is applied.
   */
  public addCdk8sChart(id: string, chart: Construct, options?: eks.KubernetesManifestOptions): eks.KubernetesManifest {
    const manifest = this.cluster.addCdk8sChart(id, chart, options);
    manifest.node.addDependency(...this.helmReleases);
    return manifest;
  }

  private helmChart(id: string, release: HelmChartRelease, timeout: Duration, role?: IConstruct): eks.HelmChart {
    const chart = new eks.HelmChart(this, id, {
      cluster: this.cluster,
      chart: release.chart,
      repository: release.repository,
      version: release.version,
      release: release.releaseName,
      namespace: release.namespace,
      values: release.values,
      createNamespace: true,
      wait: true,
      timeout,
    });
    // Pods must start with their credentials in place (the Pod Identity association, or the role IRSA names).
    if (role) chart.node.addDependency(role);
    this.helmReleases.push(chart);
    return chart;
  }
}

function refuseRoleArn(scope: IConstruct, field: string, roleArn: string | undefined): void {
  if (roleArn !== undefined) {
    invalid(scope, field, 'is set, but EksCertManager creates that role', 'drop it, or manage the role yourself and leave out `route53` / `privateCaIssuer`');
  }
}
