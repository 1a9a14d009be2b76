// DNS-01 through an acme-dns server (CNAME-delegated validation).
import { IConstruct } from 'constructs';
import { Dns01ProviderSpec, Dns01SolverOptions } from './solver-options';
import { checkUrl } from '../private/checks';
import { renderSecretKeyRef, SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through an acme-dns server (CNAME-delegated validation). */
export interface AcmeDnsSolverProps extends Dns01SolverOptions {
  /** URL of the acme-dns API, e.g. `https://auth.example.com`. */
  readonly host: string;
  /** JSON of the acme-dns registrations, keyed by domain. */
  readonly accountSecretRef: SecretKeyRef;
}

export function renderAcmeDnsSolver(scope: IConstruct, field: string, props: AcmeDnsSolverProps): Dns01ProviderSpec {
  return {
    acmeDns: {
      host: checkUrl(scope, `${field}.host`, props.host, ['https:', 'http:']),
      accountSecretRef: renderSecretKeyRef(scope, `${field}.accountSecretRef`, props.accountSecretRef, 'the acme-dns registrations'),
    },
  };
}
