import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through an acme-dns server (CNAME-delegated validation). */
export interface AcmeDnsSolverProps extends Dns01SolverOptions {
  /** URL of the acme-dns API, e.g. `https://auth.example.com`. */
  readonly host: string;
  /** JSON of the acme-dns registrations, keyed by domain. */
  readonly accountSecretRef: SecretKeyRef;
}
