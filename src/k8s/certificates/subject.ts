/** X.509 subject attributes besides the common name. */
export interface CertificateSubject {
  /** @default - none */
  readonly organizations?: string[];
  /** @default - none */
  readonly organizationalUnits?: string[];
  /** @default - none */
  readonly countries?: string[];
  /** @default - none */
  readonly provinces?: string[];
  /** @default - none */
  readonly localities?: string[];
  /** @default - none */
  readonly streetAddresses?: string[];
  /** @default - none */
  readonly postalCodes?: string[];
  /** @default - none */
  readonly serialNumber?: string;
}

/** A UTF-8 string `otherName` subject alternative name, e.g. a Microsoft UPN (OID 1.3.6.1.4.1.311.20.2.3). */
export interface OtherName {
  /** Object identifier as a dotted string. */
  readonly oid: string;
  /** The value. */
  readonly utf8Value: string;
}

/** Names a CA certificate may (permitted) or may not (excluded) sign for (RFC 5280 section 4.2.1.10). */
export interface NameConstraintItems {
  /** @default - none */
  readonly dnsDomains?: string[];
  /** IP ranges in CIDR notation. @default - none */
  readonly ipRanges?: string[];
  /** @default - none */
  readonly emailAddresses?: string[];
  /** @default - none */
  readonly uriDomains?: string[];
}

/**
 * The name constraints extension of a CA certificate. An alpha feature of cert-manager: it needs
 * `--feature-gates=NameConstraints=true` on the controller and the webhook.
 */
export interface NameConstraints {
  /**
   * Whether the extension is marked critical.
   * @default false
   */
  readonly critical?: boolean;
  /** @default - no permitted subtrees */
  readonly permitted?: NameConstraintItems;
  /** @default - no excluded subtrees */
  readonly excluded?: NameConstraintItems;
}
