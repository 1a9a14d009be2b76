// Checks of merged chart values that no values.schema.json makes (internal): Kubernetes quantities and node
// selectors as the API server reads them. Each mistake is reported (one line at synth) under the typed prop it came
// from, or under its value path when `extraValues` set it, so one synth lists every mistake.
import { IConstruct } from 'constructs';
import { isPlainObject } from './plain-values';
import { formatValuePath } from './value-path';
import { labelValueProblems, qualifiedNameProblems } from '../../../common/names';
import { report } from '../../../private/errors';

// k8s.io/apimachinery/pkg/api/resource: <sign><digits>[.<digits>]<suffix>, the suffix binary SI (Ki..Ei), decimal SI
// (n, u, m, '', k, M, G, T, P, E) or a decimal exponent (e3, E-2).
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Why `value` is not a resource quantity a container may request (`resource.ParseQuantity`, at least 0); undefined when it is one. */
export function quantityProblem(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? undefined : `${value} is not a quantity of at least 0`;
  if (typeof value !== 'string') return `is ${JSON.stringify(value)}, neither a quantity string nor a number`;
  if (!QUANTITY.test(value)) return `'${value}' is not a Kubernetes quantity`;
  const magnitude = /^[+-]?(\d+(\.\d*)?|\.\d+)/.exec(value)![1];
  if (value.startsWith('-') && Number(magnitude) !== 0) return `'${value}' is negative; a container cannot request less than nothing`;
  return undefined;
}

/** Where a merged value came from: `extraValues` (named by its value path) or a typed prop. */
export class ValueSource {
  constructor(private readonly extraValues: { [key: string]: any } | undefined) {}

  /** `prop` when the typed prop set the value at `path`, else the value path (`values.webhook.nodeSelector["x"]`). */
  field(path: readonly string[], prop: string | undefined): string {
    let v: any = this.extraValues;
    for (const key of path) v = isPlainObject(v) ? v[key] : undefined;
    return v === undefined && prop !== undefined ? prop : formatValuePath(path);
  }
}

function at(values: any, path: readonly string[]): any {
  return path.reduce((v, key) => (isPlainObject(v) ? v[key] : undefined), values);
}

/** The typed prop of a `WorkloadResources` field for `requests.cpu` and the like. */
const RESOURCE_PROPS: { [section: string]: { [resource: string]: string } } = {
  requests: { cpu: 'cpuRequest', memory: 'memoryRequest' },
  limits: { cpu: 'cpuLimit', memory: 'memoryLimit' },
};

/**
 * Every `requests`/`limits` entry of the container resources at `path` must be a quantity; `prop` is the typed prop
 * that renders there (e.g. `webhook.resources`), if any.
 */
export function checkResourceQuantities(scope: IConstruct, values: any, path: readonly string[], prop: string | undefined,
  source: ValueSource): void {
  const resources = at(values, path);
  if (!isPlainObject(resources)) return;
  for (const section of ['requests', 'limits']) {
    const entries = resources[section];
    if (!isPlainObject(entries)) continue;
    for (const [resource, value] of Object.entries(entries)) {
      if (value === null || value === undefined) continue;
      const problem = quantityProblem(value);
      if (!problem) continue;
      const typed = prop && RESOURCE_PROPS[section][resource] ? `${prop}.${RESOURCE_PROPS[section][resource]}` : undefined;
      report(scope, source.field([...path, section, resource], typed), problem,
        resource === 'cpu' ? "give CPU as cores or millicores, e.g. '100m', '0.5' or '2'"
          : "give a quantity such as '64Mi', '1Gi' or '500M' (binary suffixes Ki, Mi, Gi; decimal k, M, G)");
    }
  }
}

/** The node selector at `path`: keys must be label keys and values label values (`ValidateLabels` on the pod spec). */
export function checkNodeSelector(scope: IConstruct, values: any, path: readonly string[], prop: string | undefined, source: ValueSource): void {
  const selector = at(values, path);
  if (!isPlainObject(selector)) return;
  for (const [key, value] of Object.entries(selector)) {
    if (value === null) continue;
    const field = source.field([...path, key], prop && `${prop}['${key}']`);
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length > 0) {
      report(scope, field, `key '${key}' is not a node label key: ${keyProblems[0]}`,
        "use a label key as the nodes carry it, '[prefix/]name', e.g. 'kubernetes.io/arch' or 'node.kubernetes.io/instance-type'");
    }
    if (typeof value === 'string') {
      const valueProblems = labelValueProblems(value);
      if (valueProblems.length > 0) {
        report(scope, field, `value '${value}' is not a label value: ${valueProblems[0]}`, "use at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
      }
    }
  }
}
