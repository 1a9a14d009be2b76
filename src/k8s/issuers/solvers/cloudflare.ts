// DNS-01 through Cloudflare.
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { report } from '../../../private/errors';
import { checkEmail } from '../private/checks';
import { renderOptionalSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through Cloudflare. Prefer a scoped API token; a global API key also needs the account's e-mail. */
export interface CloudflareSolverProps extends Dns01SolverOptions {
  /** API token with `Zone:DNS:Edit` and `Zone:Zone:Read`. @default - none; set this or `apiKeySecretRef` */
  readonly apiTokenSecretRef?: SecretKeyRef;
  /** Legacy global API key. Requires `email`. @default - none; set this or `apiTokenSecretRef` */
  readonly apiKeySecretRef?: SecretKeyRef;
  /** E-mail of the Cloudflare account, required with `apiKeySecretRef`. @default - not set */
  readonly email?: string;
}

export function renderCloudflareSolver(scope: IConstruct, field: string, props: CloudflareSolverProps): Dns01ProviderSpec {
  const token = props.apiTokenSecretRef !== undefined;
  const key = props.apiKeySecretRef !== undefined;
  if (token === key) {
    report(scope, `${field}.apiTokenSecretRef`, token ? 'is set together with apiKeySecretRef' : 'is missing',
      'set exactly one of apiTokenSecretRef (recommended) or apiKeySecretRef with email');
  }
  if (key && props.email === undefined) {
    report(scope, `${field}.email`, 'is missing, and a Cloudflare global API key only works with the account e-mail',
      'set email, or switch to a scoped apiTokenSecretRef');
  }
  return {
    cloudflare: {
      apiTokenSecretRef: renderOptionalSecretKeyRef(scope, `${field}.apiTokenSecretRef`, props.apiTokenSecretRef),
      apiKeySecretRef: renderOptionalSecretKeyRef(scope, `${field}.apiKeySecretRef`, props.apiKeySecretRef),
      email: checkEmail(scope, `${field}.email`, props.email),
    },
  };
}
