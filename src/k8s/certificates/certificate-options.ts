import { ApiObjectMetadata, Duration } from 'cdk8s';
import { CertificateKeystores } from './keystores';
import { CertificatePrivateKey } from './private-key';
import { CertificateRenewal } from './renewal';
import { CertificateSubject, NameConstraints, OtherName } from './subject';
import { AdditionalOutputFormat, CertificateSignatureAlgorithm, KeyUsage } from './usages';

/** Labels and annotations cert-manager copies onto the certificate's Secret. */
export interface CertificateSecretTemplate {
  /** @default - none */
  readonly labels?: { [key: string]: string };
  /** @default - none */
  readonly annotations?: { [key: string]: string };
}

/**
 * Everything a Certificate can request except its issuer; the fields of cert-manager's `Certificate` spec (v1).
 * At least one of commonName, literalSubject, dnsNames, ipAddresses, uris, emailAddresses or otherNames is needed.
 */
export interface CertificateOptions {
  /**
   * Metadata of the Certificate object; `namespace` is also where the Secret is written.
   * @default - name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Name of the Secret that receives `tls.crt`, `tls.key` and `ca.crt`.
   * @default - `<metadata.name>-tls`
   */
  readonly secretName?: string;
  /**
   * Labels and annotations for the Secret.
   * @default - none
   */
  readonly secretTemplate?: CertificateSecretTemplate;
  /**
   * DNS subject alternative names; a leading `*.` makes a wildcard.
   * @default - none
   */
  readonly dnsNames?: string[];
  /**
   * Common name (at most 64 characters). TLS clients ignore it when any SAN is present.
   * @default - none
   */
  readonly commonName?: string;
  /**
   * The whole subject as an RFC 4514 string, e.g. `CN=app,O=Example`, for LDAP-style ordering;
   * excludes commonName and subject.
   * @default - none
   */
  readonly literalSubject?: string;
  /**
   * IP address subject alternative names.
   * @default - none
   */
  readonly ipAddresses?: string[];
  /**
   * URI subject alternative names, e.g. SPIFFE IDs.
   * @default - none
   */
  readonly uris?: string[];
  /**
   * E-mail subject alternative names.
   * @default - none
   */
  readonly emailAddresses?: string[];
  /**
   * otherName subject alternative names.
   * @default - none
   */
  readonly otherNames?: OtherName[];
  /**
   * Subject attributes besides the common name.
   * @default - none
   */
  readonly subject?: CertificateSubject;
  /**
   * Requested lifetime, at least 1 hour. The issuer may ignore it (Let's Encrypt always issues 90 days).
   * @default - cert-manager's default, 90 days
   */
  readonly duration?: Duration;
  /**
   * Renew this long before expiry; at least 5 minutes and shorter than duration. Excludes renewBeforePercentage.
   * @default - a third of the lifetime
   */
  readonly renewBefore?: Duration;
  /**
   * Renew when this percentage (1-99) of the lifetime remains. Excludes renewBefore.
   * @default - a third of the lifetime
   */
  readonly renewBeforePercentage?: number;
  /**
   * Renewal policy and windows.
   * @default - renew at renewBefore, at any time
   */
  readonly renewal?: CertificateRenewal;
  /**
   * Private key algorithm, size, encoding and rotation.
   * @default - ECDSA P-256, PKCS1, rotated on every issuance
   */
  readonly privateKey?: CertificatePrivateKey;
  /**
   * Signature algorithm; must fit the key algorithm.
   * @default - chosen by the issuer for the key
   */
  readonly signatureAlgorithm?: CertificateSignatureAlgorithm;
  /**
   * Key usages and extended key usages.
   * @default - cert-manager's default, digital signature and key encipherment
   */
  readonly usages?: KeyUsage[];
  /**
   * Whether usages are encoded in the CSR; turn off only for issuers that reject such CSRs.
   * @default true
   */
  readonly encodeUsagesInRequest?: boolean;
  /**
   * Request a CA certificate (adds the `cert sign` usage).
   * @default false
   */
  readonly isCa?: boolean;
  /**
   * Name constraints; only for CA certificates.
   * @default - none
   */
  readonly nameConstraints?: NameConstraints;
  /**
   * PKCS#12 and JKS keystores in the Secret.
   * @default - none
   */
  readonly keystores?: CertificateKeystores;
  /**
   * Extra encodings of key and chain in the Secret.
   * @default - none
   */
  readonly additionalOutputFormats?: AdditionalOutputFormat[];
  /**
   * How many CertificateRequests to keep, for diagnosing failed renewals.
   * @default 3
   */
  readonly revisionHistoryLimit?: number;
}
