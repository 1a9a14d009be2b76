import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { CERT_MANAGER_ADDON, checkAddonRelease, checkAddonVersion, PCA_CONNECTOR_ADDON, PinnedAddon } from './eks-addons';
import { BackupRestore, CertificateBackup } from '../../k8s/backup';
import {
  AwsPrivateCaIssuerRelease, AwsPrivateCaIssuerReleaseOptions, CertManagerRelease, CertManagerReleaseOptions, ExternalSecretsRelease,
  ExternalSecretsReleaseOptions, HelmChartRelease,
} from '../../k8s/install';
import { formatProblem, invalid, report } from '../../private/errors';
import { CertificateBackupStore } from '../backup/certificate-backup-store';
import { CertificateRestoreWait } from '../backup/restore-wait';
import { durationProp } from '../private/checks';
import { PrivateCaCertificateTemplate } from '../private-ca/certificate-template';
import { AwsPrivateCaIssuerOptions, AwsPrivateCaIssuerRole, CertManagerRoute53Options, CertManagerRoute53Role, WorkloadIdentity } from '../roles';

const PCA_GROUP = 'awspca.cert-manager.io';
const PCA_KINDS = ['AWSPCAClusterIssuer', 'AWSPCAIssuer'];

/** aws-eks' limit on a Helm release's timeout. */
const MAX_HELM_TIMEOUT = Duration.minutes(15);

/** How `EksCertManager` puts cert-manager and aws-privateca-issuer on the cluster. */
export enum EksCertManagerDelivery {
  /** Helm releases of the pinned charts through aws-eks' kubectl provider (`eks.HelmChart`), waiting for the pods. */
  HELM = 'HELM',
  /**
   * EKS add-ons (`eks.CfnAddon`): cert-manager as the community add-on `cert-manager`, aws-privateca-issuer as the
   * AWS add-on `aws-privateca-connector-for-kubernetes`, each configured with the same typed, checked chart values.
   * They install into their fixed namespaces (`cert-manager`, `aws-privateca-issuer`) with the charts' names.
   */
  EKS_ADDON = 'EKS_ADDON',
}

/** aws-privateca-issuer on the cluster: the CA it signs with, and its chart values. */
export interface EksPrivateCaIssuerOptions extends AwsPrivateCaIssuerOptions {
  /**
   * Values and release settings, the same as `AwsPrivateCaIssuerAddon`'s.
   * @default - chart defaults
   */
  readonly release?: AwsPrivateCaIssuerReleaseOptions;
  /**
   * With `EksCertManagerDelivery.EKS_ADDON`: the `aws-privateca-connector-for-kubernetes` build, e.g.
   * `v1.9.1-eksbuild.1` (see `aws eks describe-addon-versions`); it must carry chart v1.9.1, which the values are checked against.
   * @default - the add-on's default version for the cluster
   */
  readonly addonVersion?: string;
}

/**
 * Backups of cert-manager's Secrets with `EksCertManager`: a `CertificateBackupStore` (the Secrets Manager prefix, its
 * KMS key, the role of External Secrets Operator), and ESO installed with that role.
 */
