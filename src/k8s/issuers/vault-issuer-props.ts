import { SecretKeyRef } from './secret-key-ref';
import { VaultAuth } from './vault-auth';

/** An issuer backed by a HashiCorp Vault PKI secrets engine. */
export interface VaultIssuerProps {
  /** Vault address, e.g. `https://vault.example.com:8200`. */
  readonly server: string;
  /** Signing path of the PKI role, e.g. `pki_int/sign/example-dot-com`. */
  readonly path: string;
  readonly auth: VaultAuth;
  /** Vault Enterprise namespace. @default - the root namespace */
  readonly vaultNamespace?: string;
  /** PEM bundle of CAs that sign Vault's TLS certificate. Conflicts with `caBundleSecretRef`. @default - the system trust store */
  readonly caBundle?: string;
  /** Secret holding that PEM bundle. Conflicts with `caBundle`. @default - the system trust store */
  readonly caBundleSecretRef?: SecretKeyRef;
  /** TLS server name to verify, when it differs from the host in `server`. @default - the host in `server` */
  readonly serverName?: string;
}
