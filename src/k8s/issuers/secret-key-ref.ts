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
  /**
   * Key within the Secret's `data`.
   *
   * Required wherever cert-manager has no default key for the field (every solver credential, the EAB key, the
   * TSIG key, the Vault AppRole secret ID). Optional only on the Vault fields where cert-manager reads a default key
   * when none is given; each of those props names its default, and the rendered issuer writes it out.
   *
   * @default - required, except for the Vault fields that document a default key
   */
  readonly key?: string;
}

const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** How one field treats a left-out `key`. */
export interface SecretKeyRefRules {
  /** The key cert-manager reads when `key` is left out (written out in the rendered object); unset: `key` is required. */
  readonly defaultKey?: string;
  /** Why `key` is required here, appended to the fix of a missing key. */
  readonly whyKeyRequired?: string;
}

/**
 * A checked `{ name, key }` selector. `key` is required unless `rules.defaultKey` names the key cert-manager reads
 * without one (the Vault fields of cert-manager v1.21.1's internal/vault/vault.go), which is then rendered.
 */
export function renderSecretKeyRef(
  scope: IConstruct, field: string, ref: SecretKeyRef | undefined, holds = 'the credential', rules: SecretKeyRefRules = {},
): { name: string; key: string } {
  // Without the reference there is nothing to render.
  if (ref === undefined || ref === null) invalid(scope, field, 'is missing', `pass a SecretKeyRef { name, key } naming the Secret that holds ${holds}`);
  checkObjectName(scope, `${field}.name`, ref.name);
  const key = ref.key ?? rules.defaultKey;
  if (key === undefined || key === '') {
    const why = rules.whyKeyRequired ? `; ${rules.whyKeyRequired}` : '';
    report(scope, `${field}.key`, 'is missing', `name the key of Secret '${ref.name}' that holds ${holds}${why}`);
  } else if (typeof key !== 'string' || !SECRET_KEY.test(key)) {
    report(scope, `${field}.key`, `'${key}' is not a valid Secret key`, "use letters, digits, '-', '_' or '.'");
  }
  return { name: ref.name, key: key! };
}

/** Like `renderSecretKeyRef`, for optional fields. */
export function renderOptionalSecretKeyRef(
  scope: IConstruct, field: string, ref: SecretKeyRef | undefined, holds = 'the credential', rules: SecretKeyRefRules = {},
) {
  return ref === undefined ? undefined : renderSecretKeyRef(scope, field, ref, holds, rules);
}