export interface EksCertificateBackupOptions {
  /**
   * Secrets Manager name prefix the backups live under, ending in `/`, e.g. `cdk-certkit/platform/`
   * (`CertificateBackupStoreProps.prefix`).
   */
  readonly prefix: string;
  /**
   * Regions the backups are replicated to (`CertificateBackupStoreProps.replicaRegions`).
   * @default - no replicas
   */
  readonly replicaRegions?: string[];
  /**
   * External Secrets Operator's values and release. ESO is always a Helm release (`eks.HelmChart`) of the pinned
   * chart, also with `EksCertManagerDelivery.EKS_ADDON`, and its service account gets the store's role.
   * @default - chart defaults, release and namespace `external-secrets`
   */
  readonly externalSecrets?: ExternalSecretsReleaseOptions;
  /**
   * What happens to the store's KMS key when the stack is deleted. The backups are unreadable without it.
   * @default RemovalPolicy.RETAIN
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
  /**
   * How long `addBackupChart` waits for each restore (1 to 14 minutes).
   * @default Duration.minutes(5)
   */
  readonly restoreTimeout?: Duration;
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
  /**
   * cert-manager's values and release settings, the same as the cdk8s `CertManager`'s.
   * @default - chart defaults
   */
  readonly certManager?: CertManagerReleaseOptions;
  /**
   * Route53 access for DNS-01: a role for the controller's service account.
   * @default - no AWS role for cert-manager
   */
  readonly route53?: CertManagerRoute53Options;
  /**
   * Installs aws-privateca-issuer with a role for one CA.
   * @default - not installed
   */
  readonly privateCaIssuer?: EksPrivateCaIssuerOptions;
  /**
   * How long each Helm release may take. They wait for the pods, so the webhook answers before issuers are applied.
   * At most 15 minutes (aws-eks' limit).
   * @default Duration.minutes(10)
   */
  readonly helmTimeout?: Duration;
  /**
   * Helm releases or EKS add-ons. The add-ons get the same chart values (validated the same way) as their
   * configuration values; roles come through the same `identityType`, Pod Identity associations as their own resources.
   * @default EksCertManagerDelivery.HELM
   */
  readonly delivery?: EksCertManagerDelivery;
  /**
   * With `EksCertManagerDelivery.EKS_ADDON`: the `cert-manager` add-on build, e.g. `v1.21.1-eksbuild.1`; it must
   * carry cert-manager v1.21.1, which the values are checked against.
   * @default - the add-on's default version for the cluster
   */
  readonly certManagerAddonVersion?: string;
  /**
   * Backs cert-manager's Secrets up to AWS Secrets Manager: creates a `CertificateBackupStore` with the same
   * `identityType` and installs External Secrets Operator with its role. Then `addBackupChart` applies a
   * `CertificateBackup` and waits for its restores, and every later `addCdk8sChart` waits for them.
   * @default - no backup
   */
  readonly backup?: EksCertificateBackupOptions;
}

/**
 * cert-manager on EKS: the pinned Helm charts (cert-manager, optionally aws-privateca-issuer) through
 * `eks.HelmChart`, or as EKS add-ons (`delivery: EksCertManagerDelivery.EKS_ADDON`), with the same typed values as
 * the cdk8s constructs, least-privilege roles for their service accounts, and `addCdk8sChart` to apply issuers and
 * certificates after the installs (so the CRDs exist).
 *
 * With `backup`, it also creates a `CertificateBackupStore` and installs External Secrets Operator with its role;
 * `addBackupChart` then applies a `CertificateBackup` and waits for its restores before every later chart.
 */
export class EksCertManager extends Construct {
  /** The cluster. */
  public readonly cluster: eks.ICluster;
  /** The cert-manager release as rendered (chart, version, namespace, values). */
  public readonly certManagerRelease: HelmChartRelease;
  /** How cert-manager and aws-privateca-issuer are delivered. */
  public readonly delivery: EksCertManagerDelivery;
  /**
   * The cert-manager Helm release in the cluster.
   * @default - undefined with EKS add-on delivery
   */
  public readonly certManagerChart?: eks.HelmChart;
  /**
   * The cert-manager EKS add-on.
   * @default - undefined with Helm delivery
   */
  public readonly certManagerAddon?: eks.CfnAddon;
  /**
   * The controller's Route53 role.
   * @default - undefined without `route53`
   */
  public readonly route53Role?: CertManagerRoute53Role;
  /**
   * The aws-privateca-issuer release as rendered.
   * @default - undefined without `privateCaIssuer`
   */
  public readonly privateCaIssuerRelease?: HelmChartRelease;
  /**
   * The aws-privateca-issuer Helm release.
   * @default - undefined without `privateCaIssuer`, or with EKS add-on delivery
   */
  public readonly privateCaIssuerChart?: eks.HelmChart;
  /**
   * The `aws-privateca-connector-for-kubernetes` EKS add-on.
   * @default - undefined without `privateCaIssuer`, or with Helm delivery
   */
  public readonly privateCaIssuerAddon?: eks.CfnAddon;
  /**
   * aws-privateca-issuer's role.
   * @default - undefined without `privateCaIssuer`
   */
  public readonly privateCaIssuerRole?: AwsPrivateCaIssuerRole;
  /**
   * Where the backups live, and ESO's role. Give its `location` to the `CertificateBackup`.
   * @default - undefined without `backup`
   */
  public readonly backupStore?: CertificateBackupStore;
  /**
   * The External Secrets Operator release as rendered.
   * @default - undefined without `backup`
   */
  public readonly externalSecretsRelease?: HelmChartRelease;
  /**
   * The External Secrets Operator Helm release.
   * @default - undefined without `backup`
   */
  public readonly externalSecretsChart?: eks.HelmChart;
  private readonly installs: IConstruct[] = [];
  /** What `addCdk8sChart` applied, in order. */
  private readonly charts: { readonly id: string; readonly chart: Construct }[] = [];
  /** The restore waits of `addBackupChart`: every later chart waits for them. */
  private readonly restoreWaits: CertificateRestoreWait[] = [];
  private readonly backupIds = new Set<string>();
  private readonly manifests: eks.KubernetesManifest[] = [];
  private readonly restoreTimeout?: Duration;

