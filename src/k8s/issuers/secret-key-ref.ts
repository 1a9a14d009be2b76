import { IConstruct } from 'constructs';
import { checkObjectName } from './private/checks';
import { invalid, report } from '../../private/errors';

/**
 * A key in a Kubernetes Secret. Credentials are only ever passed this way, never as literal values.
 * Secrets of a `ClusterIssuer` live in cert-manager's cluster resource namespace; those of an `Issuer` in its own namespace.
 */
export interface SecretKeyRef {
  /** Name of the Secret. */
  readonly name: string;
  /** Key within the Secret's `data`. */
  readonly key: string;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** A checked `{ name, key }` selector; both parts are required, as cert-manager's webhook insists. */
export function renderSecretKeyRef(scope: IConstruct, field: string, ref: SecretKeyRef | undefined, holds = 'the credential'): { name: string; key: string } {
  // Without the reference there is nothing to render.
  if (ref === undefined || ref === null) invalid(scope, field, 'is missing', `pass a SecretKeyRef { name, key } naming the Secret that holds ${holds}`);
  checkObjectName(scope, `${field}.name`, ref.name);
  if (typeof ref.key !== 'string' || !SECRET_KEY.test(ref.key)) {
    report(scope, `${field}.key`, `'${ref.key}' is not a valid Secret key`, "use letters, digits, '-', '_' or '.'");
  }
  return { name: ref.name, key: ref.key };
}

/** Like `renderSecretKeyRef`, for optional fields. */
export function renderOptionalSecretKeyRef(scope: IConstruct, field: string, ref: SecretKeyRef | undefined) {
  return ref === undefined ? undefined : renderSecretKeyRef(scope, field, ref);
}
