import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through DigitalOcean DNS. */
export interface DigitalOceanSolverProps extends Dns01SolverOptions {
  /** API token with write access to the domain. */
  readonly tokenSecretRef: SecretKeyRef;
}
