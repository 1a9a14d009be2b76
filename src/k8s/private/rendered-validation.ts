// Synth-time net under the construct-time checks: the object as it will be written (after every escape-hatch
// patch) is checked against cert-manager's webhook rules and the pinned CRD schema. (Filled in by issue 10's work.)
import { ApiObject } from 'cdk8s';

export function validateRendered(_apiObject: ApiObject): void {
  // Registered by the constructs that create custom resources; the checks themselves land next.
}
