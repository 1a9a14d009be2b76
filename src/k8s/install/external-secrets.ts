// External Secrets Operator: its typed chart values, the release as plain data, and the install construct.
// ajv is a (bundled) dependency; the rule misreads its `dist/2020` subpath as the devDependency entry.
// eslint-disable-next-line import/no-extraneous-dependencies
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import { Construct, IConstruct } from 'constructs';
import { ArgoCdSyncWaves } from './argo-cd-sync-waves';
import { CertManager } from './cert-manager';
import { HelmChartInstall, HelmChartInstallOptions, HelmChartSpec } from './helm-chart-install';
import { HelmChartRelease } from './helm-chart-release';
import { chartRelease } from './private/chart-release';
import { compact, deepMerge, withoutNulls } from './private/plain-values';
import {
  assertBudgetAllowsDrain, assertRequestsWithinLimits, renderReplicas, renderResources, renderServiceAccountAnnotations,
  renderTolerations, stringMap,
} from './private/render-workload';
import { describeValue, formatValuePath } from './private/value-path';
import { assertValuesMatchDefaults } from './private/values-defaults';
import { WorkloadResources, WorkloadServiceAccount, WorkloadToleration } from './workload-options';
import { invalid } from '../../private/errors';
import { EXTERNAL_SECRETS_CHART_VERSION, readUpstream } from '../../upstream';

/**
 * Values of the external-secrets chart that operators set, typed.
 *
 * Anything else goes through `extraValues`.
 */
export interface ExternalSecretsValuesProps {
  /**
   * Replicas of the controller.
   *
   * More than one turns leader election on (the chart needs `leaderElect` then).
   * @default 1 (the chart's default)
   */
  readonly replicas?: number;
  /**
   * CPU and memory of the controller.
   * @default - none (the chart's default)
   */
  readonly resources?: WorkloadResources;
  /**
   * The controller's service account: the identity that reads and writes the secret manager, e.g. through
   * `roleArn` for IRSA (the role of `CertificateBackupStore`). EKS Pod Identity needs no annotation.
   * @default - created by the chart as `<release name>`, no annotations
   */
  readonly serviceAccount?: WorkloadServiceAccount;
  /**
   * Node labels the pods must match.
   * @default - none
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Tolerations of the pods.
   * @default - none
   */
  readonly tolerations?: WorkloadToleration[];
  /**
   * A PodDisruptionBudget for the controller with this `minAvailable` (needs at least one more replica).
   * @default - no budget (the chart's default)
   */
  readonly podDisruptionBudgetMinAvailable?: number;
  /**
   * Creates a Prometheus Operator ServiceMonitor (needs its CRD in the cluster).
   * @default false
   */
  readonly serviceMonitor?: boolean;
  /**
   * Further chart values, deep-merged over the rendered ones (objects merge, arrays and scalars replace, `null`
   * removes a chart default). Checked against the chart's values.schema.json and the keys of its values.yaml.
   * @default - none
   */
  readonly extraValues?: { [key: string]: any };
}

/** Where External Secrets Operator is released, besides its values. */
export interface ExternalSecretsReleaseOptions extends ExternalSecretsValuesProps {
  /**
   * Namespace to install into.
   * @default 'external-secrets'
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   *
   * The controller's service account is named after it as Helm's fullname: the release name when it contains
   * `external-secrets`, else `<release>-external-secrets`.
   * @default 'external-secrets'
   */
  readonly releaseName?: string;
}

const CHART = 'external-secrets';
const VALUES_SCHEMA = `external-secrets-v${EXTERNAL_SECRETS_CHART_VERSION}/values.schema.json`;
const VALUES_YAML = `external-secrets-v${EXTERNAL_SECRETS_CHART_VERSION}/values.yaml`;
// Kubernetes objects (or free maps) the chart passes through as they are: their own fields are not the chart's keys.
const FREE_FORM = ['resources', 'affinity', 'podSecurityContext', 'securityContext', 'extraArgs', 'webhook.resources', 'certController.resources'];

let schemaValidator: ValidateFunction | undefined;

