import { IConstruct } from 'constructs';
import { checkObjectName, required } from './checks';
import { invalid } from '../../../common/errors';
import { SecretKeyRef } from '../secret-key-ref';

const SECRET_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** A validated `{ name, key }` selector; both parts are required, as cert-manager's webhook insists. */
export function secretKeyRef(scope: IConstruct, field: string, ref: SecretKeyRef | undefined, holds = 'the credential'): { name: string; key: string } {
  required(scope, field, ref, `pass a SecretKeyRef { name, key } naming the Secret that holds ${holds}`);
  checkObjectName(scope, `${field}.name`, ref!.name);
  if (typeof ref!.key !== 'string' || !SECRET_KEY.test(ref!.key)) {
    invalid(scope, `${field}.key`, `'${ref!.key}' is not a valid Secret key`, "use letters, digits, '-', '_' or '.'");
  }
  return { name: ref!.name, key: ref!.key };
}

/** Like `secretKeyRef`, for optional fields. */
export function optionalSecretKeyRef(scope: IConstruct, field: string, ref: SecretKeyRef | undefined) {
  return ref === undefined ? undefined : secretKeyRef(scope, field, ref);
}
