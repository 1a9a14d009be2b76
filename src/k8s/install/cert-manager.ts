// cert-manager: its typed chart values, the release as plain data, and the install construct.
import { IConstruct, Construct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { HelmChartInstall, HelmChartInstallOptions, HelmChartSpec } from './helm-chart-install';
import { HelmChartRelease } from './helm-chart-release';
import { chartRelease } from './private/chart-release';
import { compact, deepMerge } from './private/plain-values';
import {
  assertBudgetAllowsDrain, renderDisruptionBudget, renderFeatureGates, renderReplicas, renderResources,
  renderServiceAccountAnnotations, renderTolerations, stringMap,
} from './private/render-workload';
import { checkNodeSelector, checkResourceQuantities, ValueSource } from './private/values-checks';
import { WorkloadDisruptionBudget, WorkloadResources, WorkloadServiceAccount, WorkloadToleration } from './workload-options';
import { isDns1123Label } from '../../common/names';
import { report } from '../../private/errors';
import { CERT_MANAGER_VERSION } from '../../upstream';
import { disableWebhookFeatureGates, parseFeatureGates } from '../private/rendered-validation';

/** Settings of one cert-manager component: the controller, the webhook or the cainjector. */
export interface CertManagerComponentOptions {
  /** Number of replicas. @default - 1, or 2 (3 for the webhook) with `highAvailability` */
  readonly replicas?: number;
  /** A PodDisruptionBudget for the component. Giving one turns it on. @default - none, or `minAvailable: 1` with `highAvailability` */
  readonly podDisruptionBudget?: WorkloadDisruptionBudget;
  /** CPU and memory, as Kubernetes quantities (`100m`, `64Mi`). @default - the chart's default (none) */
  readonly resources?: WorkloadResources;
  /**
   * Node labels the pods must match, merged with `kubernetes.io/os: linux` and the top-level `nodeSelector`; keys
   * and values as Kubernetes label keys and values.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /** Tolerations of the pods. @default - the top-level `tolerations` */
  readonly tolerations?: WorkloadToleration[];
  /** Extra command-line flags, e.g. `--enable-certificate-owner-ref`. @default - none */
  readonly extraArgs?: string[];
  /** Feature gates by name, rendered as `Name=true,Other=false`. @default - the binary's defaults */
  readonly featureGates?: { [gate: string]: boolean };
  /** The component's service account (for the controller: the identity that calls Route 53 or other DNS APIs). @default - created by the chart, no annotations */
  readonly serviceAccount?: WorkloadServiceAccount;
}

/** A Prometheus Operator ServiceMonitor for cert-manager's metrics. */
export interface CertManagerServiceMonitorOptions {
  /** Labels on the ServiceMonitor, e.g. `{ release: 'kube-prometheus-stack' }` so Prometheus selects it. @default - none */
  readonly labels?: { [key: string]: string };
  /** Scrape interval. @default '60s' */
  readonly interval?: string;
  /** Scrape timeout. @default '30s' */
  readonly scrapeTimeout?: string;
  /** Namespace of the ServiceMonitor. @default - the release namespace */
  readonly namespace?: string;
  /** Value of the `prometheus` label that selects the Prometheus instance. @default 'default' */
  readonly prometheusInstance?: string;
}

/** Values of the cert-manager chart that operators set, typed. Anything else goes through `extraValues`. */
export interface CertManagerValuesProps {
  /** Install the CRDs with the chart (`crds.enabled`). @default true */
  readonly installCrds?: boolean;
  /** Keep the CRDs, and with them every Certificate, when the release is uninstalled (`crds.keep`). @default true */
  readonly keepCrds?: boolean;
  /**
   * Runs every component highly available: 2 controllers, 3 webhooks, 2 cainjectors, each with a
   * PodDisruptionBudget of `minAvailable: 1`. Component settings override this.
   * @default false
   */
  readonly highAvailability?: boolean;
  /** The controller, which issues and renews certificates. @default - chart defaults */
  readonly controller?: CertManagerComponentOptions;
  /** The admission webhook. @default - chart defaults */
  readonly webhook?: CertManagerComponentOptions;
  /** The CA injector. @default - chart defaults */
  readonly cainjector?: CertManagerComponentOptions;
  /** Node labels every cert-manager pod must match (`global.nodeSelector`); label keys and values. @default - none */
  readonly nodeSelector?: { [key: string]: string };
  /** Tolerations of every cert-manager pod, unless a component sets its own. @default - none */
  readonly tolerations?: WorkloadToleration[];
  /**
   * Recursive nameservers for DNS-01 self-checks, as `host:port` or DoH `https://` URLs
   * (e.g. public resolvers when the cluster's resolver answers for a private zone of the same name).
   * @default - the resolvers in the controller's /etc/resolv.conf
   */
  readonly dns01RecursiveNameservers?: string[];
  /**
   * Use only `dns01RecursiveNameservers` for DNS-01 self-checks, never the authoritative servers. Needs
   * `dns01RecursiveNameservers` (true without them is refused).
   * @default false
   */
  readonly dns01RecursiveNameserversOnly?: boolean;
  /** Namespace where ClusterIssuers look for their Secrets (`clusterResourceNamespace`). @default - the release namespace */
  readonly clusterResourceNamespace?: string;
  /** Give certificate Secrets an owner reference, so they are deleted with their Certificate. @default false */
  readonly enableCertificateOwnerRef?: boolean;
  /** Log verbosity, a whole number from 0 to 6, 6 the most verbose (`global.logLevel`; the chart's documented range). @default 2 */
  readonly logLevel?: number;
  /** Namespace for leader election leases (`global.leaderElection.namespace`), e.g. on GKE Autopilot. @default 'kube-system' */
  readonly leaderElectionNamespace?: string;
  /** Creates a Prometheus Operator ServiceMonitor (needs its CRD in the cluster). @default - no ServiceMonitor */
  readonly serviceMonitor?: CertManagerServiceMonitorOptions;
  /**
   * Further chart values, deep-merged over the rendered ones (objects merge, arrays and scalars replace,
   * `null` removes a chart default). Checked against the chart's values.schema.json like everything else.
   * @default - none
   */
  readonly extraValues?: { [key: string]: any };
}

/** Where cert-manager is released, besides its values. */
export interface CertManagerReleaseOptions extends CertManagerValuesProps {
  /** Namespace to install into. @default 'cert-manager' */
  readonly namespace?: string;
  /** Helm release name (the chart's object names derive from it). @default 'cert-manager' */
  readonly releaseName?: string;
}

// cert-manager's recommendation for high availability: https://cert-manager.io/docs/installation/best-practice/
const HA_REPLICAS = { controller: 2, webhook: 3, cainjector: 2 };
const NAMESERVER = /^(https:\/\/\S+|\[[0-9A-Fa-f:.]+\]:[0-9]{1,5}|[A-Za-z0-9.-]+:[0-9]{1,5})$/;
/** `global.logLevel`: "A range of 0 - 6, with 6 being the most verbose" (the chart's values.yaml and schema). */
const MAX_LOG_LEVEL = 6;

function renderComponent(scope: IConstruct, field: string, options: CertManagerComponentOptions | undefined,
  shared: CertManagerValuesProps, haReplicas: number) {
  const replicas = renderReplicas(scope, `${field}.replicas`, options?.replicas) ?? (shared.highAvailability ? haReplicas : undefined);
  const budget = options?.podDisruptionBudget ?? (shared.highAvailability ? { minAvailable: 1 } : undefined);
  const rendered = budget && renderDisruptionBudget(scope, `${field}.podDisruptionBudget`, budget);
  // With neither limit set the chart renders minAvailable: 1.
  if (rendered) {
    const effective = rendered.maxUnavailable === undefined ? { minAvailable: rendered.minAvailable ?? 1 } : rendered;
    assertBudgetAllowsDrain(scope, `${field}.podDisruptionBudget`, effective, replicas ?? 1);
  }
  return {
    replicaCount: replicas,
    podDisruptionBudget: rendered && { enabled: true, ...rendered },
    resources: renderResources(options?.resources),
    nodeSelector: stringMap(scope, `${field}.nodeSelector`, options?.nodeSelector),
    tolerations: renderTolerations(scope, options?.tolerations ? `${field}.tolerations` : 'tolerations', options?.tolerations ?? shared.tolerations),
    extraArgs: options?.extraArgs,
    featureGates: renderFeatureGates(scope, `${field}.featureGates`, options?.featureGates),
    serviceAccount: { name: options?.serviceAccount?.name, annotations: renderServiceAccountAnnotations(scope, `${field}.serviceAccount`, options?.serviceAccount) },
  };
}

function renderNameservers(scope: IConstruct, nameservers: string[] | undefined): string | undefined {
  nameservers?.forEach((server, i) => {
    if (!NAMESERVER.test(server)) report(scope, `dns01RecursiveNameservers[${i}]`, `'${server}' is not host:port or an https:// URL`, 'write it like 8.8.8.8:53 or https://1.1.1.1/dns-query');
  });
  return nameservers?.join(',');
}

function renderServiceMonitor(scope: IConstruct, monitor: CertManagerServiceMonitorOptions | undefined): any {
  if (!monitor) return undefined;
  return {
    enabled: true,
    servicemonitor: {
      enabled: true,
      labels: stringMap(scope, 'serviceMonitor.labels', monitor.labels),
      interval: monitor.interval,
      scrapeTimeout: monitor.scrapeTimeout,
      namespace: monitor.namespace,
      prometheusInstance: monitor.prometheusInstance,
    },
  };
}

function renderValues(scope: IConstruct, props: CertManagerValuesProps): { [key: string]: any } {
  if (props.clusterResourceNamespace !== undefined && !isDns1123Label(props.clusterResourceNamespace)) {
    report(scope, 'clusterResourceNamespace', `'${props.clusterResourceNamespace}' is not a valid namespace name`, 'use lower-case letters, digits and \'-\'');
  }
  const { replicaCount, podDisruptionBudget, resources, nodeSelector, tolerations, extraArgs, featureGates, serviceAccount } =
    renderComponent(scope, 'controller', props.controller, props, HA_REPLICAS.controller);
  const typed = compact({
    crds: { enabled: props.installCrds ?? true, keep: props.keepCrds ?? true },
    global: {
      nodeSelector: stringMap(scope, 'nodeSelector', props.nodeSelector),
      logLevel: props.logLevel,
      leaderElection: { namespace: props.leaderElectionNamespace },
    },
    replicaCount,
    podDisruptionBudget,
    resources,
    nodeSelector,
    tolerations,
    extraArgs,
    featureGates,
    serviceAccount,
    dns01RecursiveNameservers: renderNameservers(scope, props.dns01RecursiveNameservers),
    dns01RecursiveNameserversOnly: props.dns01RecursiveNameserversOnly,
    clusterResourceNamespace: props.clusterResourceNamespace,
    enableCertificateOwnerRef: props.enableCertificateOwnerRef,
    prometheus: renderServiceMonitor(scope, props.serviceMonitor),
    webhook: renderComponent(scope, 'webhook', props.webhook, props, HA_REPLICAS.webhook),
    cainjector: renderComponent(scope, 'cainjector', props.cainjector, props, HA_REPLICAS.cainjector),
    startupapicheck: { tolerations: renderTolerations(scope, 'tolerations', props.tolerations) },
  });
  const values = deepMerge(typed, props.extraValues);
  checkValues(scope, values, new ValueSource(props.extraValues));
  return values;
}

/** What the chart's schema leaves unchecked, on the merged values (typed props and extraValues alike). */
function checkValues(scope: IConstruct, values: { [key: string]: any }, source: ValueSource): void {
  const logLevel = values.global?.logLevel;
  if (typeof logLevel === 'number' && !(Number.isInteger(logLevel) && logLevel >= 0 && logLevel <= MAX_LOG_LEVEL)) {
    report(scope, source.field(['global', 'logLevel'], 'logLevel'), `is ${logLevel}, outside the chart's range 0-${MAX_LOG_LEVEL}`,
      'use a whole number from 0 to 6: 2 is the default, 4 debugs issuance, 6 logs every request');
  }
  const nameservers = values.dns01RecursiveNameservers;
  if (values.dns01RecursiveNameserversOnly === true && (typeof nameservers !== 'string' || nameservers.trim() === '')) {
    report(scope, source.field(['dns01RecursiveNameserversOnly'], 'dns01RecursiveNameserversOnly'),
      'is true but no dns01RecursiveNameservers are given, so the DNS-01 self-check has no nameserver of its own to ask',
      "list the resolvers in dns01RecursiveNameservers, e.g. ['8.8.8.8:53', '1.1.1.1:53'], or drop dns01RecursiveNameserversOnly");
  }
  for (const [path, prop] of [[[], 'controller'], [['webhook'], 'webhook'], [['cainjector'], 'cainjector'], [['startupapicheck'], undefined]] as const) {
    checkResourceQuantities(scope, values, [...path, 'resources'], prop && `${prop}.resources`, source);
    checkNodeSelector(scope, values, [...path, 'nodeSelector'], prop && `${prop}.nodeSelector`, source);
  }
  checkNodeSelector(scope, values, ['global', 'nodeSelector'], 'nodeSelector', source);
}

/**
 * The cert-manager Helm release as plain data: the pinned chart and validated values. `CertManager` delivers it
 * with cdk8s; without cdk8s (e.g. `eks.HelmChart` in aws-cdk-lib), call `CertManagerRelease.render`.
 */
export class CertManagerRelease {
  /** Chart name. */
  public static readonly CHART = 'cert-manager';
  /** Chart repository. */
  public static readonly REPOSITORY = 'https://charts.jetstack.io';
  /** The pinned chart version. */
  public static readonly VERSION = CERT_MANAGER_VERSION;
  /** The pinned chart and the default sync wave of its installs. */
  public static readonly SPEC: HelmChartSpec = {
    chart: CertManagerRelease.CHART,
    repository: CertManagerRelease.REPOSITORY,
    version: CertManagerRelease.VERSION,
    repositoryName: 'jetstack',
    syncWave: ArgoCdSyncWaves.CERT_MANAGER,
  };

  /**
   * Renders the typed props to the chart's values, validated against the chart's schema.
   *
   * `extraValues` are merged in before the check against the chart's `values.schema.json`; a rejection throws one
   * line naming `scope`, the value path and the fix.
   * @param scope the construct that errors name
   * @param options the typed values and `extraValues`
   */
  public static render(scope: IConstruct, options: CertManagerReleaseOptions = {}): HelmChartRelease {
    return chartRelease(scope, CertManagerRelease.SPEC, {
      namespace: options.namespace ?? 'cert-manager',
      releaseName: options.releaseName ?? 'cert-manager',
      values: renderValues(scope, options),
      valuesSchema: `cert-manager-${CERT_MANAGER_VERSION}/values.schema.json`,
      // The chart's default resources are empty, so the values are what the pods get.
      resources: ['resources', 'webhook.resources', 'cainjector.resources', 'startupapicheck.resources'],
    });
  }

  private constructor() {}
}

/** Props of `CertManager`. */
export interface CertManagerProps extends CertManagerReleaseOptions, HelmChartInstallOptions {}

/**
 * Installs cert-manager (the pinned chart, CRDs included) into a namespace, delivered through Argo CD, Flux,
 * `helm template`, or not at all (values only). The values are validated against the chart's schema at synth.
 * Webhook feature gates it turns off (`webhook.featureGates`) also apply to the synth-time checks of the app's
 * Certificates.
 */
export class CertManager extends HelmChartInstall {
  /**
   * @param scope the chart or construct the install belongs to
   * @param id the construct id, unique within `scope`
   * @param props the namespace, delivery and values of the install
   */
  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    this.install(CertManagerRelease.SPEC, CertManagerRelease.render(this, props), props);
    // Certificates of this app are checked against the webhook gates this install turns off.
    const gatesOff = parseFeatureGates(this.values.webhook?.featureGates);
    if (gatesOff.size > 0) disableWebhookFeatureGates(this, gatesOff);
  }
}
