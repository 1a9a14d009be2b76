// Turns the typed workload options into the value shapes the charts expect, checking what the schema cannot (internal).
import { TaintEffect } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { WorkloadDisruptionBudget, WorkloadResources, WorkloadServiceAccount, WorkloadToleration } from './workload-options';
import { invalid } from '../../common/errors';

export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/** Tokens (e.g. a role ARN from aws-cdk-lib) are only known at deploy time, so they skip format checks. */
function isToken(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${Token[');
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

export function renderReplicas(scope: IConstruct, field: string, replicas: number | undefined): number | undefined {
  if (replicas !== undefined && (!isCount(replicas) || replicas < 1)) {
    invalid(scope, field, `is ${replicas} but must be a whole number of at least 1`, `set ${field} to 1, 2 or 3`);
  }
  return replicas;
}

export function renderResources(resources: WorkloadResources | undefined): any {
  if (!resources) return undefined;
  return {
    requests: { cpu: resources.cpuRequest, memory: resources.memoryRequest },
    limits: { cpu: resources.cpuLimit, memory: resources.memoryLimit },
  };
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

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]+$/;

export function renderServiceAccountAnnotations(scope: IConstruct, field: string, account: WorkloadServiceAccount | undefined): any {
  const roleArn = account?.roleArn;
  if (roleArn !== undefined && !isToken(roleArn) && !ROLE_ARN.test(roleArn)) {
    invalid(scope, `${field}.roleArn`, `'${roleArn}' is not an IAM role ARN`, 'pass a role ARN such as arn:aws:iam::123456789012:role/cert-manager (or role.roleArn)');
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
