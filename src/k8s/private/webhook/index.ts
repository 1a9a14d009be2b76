// cert-manager v1.21.1's admission webhook rules over rendered objects (see certificate.ts and issuer.ts).
import { validateCertificate, WebhookOptions } from './certificate';
import { validateIssuer } from './issuer';
import { WebhookProblem } from './problem';

export { WEBHOOK_FEATURE_GATES } from './certificate';
export type { WebhookOptions } from './certificate';
export type { WebhookProblem } from './problem';

/** The problems cert-manager's webhook would refuse `obj` for; `[]` for objects it does not validate. */
export function webhookProblems(obj: any, options: WebhookOptions = {}): WebhookProblem[] {
  if (obj?.apiVersion !== 'cert-manager.io/v1') return [];
  switch (obj.kind) {
    case 'Certificate': return validateCertificate(obj, options).list;
    case 'Issuer':
    case 'ClusterIssuer': return validateIssuer(obj).list;
    default: return [];
  }
}
