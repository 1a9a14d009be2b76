// DNS-01 through an out-of-tree webhook solver.
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { isDns1123Subdomain } from '../../../common/names';
import { report } from '../../../private/errors';
import { required } from '../private/checks';

/** DNS-01 through an out-of-tree webhook solver installed in the cluster. */
export interface WebhookSolverProps extends Dns01SolverOptions {
  /**
   * API group the webhook registers, e.g. `acme.example.com`.
   * Stricter than cert-manager on purpose: its webhook does not check this field, but cert-manager calls the solver
   * through this API group, so one that is not a DNS subdomain (or is empty) can name no installed webhook.
   */
  readonly groupName: string;
  /** Solver name within that group. */
  readonly solverName: string;
  /** Webhook-specific settings. Pass credentials as Secret references the webhook understands. @default - none */
  readonly config?: { [key: string]: any };
}

export function renderWebhookSolver(scope: IConstruct, field: string, props: WebhookSolverProps): Dns01ProviderSpec {
  if (!isDns1123Subdomain(props.groupName)) {
    report(scope, `${field}.groupName`, `'${props.groupName}' is not an API group; cert-manager accepts this, but calls the solver through that group, so it can reach no webhook`,
      "use the group the webhook registers (its groupName setting), e.g. 'acme.example.com'");
  }
  return {
    webhook: {
      groupName: props.groupName,
      solverName: required(scope, `${field}.solverName`, props.solverName, 'set the solver name the webhook registers'),
      config: props.config,
    },
  };
}
