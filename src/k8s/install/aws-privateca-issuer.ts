// aws-privateca-issuer: its typed chart values, the release as plain data, and the install construct.
import { IConstruct, Construct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { CertManager } from './cert-manager';
import { HelmChartInstall, HelmChartInstallOptions, HelmChartSpec } from './helm-chart-install';
import { HelmChartRelease } from './helm-chart-release';
import { chartRelease } from './private/chart-release';
import { compact, deepMerge } from './private/plain-values';
import {
  assertBudgetAllowsDrain, renderDisruptionBudget, renderReplicas, renderResources,
  renderServiceAccountAnnotations, renderTolerations, stringMap,
} from './private/render-workload';
import { WorkloadDisruptionBudget, WorkloadResources, WorkloadServiceAccount, WorkloadToleration } from './workload-options';
import { PCA_ISSUER_VERSION } from '../../upstream';

/**
 * Values of the aws-privateca-issuer chart that operators set, typed.
 *
 * Anything else goes through `extraValues`.
 */
export interface AwsPrivateCaIssuerValuesProps {
  /**
   * Number of replicas.
   * @default 2 (the chart's default)
   */
  readonly replicas?: number;
  /**
   * The PodDisruptionBudget, with one of its limits set.
   * @default - the chart's `maxUnavailable: 1`
   */
  readonly podDisruptionBudget?: WorkloadDisruptionBudget;
  /**
   * CPU and memory, replacing all four chart defaults (a field left unset is neither requested nor limited).
   * @default - the chart's 50m CPU and 64Mi memory, requested and limited
   */
  readonly resources?: WorkloadResources;
  /**
   * Node labels the pods must match.
   * @default - none (the chart's affinity keeps them on linux amd64/arm64 nodes)
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the pods.
   * @default - none
   */
  readonly tolerations?: WorkloadToleration[];
  /**
   * The issuer's service account: the identity that calls AWS Private CA (`acm-pca:IssueCertificate`,
   * `GetCertificate`, `DescribeCertificateAuthority`), e.g. through `roleArn` for IRSA.
   * @default - created by the chart, no annotations
   */
  readonly serviceAccount?: WorkloadServiceAccount;
  /**
   * Creates a Prometheus Operator ServiceMonitor (needs its CRD in the cluster).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Service account of the cert-manager controller, which gets the right to approve awspca requests.
   * @default 'cert-manager'
   */
  readonly approverServiceAccountName?: string;
  /**
   * Namespace of that service account.
   * @default 'cert-manager'
   */
  readonly approverNamespace?: string;
  /**
   * Further chart values, deep-merged over the rendered ones (objects merge, arrays and scalars replace,
   * `null` removes a chart default). Their keys and types are checked against the chart's values.yaml.
   * @default - none
   */
  readonly extraValues?: { [key: string]: any };
}

/** Where aws-privateca-issuer is released, besides its values. */
export interface AwsPrivateCaIssuerReleaseOptions extends AwsPrivateCaIssuerValuesProps {
  /**
   * Namespace to install into.
   * @default 'aws-privateca-issuer'
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   * @default 'aws-privateca-issuer'
   */
  readonly releaseName?: string;
}

const VALUES_YAML = `aws-privateca-issuer-${PCA_ISSUER_VERSION}/values.yaml`;
// Kubernetes objects the chart passes through as they are: their own fields are not the chart's keys.
const FREE_FORM = ['resources', 'affinity', 'podSecurityContext', 'securityContext', 'podDisruptionBudget'];
// Documented in values.yaml, but only as a comment.
const DOCUMENTED = { autoscaling: { targetMemoryUtilizationPercentage: 80 } };

function renderBudget(scope: IConstruct, budget: WorkloadDisruptionBudget | undefined, replicas: number): any {
  if (!budget) return undefined;
  const rendered = renderDisruptionBudget(scope, 'podDisruptionBudget', budget);
  // The chart copies the whole object into the budget's spec, so its default maxUnavailable must be removed.
  const effective = rendered.minAvailable !== undefined ? { minAvailable: rendered.minAvailable } : { maxUnavailable: rendered.maxUnavailable ?? 1 };
  assertBudgetAllowsDrain(scope, 'podDisruptionBudget', effective, replicas);
  return rendered.minAvailable !== undefined ? { minAvailable: rendered.minAvailable, maxUnavailable: null } : effective;
}

function renderValues(scope: IConstruct, props: AwsPrivateCaIssuerValuesProps): { [key: string]: any } {
  const replicaCount = renderReplicas(scope, 'replicas', props.replicas);
  const typed = compact({
    replicaCount,
    podDisruptionBudget: renderBudget(scope, props.podDisruptionBudget, replicaCount ?? 2),
    // null removes the chart's default for what is left unset; merged, a request could exceed a default limit.
    resources: renderResources(props.resources, null),
    nodeSelector: stringMap(scope, 'nodeSelector', props.nodeSelector),
    tolerations: renderTolerations(scope, 'tolerations', props.tolerations),
    serviceAccount: { name: props.serviceAccount?.name, annotations: renderServiceAccountAnnotations(scope, 'serviceAccount', props.serviceAccount) },
    serviceMonitor: { create: props.serviceMonitor },
    approverRole: { serviceAccountName: props.approverServiceAccountName, namespace: props.approverNamespace },
  });
  return deepMerge(typed, props.extraValues);
}

/**
 * The aws-privateca-issuer Helm release as plain data: the pinned chart and checked values. `AwsPrivateCaIssuerAddon`
 * delivers it with cdk8s; without cdk8s (e.g. `eks.HelmChart` in aws-cdk-lib), call `AwsPrivateCaIssuerRelease.render`.
 */
export class AwsPrivateCaIssuerRelease {
  /** Chart name. */
  public static readonly CHART = 'aws-privateca-issuer';
  /** Chart repository. */
  public static readonly REPOSITORY = 'https://cert-manager.github.io/aws-privateca-issuer';
  /** The pinned chart version. */
  public static readonly VERSION = PCA_ISSUER_VERSION;
  /** The pinned chart (CRDs in its `crds/` folder) and the default sync wave of its installs. */
  public static readonly SPEC: HelmChartSpec = {
    chart: AwsPrivateCaIssuerRelease.CHART,
    repository: AwsPrivateCaIssuerRelease.REPOSITORY,
    version: AwsPrivateCaIssuerRelease.VERSION,
    repositoryName: 'aws-privateca-issuer',
    syncWave: ArgoCdSyncWaves.ADDONS,
    crdsInCrdsDir: true,
  };

  /**
   * Renders the typed props to the chart's value keys, merges `extraValues` and checks the result.
   *
   * Every key and type is checked against the chart's values.yaml (the chart has no JSON schema). A rejection
   * throws one line naming `scope`, the value path and the fix.
   *
   * @param scope the construct that errors are reported on
   * @param options the release's namespace, name and values
   */
  public static render(scope: IConstruct, options: AwsPrivateCaIssuerReleaseOptions = {}): HelmChartRelease {
    return chartRelease(scope, AwsPrivateCaIssuerRelease.SPEC, {
      namespace: options.namespace ?? 'aws-privateca-issuer',
      releaseName: options.releaseName ?? 'aws-privateca-issuer',
      values: renderValues(scope, options),
      valuesYaml: VALUES_YAML,
      checkKeys: { freeForm: FREE_FORM, documented: DOCUMENTED },
      resources: ['resources'],
    });
  }

  private constructor() {}
}

/** Props of `AwsPrivateCaIssuerAddon`. */
export interface AwsPrivateCaIssuerAddonProps extends AwsPrivateCaIssuerReleaseOptions, HelmChartInstallOptions {
  /**
   * The cert-manager install this issuer serves.
   *
   * Its controller's service account becomes the approver (unless `approverServiceAccountName`/`approverNamespace`
   * are set), and with Flux delivery on both the HelmRelease depends on cert-manager's.
   * @default - approver `cert-manager` in namespace `cert-manager`, no Flux dependency
   */
  readonly certManager?: CertManager;
}

/**
 * Installs aws-privateca-issuer (the pinned chart, with its AWSPCAIssuer and AWSPCAClusterIssuer CRDs), which lets
 * cert-manager sign certificates with AWS Private CA. Delivered like `CertManager`, from the same kinds of options.
 */
export class AwsPrivateCaIssuerAddon extends HelmChartInstall {
  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props the chart's values, how it is delivered, and the cert-manager install it serves
   */
  constructor(scope: Construct, id: string, props: AwsPrivateCaIssuerAddonProps) {
    super(scope, id);
    const certManager = props.certManager;
    const release = AwsPrivateCaIssuerRelease.render(this, {
      ...props,
      approverServiceAccountName: props.approverServiceAccountName ?? certManager?.serviceAccountName,
      approverNamespace: props.approverNamespace ?? certManager?.namespace,
    });
    this.install(AwsPrivateCaIssuerRelease.SPEC, release, props, certManager ? [certManager] : []);
  }
}
