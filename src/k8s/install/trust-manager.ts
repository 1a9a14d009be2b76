// trust-manager: its typed chart values, the release as plain data, and the install construct.
import { Construct, IConstruct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { CertManager } from './cert-manager';
import { HelmChartInstall, HelmChartInstallOptions, HelmChartSpec } from './helm-chart-install';
import { HelmChartRelease } from './helm-chart-release';
import { chartRelease } from './private/chart-release';
import { compact, deepMerge } from './private/plain-values';
import { renderReplicas, renderResources, renderTolerations, stringMap } from './private/render-workload';
import { WorkloadResources, WorkloadToleration } from './workload-options';
import { isDns1123Label, isDns1123Subdomain } from '../../common/names';
import { invalid } from '../../private/errors';
import { TRUST_MANAGER_VERSION } from '../../upstream';

/** Which Secrets trust-manager may write bundles into (it writes ConfigMaps only unless told). */
export interface TrustManagerSecretTargets {
  /**
   * Names of the Secrets trust-manager may write (a Bundle's Secret target has the Bundle's name).
   *
   * The chart grants it RBAC on those names only.
   * @default - no Secret by name (then `authorizeAllSecrets` must be set)
   */
  readonly authorizedSecrets?: string[];
  /**
   * Lets trust-manager write any Secret in every namespace. Broad: prefer `authorizedSecrets`.
   * @default false
   */
  readonly authorizeAllSecrets?: boolean;
}

/** Values of the trust-manager chart that operators set, typed. Anything else goes through `extraValues`. */
export interface TrustManagerValuesProps {
  /**
   * Number of replicas.
   * @default 1 (the chart's default)
   */
  readonly replicas?: number;
  /**
   * CPU and memory of the controller.
   * @default - none (the chart's default)
   */
  readonly resources?: WorkloadResources;
  /**
   * Node labels the pods must match.
   * @default - the chart's `kubernetes.io/os: linux`
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the pods.
   * @default - no tolerations (the chart's default)
   */
  readonly tolerations?: WorkloadToleration[];
  /**
   * The trust namespace: the only namespace Bundles read their source Secrets and ConfigMaps from.
   *
   * Put the CA Secrets there. A ClusterIssuer's CA Secret lives in cert-manager's cluster resource namespace,
   * `cert-manager` by default.
   * @default 'cert-manager'
   */
  readonly trustNamespace?: string;
  /**
   * Ships the default CA package (Debian's public CAs), so Bundles can use `TrustSource.defaultCas()`.
   * @default true (the chart's default)
   */
  readonly defaultCaPackage?: boolean;
  /**
   * Lets Bundles write Secret targets.
   * @default - ConfigMap targets only
   */
  readonly secretTargets?: TrustManagerSecretTargets;
  /**
   * Drops expired certificates from every bundle.
   * @default false
   */
  readonly filterExpiredCertificates?: boolean;
  /**
   * Creates a Prometheus Operator ServiceMonitor (needs its CRD in the cluster).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Further chart values, deep-merged over the rendered ones.
   *
   * Objects merge, arrays and scalars replace, and `null` removes a chart default. The result is checked against the
   * chart's values.schema.json.
   * @default - only the typed values
   */
  readonly extraValues?: { [key: string]: any };
}

/** Where trust-manager is released, besides its values. */
export interface TrustManagerReleaseOptions extends TrustManagerValuesProps {
  /**
   * Namespace to install into.
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   * @default 'trust-manager'
   */
  readonly releaseName?: string;
}

const CHART = 'trust-manager';
const VALUES_SCHEMA = `trust-manager-${TRUST_MANAGER_VERSION}/values.schema.json`;
const VALUES_YAML = `trust-manager-${TRUST_MANAGER_VERSION}/values.yaml`;

function renderSecretTargets(scope: IConstruct, targets: TrustManagerSecretTargets | undefined): any {
  if (!targets) return undefined;
  const names = targets.authorizedSecrets ?? [];
  names.forEach((name, i) => isDns1123Subdomain(name)
    || invalid(scope, `secretTargets.authorizedSecrets[${i}]`, `'${name}' is not a valid Secret name`, "use lower-case letters, digits, '-' and '.'"));
  if (names.length === 0 && !targets.authorizeAllSecrets) {
    invalid(scope, 'secretTargets', 'authorizes no Secret, so trust-manager could write none', 'list the Bundle names in authorizedSecrets, or set authorizeAllSecrets');
  }
  return { enabled: true, authorizedSecretsAll: targets.authorizeAllSecrets, authorizedSecrets: names.length > 0 ? [...names] : undefined };
}

function renderValues(scope: IConstruct, props: TrustManagerValuesProps): { [key: string]: any } {
  if (props.trustNamespace !== undefined && !isDns1123Label(props.trustNamespace)) {
    invalid(scope, 'trustNamespace', `'${props.trustNamespace}' is not a valid namespace name`, "use lower-case letters, digits and '-'");
  }
  const typed = compact({
    replicaCount: renderReplicas(scope, 'replicas', props.replicas),
    resources: renderResources(props.resources),
    nodeSelector: stringMap(scope, 'nodeSelector', props.nodeSelector),
    tolerations: renderTolerations(scope, 'tolerations', props.tolerations),
    defaultPackage: { enabled: props.defaultCaPackage },
    secretTargets: renderSecretTargets(scope, props.secretTargets),
    filterExpiredCertificates: { enabled: props.filterExpiredCertificates },
    app: {
      trust: { namespace: props.trustNamespace },
      metrics: { service: { servicemonitor: { enabled: props.serviceMonitor } } },
    },
  });
  return deepMerge(typed, props.extraValues);
}

/**
 * The trust-manager Helm release as plain data: the pinned chart (its Bundle CRD included) and checked values.
 *
 * `TrustManager` delivers it with cdk8s. Without cdk8s (e.g. `eks.HelmChart`), call `TrustManagerRelease.render`.
 */
export class TrustManagerRelease {
  /** Chart name. */
  public static readonly CHART = CHART;
  /** Chart repository. */
  public static readonly REPOSITORY = 'https://charts.jetstack.io';
  /** The pinned chart version. */
  public static readonly VERSION = TRUST_MANAGER_VERSION;
  /** The pinned chart (CRDs rendered by its templates) and the default sync wave of its installs. */
  public static readonly SPEC: HelmChartSpec = {
    chart: CHART,
    repository: TrustManagerRelease.REPOSITORY,
    version: TRUST_MANAGER_VERSION,
    repositoryName: 'jetstack',
    syncWave: ArgoCdSyncWaves.ADDONS,
    crdsInCrdsDir: false,
  };

  /**
   * Renders the typed props to the chart's values and checks them.
   *
   * `extraValues` is merged over the typed values, and the result is checked against the chart's
   * values.schema.json. A rejection throws one line naming `scope`, the value path and the fix.
   * @param scope the construct errors are reported on
   * @param options typed values and release settings
   */
  public static render(scope: IConstruct, options: TrustManagerReleaseOptions = {}): HelmChartRelease {
    return chartRelease(scope, TrustManagerRelease.SPEC, {
      namespace: options.namespace ?? 'cert-manager',
      releaseName: options.releaseName ?? 'trust-manager',
      values: renderValues(scope, options),
      valuesSchema: VALUES_SCHEMA,
      valuesYaml: VALUES_YAML,
      resources: ['resources'],
    });
  }

  private constructor() {}
}

/** Props of `TrustManager`. */
export interface TrustManagerProps extends TrustManagerReleaseOptions, HelmChartInstallOptions {
  /**
   * The cert-manager install to order after, since trust-manager's webhook certificate comes from cert-manager.
   *
   * With Flux on both, the HelmRelease depends on cert-manager's. With Argo CD, this install's wave must come after
   * cert-manager's. When both share a namespace, that namespace is created once, by cert-manager.
   * @default - not ordered against cert-manager
   */
  readonly certManager?: CertManager;
}

/**
 * Installs trust-manager with its `Bundle` CRD, delivered like `CertManager`.
 *
 * Delivery is Argo CD, Flux, `helm template` or values only. The chart is pinned (v0.24.0) and its Bundle is
 * `trust.cert-manager.io/v1alpha1`. `TrustBundle` distributes CA certificates with it.
 */
export class TrustManager extends HelmChartInstall {
  /** The namespace Bundles read their sources from. */
  public readonly trustNamespace: string;
  /** Whether the default CA package is installed (`TrustSource.defaultCas()` needs it). */
  public readonly defaultCaPackage: boolean;
  /** Whether Bundles may write Secret targets. */
  public readonly secretTargetsEnabled: boolean;
  /** Secret names trust-manager may write (empty when all are allowed or none). */
  public readonly authorizedSecrets: string[];
  /** Whether trust-manager may write any Secret. */
  public readonly authorizeAllSecrets: boolean;

  /**
   * @param scope the construct this one is added to
   * @param id the construct id
   * @param props values, release settings and delivery
   */
  constructor(scope: Construct, id: string, props: TrustManagerProps) {
    super(scope, id);
    const certManager = props.certManager;
    const release = TrustManagerRelease.render(this, props);
    // Read back from the values, so what extraValues set counts too.
    const values = release.values;
    this.trustNamespace = values.app?.trust?.namespace ?? 'cert-manager';
    this.defaultCaPackage = values.defaultPackage?.enabled ?? true;
    this.secretTargetsEnabled = values.secretTargets?.enabled === true;
    this.authorizedSecrets = [...values.secretTargets?.authorizedSecrets ?? []];
    this.authorizeAllSecrets = values.secretTargets?.authorizedSecretsAll === true;
    const sharesNamespace = certManager !== undefined && certManager.namespace === release.namespace && certManager.apiObjects.some(o => o.kind === 'Namespace');
    this.install(TrustManagerRelease.SPEC, release, { ...props, createNamespace: props.createNamespace ?? (sharesNamespace ? false : undefined) },
      certManager ? [certManager] : []);
  }
}