  /**
   * @param scope the stack or construct the installs belong to
   * @param id the construct id, unique within `scope`
   * @param props the cluster, the identity type, and what to install with which values
   */
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
    this.delivery = props.delivery ?? EksCertManagerDelivery.HELM;
    if (!Object.values(EksCertManagerDelivery).includes(this.delivery)) {
      invalid(this, 'delivery', `'${this.delivery}' is not an EksCertManagerDelivery`, 'use EksCertManagerDelivery.HELM or EksCertManagerDelivery.EKS_ADDON');
    }
    const addons = this.delivery === EksCertManagerDelivery.EKS_ADDON;
    const timeout = durationProp(this, 'helmTimeout', props.helmTimeout, Duration.minutes(10));
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_HELM_TIMEOUT.toSeconds()) {
      invalid(this, 'helmTimeout', `${timeout.toHumanString()} is out of range`, 'use 1 second to 15 minutes (aws-eks runs Helm in a Lambda function)');
    }

    // Rendered once for the namespace and service account name the role must trust, then with the role.
    const certManager = props.certManager ?? {};
    const draft = CertManagerRelease.render(this, certManager);
    if (addons) checkAddonRelease(this, 'certManager', CERT_MANAGER_ADDON, draft);
    if (!addons && props.certManagerAddonVersion !== undefined) {
      report(this, 'certManagerAddonVersion', 'is set, but cert-manager is delivered as a Helm release', 'drop it, or set delivery: EksCertManagerDelivery.EKS_ADDON');
    }
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
    if (addons) {
      this.certManagerAddon = this.addon('CertManagerAddon', CERT_MANAGER_ADDON, this.certManagerRelease,
        checkAddonVersion(this, 'certManagerAddonVersion', CERT_MANAGER_ADDON, props.certManagerAddonVersion), this.route53Role);
    } else {
      this.certManagerChart = this.helmChart('CertManagerChart', this.certManagerRelease, timeout, this.route53Role);
    }
    const certManagerInstall: IConstruct = this.certManagerAddon ?? this.certManagerChart!;

    if (props.privateCaIssuer) {
      const { release = {}, addonVersion, ...access } = props.privateCaIssuer;
      refuseRoleArn(this, 'privateCaIssuer.release.serviceAccount.roleArn', release.serviceAccount?.roleArn);
      // cert-manager's controller approves the issuer's CertificateRequests, so the chart must name it.
      const withApprover = {
        ...release,
        approverServiceAccountName: release.approverServiceAccountName ?? this.certManagerRelease.serviceAccountName,
        approverNamespace: release.approverNamespace ?? this.certManagerRelease.namespace,
      };
      const issuerDraft = AwsPrivateCaIssuerRelease.render(this, withApprover);
      if (addons) checkAddonRelease(this, 'privateCaIssuer.release', PCA_CONNECTOR_ADDON, issuerDraft);
      this.privateCaIssuerRole = new AwsPrivateCaIssuerRole(this, 'PrivateCaIssuerRole', {
        ...access, identity, namespace: issuerDraft.namespace, serviceAccountName: issuerDraft.serviceAccountName,
      });
      this.privateCaIssuerRelease = AwsPrivateCaIssuerRelease.render(this, {
        ...withApprover,
        serviceAccount: { ...release.serviceAccount, ...this.privateCaIssuerRole.chartServiceAccount },
      });
      if (addons) {
        this.privateCaIssuerAddon = this.addon('PrivateCaIssuerAddon', PCA_CONNECTOR_ADDON, this.privateCaIssuerRelease,
          checkAddonVersion(this, 'privateCaIssuer.addonVersion', PCA_CONNECTOR_ADDON, addonVersion), this.privateCaIssuerRole);
      } else {
        if (addonVersion !== undefined) {
          report(this, 'privateCaIssuer.addonVersion', 'is set, but aws-privateca-issuer is delivered as a Helm release', 'drop it, or set delivery: EksCertManagerDelivery.EKS_ADDON');
        }
        this.privateCaIssuerChart = this.helmChart('PrivateCaIssuerChart', this.privateCaIssuerRelease, timeout, this.privateCaIssuerRole);
      }
      // The issuer's CRDs reference cert-manager's CertificateRequests (the add-on requires cert-manager's); install it second.
      (this.privateCaIssuerAddon ?? this.privateCaIssuerChart!).node.addDependency(certManagerInstall);
    }

    if (props.backup) {
      const { prefix, replicaRegions, externalSecrets = {}, keyRemovalPolicy, restoreTimeout } = props.backup;
      refuseRoleArn(this, 'backup.externalSecrets.serviceAccount.roleArn', externalSecrets.serviceAccount?.roleArn);
      // Rendered once for the service account the role must trust, then with the role (as for cert-manager).
      const esoDraft = ExternalSecretsRelease.render(this, externalSecrets);
      this.backupStore = new CertificateBackupStore(this, 'BackupStore', {
        identity, prefix, replicaRegions, keyRemovalPolicy, namespace: esoDraft.namespace, serviceAccountName: esoDraft.serviceAccountName,
      });
      this.externalSecretsRelease = ExternalSecretsRelease.render(this, {
        ...externalSecrets,
        serviceAccount: { ...externalSecrets.serviceAccount, ...this.backupStore.role.chartServiceAccount },
      });
      // No EKS add-on carries the pinned ESO chart: a Helm release with either delivery.
      this.externalSecretsChart = this.helmChart('ExternalSecretsChart', this.externalSecretsRelease, timeout, this.backupStore.role);
      this.restoreTimeout = restoreTimeout;
    }
  }

  /**
   * Applies the chart of a `CertificateBackup` after the installs, then waits for its restores.
   *
   * The wait (`CertificateRestoreWait`) lasts until External Secrets Operator has handled each restore; every chart
   * added with `addCdk8sChart` afterwards is applied only then, so cert-manager finds the restored Secrets and adopts them instead of issuing again.
   *
   * Needs the `backup` prop. Build the backup with `location: backupStore.location` and
   * `ordering: RestoreOrdering.SEPARATE_APPLY`, in a chart without the Certificates and issuers it backs up (those
   * go into a later `addCdk8sChart`), and give it every Certificate before calling this. Charts added before
   * (e.g. the namespaces the restores write into) are applied before the backup.
   *
   * @param id the manifest's construct ID
   * @param chart the cdk8s chart holding `backup`
   * @param backup the `CertificateBackup` whose restores are waited for
   * @param options options of the manifest, as for `addCdk8sChart`
   */
  public addBackupChart(id: string, chart: Construct, backup: CertificateBackup, options?: eks.KubernetesManifestOptions): eks.KubernetesManifest {
    const field = `addBackupChart('${id}')`;
    const store = this.backupStore;
    if (!store) invalid(this, field, 'is called, but EksCertManager has no `backup`, so nothing installs External Secrets Operator or gives it a role', 'set backup: { prefix: \'<prefix>/\' } on EksCertManager');
    if (this.backupIds.has(id)) invalid(this, field, 'is called twice with the same id', 'give each backup chart its own id');
    this.backupIds.add(id);
    this.checkBackup(id, chart, backup, store);
    const manifest = this.cluster.addCdk8sChart(id, chart, options);
    // After the installs (ESO's CRDs), and after the charts added so far (e.g. the namespaces the restores write into).
    manifest.node.addDependency(...this.installs, ...this.restoreWaits);
    for (const earlier of this.manifests) manifest.node.addDependency(earlier);
    const restores = [...backup.restores];
    const wait = new CertificateRestoreWait(this, `${id}RestoreWait`, { cluster: this.cluster, restores, after: manifest, timeout: this.restoreTimeout });
    this.restoreWaits.push(wait);
    this.manifests.push(manifest);
    // The manifest and the waits hold what the backup had now; a Certificate added later would be neither applied nor awaited.
    this.node.addValidation({
      validate: () => (backup.restores.length > restores.length
        ? [formatProblem(field, `was called before ${backup.node.path} got ${backup.restores.length - restores.length} more Secret(s) to back up, which are neither applied nor waited for`,
          'give the CertificateBackup every Certificate (certificates, scopes or addCertificate) before calling addBackupChart')]
        : []),
    });
    return manifest;
  }

  /** What makes `addBackupChart` unable to order the restores before cert-manager sees the Certificates. */
  private checkBackup(id: string, chart: Construct, backup: CertificateBackup, store: CertificateBackupStore): void {
    const field = `addBackupChart('${id}')`;
    if (!chart.node.findAll().includes(backup)) {
      report(this, field, `is given ${backup.node.path}, which is not in chart ${chart.node.path}, so its objects would not be applied`, 'pass the chart that holds the CertificateBackup');
    }
    // Only RestoreOrdering.ARGO_CD_SYNC_WAVES annotates the store with a wave; kubectl ignores waves.
    if (backup.store.metadata.toJson().annotations?.['argocd.argoproj.io/sync-wave'] !== undefined) {
      report(this, field, `is given ${backup.node.path}, which orders its restores with Argo CD sync waves, which kubectl ignores`,
        'build the CertificateBackup with ordering: RestoreOrdering.SEPARATE_APPLY');
    }
    const known = (value: string) => !Token.isUnresolved(value);
    const outside = backup.restores.find(r => known(r.secretsManagerName) && known(store.prefix) && !r.secretsManagerName.startsWith(store.prefix));
    if (outside) {
      report(this, field, `is given ${backup.node.path}, which backs Secret ${outside.namespace}/${outside.secretName} up to '${outside.secretsManagerName}', outside the store's prefix '${store.prefix}', where ESO's role has no access`,
        'build the CertificateBackup with location: certManager.backupStore.location');
    }
    // A chart applied before the backup would reach cert-manager before its Secrets are restored.
    for (const earlier of this.charts) {
      const owner = restoredOwner(earlier.chart, backup.restores);
      if (owner) {
        report(this, field, `comes after addCdk8sChart('${earlier.id}'), whose ${owner} needs a Secret the backup restores, so cert-manager could issue it again before the restore`,
          `add chart '${earlier.id}' after addBackupChart('${id}'), leaving in it only what the backup needs first (e.g. namespaces)`);
      }
    }
  }

  /**
   * Applies a cdk8s chart (issuers, certificates...) to the cluster after the Helm releases, so that the CRDs and
   * the cert-manager webhook exist when it is applied, and after the restores of every `addBackupChart` before it.
   *
   * @param id the manifest's construct ID
   * @param chart the cdk8s chart to apply
   * @param options options of the manifest
   */
  public addCdk8sChart(id: string, chart: Construct, options?: eks.KubernetesManifestOptions): eks.KubernetesManifest {
    this.checkPrivateCaTemplates(id, chart);
    const manifest = this.cluster.addCdk8sChart(id, chart, options);
    manifest.node.addDependency(...this.installs, ...this.restoreWaits);
    this.charts.push({ id, chart });
    this.manifests.push(manifest);
    return manifest;
  }

  /**
   * The Certificates of `chart` signed by aws-privateca-issuer must get a template the issuer's role may use
   * (`acm-pca:TemplateArn`), or IssueCertificate is denied; an issuer's default template must give them their usages.
   */
  private checkPrivateCaTemplates(id: string, chart: Construct): void {
    const objects = chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map(o => o.toJson());
    const issuers = objects.filter(o => o?.apiVersion?.startsWith(`${PCA_GROUP}/`) && PCA_KINDS.includes(o.kind));
    const allowed = this.privateCaIssuerRole?.templateArn;
    const allowedName = allowed !== undefined && !Token.isUnresolved(allowed) ? allowed.split(':template/')[1] : undefined;
    for (const cert of objects.filter(o => o?.apiVersion === 'cert-manager.io/v1' && o.kind === 'Certificate')) {
      const ref = cert.spec?.issuerRef ?? {};
      if (ref.group !== PCA_GROUP) continue;
      const issuer = issuers.find(i => i.kind === ref.kind && i.metadata?.name === ref.name
        && (ref.kind === 'AWSPCAClusterIssuer' || i.metadata?.namespace === cert.metadata?.namespace));
      const field = `addCdk8sChart('${id}') Certificate ${cert.metadata?.namespace ?? '(no namespace)'}/${cert.metadata?.name}`;
      const usages: string[] | undefined = cert.spec?.usages;
      const isCa: boolean = cert.spec?.isCA === true;
      const defaultTemplate: string | undefined = issuer?.spec?.pcaTemplate?.defaultTemplateName;
      const template = defaultTemplate ?? PrivateCaCertificateTemplate.forUsages(usages, isCa);
      const mismatch = defaultTemplate !== undefined ? PrivateCaCertificateTemplate.mismatch(defaultTemplate, usages, isCa) : undefined;
      if (mismatch) {
        report(this, field, `is issued from its issuer's default template: ${mismatch}`,
          `give the Certificate usages the template writes, or drop the issuer's template so aws-privateca-issuer picks ${PrivateCaCertificateTemplate.forUsages(usages, isCa)}`);
      }
      // An issuer that assumes another role (cross-account) is allowed what that role allows, not this one.
      if (allowedName !== undefined && !issuer?.spec?.role && template !== allowedName) {
        const how = defaultTemplate !== undefined ? 'its issuer\'s default template' : `its usages (${usages?.join(', ') ?? "cert-manager's default"})`;
        report(this, field, `makes aws-privateca-issuer request ${template} (from ${how}), but privateCaIssuer.templateArn allows only ${allowedName}, so AWS Private CA denies IssueCertificate`,
          `set privateCaIssuer.templateArn to arn:<partition>:acm-pca:::template/${template}, or give the issuer template '${allowedName}' (AwsPrivateCaIssuerRole.issuerProps() does) with usages it writes`);
      }
    }
  }

  /** An EKS add-on configured with the release's values; it waits for the role (and its Pod Identity association). */
  private addon(id: string, pinned: PinnedAddon, release: HelmChartRelease, addonVersion: string | undefined, role?: IConstruct): eks.CfnAddon {
    const values = release.values;
    const addon = new eks.CfnAddon(this, id, {
      clusterName: this.cluster.clusterName,
      addonName: pinned.addonName,
      addonVersion,
      // Tokens (a role ARN for IRSA) are resolved inside the JSON text at deploy time.
      configurationValues: Object.keys(values).length > 0 ? Stack.of(this).toJsonString(values) : undefined,
      // The add-on owns these objects: an earlier Helm install of the same chart is taken over, not a conflict.
      resolveConflicts: 'OVERWRITE',
    });
    if (role) addon.node.addDependency(role);
    this.installs.push(addon);
    return addon;
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
    this.installs.push(chart);
    return chart;
  }
}