/** The chart's schema is JSON Schema 2020-12, which the draft-07 validator of the other charts cannot read. */
function assertValuesMatchSchema2020(scope: IConstruct, label: string, values: object): void {
  schemaValidator ??= new Ajv2020({ strict: false, allErrors: false, verbose: true, validateFormats: false })
    .compile(JSON.parse(readUpstream(VALUES_SCHEMA)));
  if (schemaValidator(withoutNulls(values))) return;
  const error = schemaValidator.errors![0];
  const field = formatValuePath(error.instancePath.split('/').slice(1).map(s => s.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (error.keyword === 'type') {
    invalid(scope, field, `is ${describeValue(error.data)} but the ${label} chart expects ${(error.params as any).type}`,
      `set ${field} to a ${(error.params as any).type} (in the typed props or extraValues)`);
  }
  invalid(scope, field, `${error.message} (values.schema.json of the ${label} chart)`, `correct ${field} (in the typed props or extraValues)`);
}

function renderValues(scope: IConstruct, props: ExternalSecretsValuesProps): { [key: string]: any } {
  const replicaCount = renderReplicas(scope, 'replicas', props.replicas);
  const minAvailable = props.podDisruptionBudgetMinAvailable;
  if (minAvailable !== undefined) {
    assertBudgetAllowsDrain(scope, 'podDisruptionBudgetMinAvailable', { minAvailable }, replicaCount ?? 1);
  }
  const typed = compact({
    replicaCount,
    // Several replicas must not reconcile the same objects at once.
    leaderElect: replicaCount !== undefined && replicaCount > 1 ? true : undefined,
    resources: renderResources(props.resources),
    nodeSelector: stringMap(scope, 'nodeSelector', props.nodeSelector),
    tolerations: renderTolerations(scope, 'tolerations', props.tolerations),
    serviceAccount: { name: props.serviceAccount?.name, annotations: renderServiceAccountAnnotations(scope, 'serviceAccount', props.serviceAccount) },
    podDisruptionBudget: minAvailable === undefined ? undefined : { enabled: true, minAvailable },
    serviceMonitor: { enabled: props.serviceMonitor },
  });
  return deepMerge(typed, props.extraValues);
}

/**
 * The External Secrets Operator Helm release as plain data: the pinned chart (CRDs included) and checked values.
 * `ExternalSecretsOperator` delivers it with cdk8s; without cdk8s (e.g. `eks.HelmChart`), call `render`.
 */
export class ExternalSecretsRelease {
  /** Chart name. */
  public static readonly CHART = CHART;
  /** Chart repository. */
  public static readonly REPOSITORY = 'https://charts.external-secrets.io';
  /** The pinned chart version (app v2.9.0). */
  public static readonly VERSION = EXTERNAL_SECRETS_CHART_VERSION;
  /** The pinned chart and the default sync wave of its installs (with the add-ons, before issuers and restores). */
  public static readonly SPEC: HelmChartSpec = {
    chart: CHART,
    repository: ExternalSecretsRelease.REPOSITORY,
    version: ExternalSecretsRelease.VERSION,
    repositoryName: 'external-secrets',
    syncWave: ArgoCdSyncWaves.ADDONS,
    crdsInCrdsDir: false,
  };

  /**
   * Renders the typed props to the chart's value keys, merges `extraValues` and checks the result.
   *
   * The values are checked against the chart's values.schema.json and the keys and types of its values.yaml. A
   * rejection throws one line naming `scope`, the value path and the fix.
   *
   * @param scope the construct that errors are reported on
   * @param options the release's namespace, name and values
   */
  public static render(scope: IConstruct, options: ExternalSecretsReleaseOptions = {}): HelmChartRelease {
    const label = `${CHART} ${EXTERNAL_SECRETS_CHART_VERSION}`;
    const values = renderValues(scope, options);
    assertValuesMatchSchema2020(scope, label, values);
    assertValuesMatchDefaults(scope, label, VALUES_YAML, values, FREE_FORM);
    assertRequestsWithinLimits(scope, 'values.resources', values.resources);
    return chartRelease(scope, ExternalSecretsRelease.SPEC, {
      namespace: options.namespace ?? 'external-secrets',
      releaseName: options.releaseName ?? 'external-secrets',
      values,
    });
  }

  private constructor() {}
}

/** Props of `ExternalSecretsOperator`. */
export interface ExternalSecretsOperatorProps extends ExternalSecretsReleaseOptions, HelmChartInstallOptions {
  /**
   * The cert-manager install to order after.
   *
   * With Flux on both, the HelmRelease depends on cert-manager's. With Argo CD, this install's wave must come after
   * cert-manager's.
   * @default - not ordered against cert-manager
   */
  readonly certManager?: CertManager;
}

/**
 * Installs External Secrets Operator (the pinned chart 2.9.0, CRDs included).
 *
 * It is delivered like `CertManager`: Argo CD, Flux, `helm template` or values only. `CertificateBackup` and
 * `ExternalSecretCredential` need it.
 */
export class ExternalSecretsOperator extends HelmChartInstall {
  /**
   * @param scope the scope in which to define this construct
   * @param id the scoped construct ID
   * @param props the chart's values, how it is delivered, and the cert-manager install it is ordered after
   */
  constructor(scope: Construct, id: string, props: ExternalSecretsOperatorProps) {
    super(scope, id);
    this.install(ExternalSecretsRelease.SPEC, ExternalSecretsRelease.render(this, props), props, props.certManager ? [props.certManager] : []);
  }
}
