import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through Google Cloud DNS. */
export interface CloudDnsSolverProps extends Dns01SolverOptions {
  /** Google Cloud project that owns the zone. */
  readonly project: string;
  /** @default - looked up from the DNS name */
  readonly hostedZoneName?: string;
  /** Service-account JSON key held in a Secret. @default - Workload Identity / ambient credentials */
  readonly serviceAccountSecretRef?: SecretKeyRef;
}