/** The first cert-manager object of `chart` whose Secret one of `restores` writes (a Certificate, or an ACME issuer's account key). */
function restoredOwner(chart: Construct, restores: BackupRestore[]): string | undefined {
  for (const obj of chart.node.findAll().filter(ApiObject.isApiObject)) {
    if (obj.apiGroup !== 'cert-manager.io') continue;
    const json = obj.toJson();
    const namespace: string | undefined = json.metadata?.namespace;
    const secret: string | undefined = obj.kind === 'Certificate' ? json.spec?.secretName
      : ['Issuer', 'ClusterIssuer'].includes(obj.kind) ? json.spec?.acme?.privateKeySecretRef?.name : undefined;
    if (secret === undefined) continue;
    // A ClusterIssuer's account key lives in the cluster resource namespace: match it by name alone.
    const hit = restores.some(r => r.secretName === secret && (obj.kind === 'ClusterIssuer' || r.namespace === (namespace ?? 'default')));
    if (hit) return `${obj.kind} ${namespace ? `${namespace}/` : ''}${json.metadata?.name}`;
  }
  return undefined;
}

function refuseRoleArn(scope: IConstruct, field: string, roleArn: string | undefined): void {
  if (roleArn !== undefined) {
    invalid(scope, field, 'is set, but EksCertManager creates that role', 'drop it, or manage the role yourself and leave out `route53` / `privateCaIssuer`');
  }
}
