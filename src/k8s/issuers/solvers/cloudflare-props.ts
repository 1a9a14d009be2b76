import { Dns01SolverOptions } from './solver-options';
import { SecretKeyRef } from '../secret-key-ref';

/** DNS-01 through Cloudflare. Prefer a scoped API token; a global API key also needs the account's e-mail. */
export interface CloudflareSolverProps extends Dns01SolverOptions {
  /** API token with `Zone:DNS:Edit` and `Zone:Zone:Read`. @default - none; set this or `apiKeySecretRef` */
  readonly apiTokenSecretRef?: SecretKeyRef;
  /** Legacy global API key; requires `email`. @default - none; set this or `apiTokenSecretRef` */
  readonly apiKeySecretRef?: SecretKeyRef;
  /** E-mail of the Cloudflare account, required with `apiKeySecretRef`. @default - not set */
  readonly email?: string;
}
