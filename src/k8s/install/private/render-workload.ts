// Turns the typed workload options into the value shapes the charts expect, checking what the schema cannot (internal).
import { Token } from 'aws-cdk-lib';
import { TaintEffect } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { IAM_ROLE_ARN_FIX, isIamRoleArn } from '../../../common/arns';
import { invalid } from '../../../private/errors';
import { WorkloadDisruptionBudget, WorkloadResources, WorkloadServiceAccount, WorkloadToleration } from '../workload-options';

export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

export function renderReplicas(scope: IConstruct, field: string, replicas: number | undefined): number | undefined {
  if (replicas !== undefined && (!isCount(replicas) || replicas < 1)) {
    invalid(scope, field, `is ${replicas} but must be a whole number of at least 1`, `set ${field} to 1, 2 or 3`);
  }
  return replicas;
}

/**
 * The chart's `resources` value. `unset` is what a field left unset becomes: `undefined` keeps the chart's default
 * for it, `null` removes that default (for charts whose defaults are not empty, so that `resources` replaces them).
 */
export function renderResources(resources: WorkloadResources | undefined, unset: null | undefined = undefined): any {
  if (!resources) return undefined;
  return {
    requests: { cpu: resources.cpuRequest ?? unset, memory: resources.memoryRequest ?? unset },
    limits: { cpu: resources.cpuLimit ?? unset, memory: resources.memoryLimit ?? unset },
  };
}

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][-+]?\d+)?$/;
const SUFFIX: { [suffix: string]: number } = {
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  '': 1,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 2 ** 10,
  'Mi': 2 ** 20,
  'Gi': 2 ** 30,
  'Ti': 2 ** 40,
  'Pi': 2 ** 50,
  'Ei': 2 ** 60,
};

/** A Kubernetes quantity (`100m`, `64Mi`, `1.5`, `1e3`) as a number, or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  const match = typeof value === 'string' ? QUANTITY.exec(value) : typeof value === 'number' ? [String(value), String(value), ''] : null;
  if (!match) return undefined;
  const suffix = match[2] ?? '';
  return Number(match[1]) * (/^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIX[suffix]);
}

/**
 * Throws when a container would request more CPU or memory than its limit, which the API server rejects
 * (so the Deployment never rolls out). `effective` are the resources the pod gets, chart defaults merged in;
 * `at` is their value path, e.g. `values.webhook.resources`.
 */
export function assertRequestsWithinLimits(scope: IConstruct, at: string, effective: any, defaults: any = {}): void {
  for (const resource of ['cpu', 'memory']) {
    const request = effective?.requests?.[resource];
    const limit = effective?.limits?.[resource];
    const [r, l] = [parseQuantity(request), parseQuantity(limit)];
    if (r === undefined || l === undefined || r <= l) continue;
    const fromChart = defaults?.limits?.[resource] === limit ? ', the chart\'s default' : '';
    invalid(scope, `${at}.requests.${resource}`, `'${request}' is above its limit '${limit}'${fromChart}, which the API server rejects`,
      `raise ${at}.limits.${resource} to at least '${request}' or lower the request`);
  }
}

export function renderTolerations(scope: IConstruct, field: string, tolerations: readonly WorkloadToleration[] | undefined): any[] | undefined {
  return tolerations?.map((t, i) => {
    if (t.value !== undefined && t.key === undefined) {
      invalid(scope, `${field}[${i}]`, 'has a value but no key', 'set key, or drop value to tolerate every taint');
    }
    if (t.tolerationSeconds !== undefined && t.effect !== TaintEffect.NO_EXECUTE) {
      invalid(scope, `${field}[${i}].tolerationSeconds`, 'only applies to NoExecute taints', 'set effect to TaintEffect.NO_EXECUTE or drop tolerationSeconds');
    }
    return {
      key: t.key,
      operator: t.value === undefined ? 'Exists' : 'Equal',
      value: t.value,
      effect: t.effect,
      tolerationSeconds: t.tolerationSeconds,
    };
  });
}

export function renderServiceAccountAnnotations(scope: IConstruct, field: string, account: WorkloadServiceAccount | undefined): any {
  // A token (e.g. role.roleArn from aws-cdk-lib) is only known at deploy time and skips the format check.
  const roleArn = account?.roleArn;
  if (roleArn !== undefined && !Token.isUnresolved(roleArn) && !isIamRoleArn(roleArn)) {
    invalid(scope, `${field}.roleArn`, `'${roleArn}' is not an IAM role ARN`, IAM_ROLE_ARN_FIX);
  }
  if (!account?.annotations && roleArn === undefined) return undefined;
  return { ...account?.annotations, ...(roleArn !== undefined ? { [IRSA_ROLE_ANNOTATION]: roleArn } : {}) };
}

/** `{ minAvailable }` or `{ maxUnavailable }` (never both: the API server rejects such a budget). */
type BudgetLimits = { minAvailable?: number; maxUnavailable?: number };

export function renderDisruptionBudget(scope: IConstruct, field: string, budget: WorkloadDisruptionBudget): BudgetLimits {
  const { minAvailable, maxUnavailable } = budget;
  if (minAvailable !== undefined && maxUnavailable !== undefined) {
    invalid(scope, field, 'sets both minAvailable and maxUnavailable', 'set only one of them');
  }
  for (const [name, n] of Object.entries({ minAvailable, maxUnavailable })) {
    if (n !== undefined && !isCount(n)) invalid(scope, `${field}.${name}`, `is ${n} but must be a whole number`, `set ${name} to 0 or more`);
  }
  return { minAvailable, maxUnavailable };
}

/**
 * Throws when a budget (with the chart's defaults filled in) allows no voluntary disruption at all:
 * such a budget makes `kubectl drain` wait forever on the node that runs the pods.
 */
export function assertBudgetAllowsDrain(scope: IConstruct, field: string, budget: BudgetLimits, replicas: number): void {
  if ((budget.minAvailable !== undefined && budget.minAvailable >= replicas) || budget.maxUnavailable === 0) {
    invalid(scope, field, `allows no disruption with ${replicas} replica(s), which blocks node drains`, 'raise replicas above minAvailable, or drop the budget');
  }
}

/** `{ A: true, B: false }` -> `A=true,B=false`, the flag format cert-manager's binaries read. */
export function renderFeatureGates(scope: IConstruct, field: string, gates: { [gate: string]: boolean } | undefined): string | undefined {
  if (!gates) return undefined;
  for (const [gate, on] of Object.entries(gates)) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(gate) || typeof on !== 'boolean') {
      invalid(scope, `${field}.${gate}`, 'is not a feature gate name with a boolean', 'use the gate\'s CamelCase name mapped to true or false');
    }
  }
  return Object.entries(gates).map(([gate, on]) => `${gate}=${on}`).join(',');
}

/** A Kubernetes label/annotation map must map strings to strings. */
export function stringMap(scope: IConstruct, field: string, map: { [key: string]: string } | undefined): { [key: string]: string } | undefined {
  for (const [key, value] of Object.entries(map ?? {})) {
    if (typeof value !== 'string') invalid(scope, `${field}["${key}"]`, `is ${JSON.stringify(value)} but must be a string`, 'quote the value');
  }
  return map;
}
