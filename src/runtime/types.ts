// The runtime core's contract: what the CLI and the Lambda handler call. Plain TypeScript, no constructs.

/** Key types for the certificate's private key. */
export type KeyType = 'ec256' | 'ec384' | 'rsa2048' | 'rsa3072' | 'rsa4096';

/** One TXT record to publish for a DNS-01 challenge. */
export interface TxtRecord {
  /** Fully qualified record name, without a trailing dot, e.g. `_acme-challenge.example.com`. */
  readonly fqdn: string;
  /** The key authorization digest. Several values may share one fqdn (apex and wildcard). */
  readonly value: string;
}

/** A DNS provider that can publish and remove DNS-01 TXT records. */
export interface DnsProvider {
  readonly name: string;
  /** Publishes all records (grouped into RRsets by fqdn) and resolves when the provider has accepted them. */
  publish(records: readonly TxtRecord[]): Promise<void>;
  /** Removes exactly the given values; must not fail when they are already gone. */
  remove(records: readonly TxtRecord[]): Promise<void>;
  /**
   * Authoritative name servers (host:port or IP) to ask directly whether `fqdn` shows the records;
   * when absent the core finds them through NS lookups.
   */
  authoritativeServers?(fqdn: string): Promise<string[]>;
}

export interface ExternalAccountBinding {
  readonly kid: string;
  /** Base64url-encoded HMAC key, as CAs hand it out. */
  readonly hmacKey: string;
}

export interface IssueRequest {
  /** ACME directory URL. */
  readonly directoryUrl: string;
  /** PEM bundle trusted for the ACME server's TLS (a private or test CA). */
  readonly caBundlePem?: string;
  readonly email?: string;
  /** Names for the certificate; the first one is the subject's common name. Wildcards allowed. */
  readonly domains: readonly string[];
  /** Default `ec256`. */
  readonly keyType?: KeyType;
  /** PEM account key; a new one is created when absent and returned in the result. */
  readonly accountKeyPem?: string;
  readonly externalAccountBinding?: ExternalAccountBinding;
  /** ACME profile, used when the CA offers profiles. */
  readonly profile?: string;
  readonly dns: DnsProvider;
  /** One line per step of progress (per authorization), for the CLI and logs. Never key material. */
  readonly onProgress?: (line: string) => void;
  /**
   * ARI identifier of the certificate this order renews (`RenewalDecision.certificateId`); sent as the order's
   * `replaces` when the CA offers ACME Renewal Information (RFC 9773).
   */
  readonly replaces?: string;
  /** How long to wait for the TXT records to show on the authoritative servers. Default 120 s. */
  readonly propagationTimeoutMs?: number;
}

export interface IssuedCertificate {
  /** Leaf certificate, PEM. */
  readonly certificatePem: string;
  /** Intermediates, PEM (may be empty). */
  readonly chainPem: string;
  /** Leaf followed by intermediates, PEM. */
  readonly fullchainPem: string;
  /** PKCS#8 PEM private key. */
  readonly privateKeyPem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SAN DNS names of the issued certificate. */
  readonly names: readonly string[];
  /** The account key used (new or given), PEM, for the caller to store. */
  readonly accountKeyPem: string;
  /** Problems that did not stop issuance, e.g. a TXT record that could not be removed. */
  readonly warnings?: readonly string[];
}

export interface RenewalDecision {
  readonly renew: boolean;
  /** Why, in one line, e.g. `ARI window opens 2026-12-01T00:00:00Z` or `less than 1/3 of lifetime left`. */
  readonly reason: string;
  /** When to renew at the latest (from ARI or the 1/3 rule). */
  readonly renewAt?: Date;
  /** The certificate's ARI identifier, to pass as `IssueRequest.replaces` (absent without an AKI). */
  readonly certificateId?: string;
}
