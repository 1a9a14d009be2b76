import { TaintEffect } from 'cdk8s-plus-28';

/** CPU and memory for a chart's container, rendered to the chart's `resources` value. */
export interface WorkloadResources {
  /**
   * CPU request, e.g. `10m`.
   * @default - none (the chart's default)
   */
  readonly cpuRequest?: string;
  /**
   * Memory request, e.g. `64Mi`.
   * @default - none (the chart's default)
   */
  readonly memoryRequest?: string;
  /**
   * CPU limit.
   *
   * Usually left unset, so the controller is never throttled.
   * @default - none
   */
  readonly cpuLimit?: string;
  /**
   * Memory limit, e.g. `256Mi`.
   * @default - none
   */
  readonly memoryLimit?: string;
}

/**
 * A toleration for a chart's pods. The operator is `Equal` when `value` is set and `Exists` otherwise,
 * so a toleration without `key` tolerates every taint with the given effect.
 */
export interface WorkloadToleration {
  /**
   * Taint key to tolerate.
   * @default - every key (only valid without `value`)
   */
  readonly key?: string;
  /**
   * Taint value.
   *
   * When it is set, the operator is `Equal`.
   * @default - any value (operator `Exists`)
   */
  readonly value?: string;
  /**
   * Taint effect to tolerate.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * For `NoExecute`: how long the pod stays bound after the taint appears.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** The service account a chart creates for its workload. */
export interface WorkloadServiceAccount {
  /**
   * Name of the service account.
   * @default - the chart's name for it (derived from the release name)
   */
  readonly name?: string;
  /**
   * IAM role for IRSA, rendered as the `eks.amazonaws.com/role-arn` annotation.
   * Leave unset with EKS Pod Identity, which needs no annotation.
   * @default - no role annotation
   */
  readonly roleArn?: string;
  /**
   * Further annotations on the service account.
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A PodDisruptionBudget for a chart's pods.
 *
 * Set one of the two limits (they are mutually exclusive). Giving this object turns the budget on.
 */
export interface WorkloadDisruptionBudget {
  /**
   * Pods that must stay available during voluntary disruptions.
   * @default - the chart's default (`minAvailable: 1`, or `maxUnavailable: 1` for aws-privateca-issuer)
   */
  readonly minAvailable?: number;
  /**
   * Pods that may be unavailable during voluntary disruptions.
   * @default - the chart's default
   */
  readonly maxUnavailable?: number;
}
