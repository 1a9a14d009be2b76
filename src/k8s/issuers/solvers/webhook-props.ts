import { Dns01SolverOptions } from './solver-options';

/** DNS-01 through an out-of-tree webhook solver installed in the cluster. */
export interface WebhookSolverProps extends Dns01SolverOptions {
  /** API group the webhook registers, e.g. `acme.example.com`. */
  readonly groupName: string;
  /** Solver name within that group. */
  readonly solverName: string;
  /** Webhook-specific settings; pass credentials as Secret references the webhook understands. @default - none */
  readonly config?: { [key: string]: any };
}
