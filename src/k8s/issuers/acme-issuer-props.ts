import { SecretKeyRef } from './secret-key-ref';
import { AcmeSolver } from './solvers/acme-solver';

/** Which Let's Encrypt directory an issuer talks to. */
export enum LetsEncryptEnvironment {
  /** Untrusted certificates with generous rate limits, for everything that is not production. */
  STAGING = 'staging',
  /** Publicly trusted certificates with strict rate limits. */
  PRODUCTION = 'production',
}

/** The ACME account settings shared by Let's Encrypt and any other ACME CA. */
export interface AcmeAccountOptions {
  /** How challenges are answered; at least one. Add a DNS-01 solver to allow wildcard names. */
  readonly solvers: AcmeSolver[];
  /** Contact for the ACME account (expiry and policy notices). @default - no contact (strongly discouraged) */
  readonly email?: string;
  /** Certificate profile offered by the CA's directory, e.g. `tlsserver` or `shortlived`. @default - the CA's default profile */
  readonly profile?: string;
  /** Common name of the root to prefer when the CA offers several chains, e.g. `ISRG Root X1`. @default - the CA's default chain */
  readonly preferredChain?: string;
}

/** An issuer for Let's Encrypt; the directory URL follows from `environment`. */
export interface LetsEncryptIssuerProps extends AcmeAccountOptions {
  readonly environment: LetsEncryptEnvironment;
  /** Secret that stores the ACME account key; never share one between issuers. @default - '<issuer name>-account-key' */
  readonly privateKeySecretName?: string;
}

/** External Account Binding: ties the ACME account to an account at a commercial CA (ZeroSSL, Google, Sectigo...). */
export interface ExternalAccountBindingRef {
  /** Key ID issued by the CA. */
  readonly keyId: string;
  /** Secret holding the base64url HMAC key issued with `keyId`. */
  readonly keySecretRef: SecretKeyRef;
}

/** An issuer for any RFC 8555 ACME server. */
export interface AcmeIssuerProps extends AcmeAccountOptions {
  /** HTTPS URL of the ACME directory. For Let's Encrypt, use `IssuerType.letsEncrypt` instead. */
  readonly server: string;
  /** Secret that stores the ACME account key; never share one between issuers. @default - '<issuer name>-account-key' */
  readonly privateKeySecretName?: string;
  /** Required by CAs that only accept pre-registered accounts. @default - no binding */
  readonly externalAccountBinding?: ExternalAccountBindingRef;
  /** PEM bundle of CAs that sign the ACME server's TLS certificate (a private ACME server). @default - the system trust store */
  readonly caBundle?: string;
  /** INSECURE: skip TLS verification of the ACME server; development only. Conflicts with `caBundle`. @default false */
  readonly skipTlsVerify?: boolean;
  /** Use an existing account key from `privateKeySecretName` instead of registering a new account. @default false */
  readonly disableAccountKeyGeneration?: boolean;
  /** Ask for a NotAfter matching the Certificate's duration (not supported by Let's Encrypt). @default false */
  readonly enableDurationFeature?: boolean;
}
