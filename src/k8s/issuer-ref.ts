/**
 * What a Certificate (or an Ingress annotation) needs to know about the issuer that signs it.
 * Issuer constructs implement it. An issuer managed elsewhere comes in through `ClusterIssuer.fromClusterIssuerName`
 * or `Issuer.fromIssuerName` (cert-manager's own kinds), or `IssuerReference.of` (any kind and group, e.g. an
 * external issuer or an `AWSPCAClusterIssuer`).
 */
export interface IIssuerRef {
  /** `metadata.name` of the issuer. */
  readonly issuerName: string;
  /** `Issuer`, `ClusterIssuer`, `AWSPCAClusterIssuer`, `AWSPCAIssuer`, or an external issuer's kind. */
  readonly issuerKind: string;
  /** API group: `cert-manager.io`, `awspca.cert-manager.io`, or an external issuer's group. */
  readonly issuerGroup: string;
  /**
   * Namespace of a namespaced issuer.
   * @default - undefined for cluster-scoped issuers
   */
  readonly issuerNamespace?: string;
  /**
   * Whether the issuer can sign wildcard names (an ACME issuer needs a DNS-01 solver for that).
   * Undefined when unknown (external issuers), which skips the check.
   * @default - unknown, not checked
   */
  readonly supportsWildcards?: boolean;
  /**
   * The ACME directory URL, for an ACME issuer whose server is known. The environment guard
   * (`CertkitEnvironment`) uses it to tell Let's Encrypt production from staging.
   * @default - unknown, so the environment guard reads the issuer's name
   */
  readonly acmeServer?: string;
}

/**
 * What is known about an issuer that this app does not define.
 *
 * Taken by `ClusterIssuer.fromClusterIssuerName`, `Issuer.fromIssuerName` and (with kind and group) `IssuerReference.of`.
 */
export interface ExistingIssuerOptions {
  /**
   * Whether the issuer can sign wildcard names.
   *
   * Set it when known, so wildcard names can be checked at synth time.
   * @default - unknown, not checked
   */
  readonly supportsWildcards?: boolean;
  /**
   * The issuer's ACME directory URL, when it is an ACME issuer.
   *
   * The environment guard (`CertkitEnvironment`) uses it to tell Let's Encrypt production from staging.
   * @default - unknown; a name that says Let's Encrypt and an environment (e.g. `letsencrypt-prod`) is taken at its word
   */
  readonly acmeServer?: string;
}

/** Options for referencing an issuer that this app does not define, of any kind and group. */
export interface IssuerReferenceOptions extends ExistingIssuerOptions {
  /**
   * Kind of the issuer: `Issuer`, `ClusterIssuer`, `AWSPCAClusterIssuer`, `AWSPCAIssuer`, or an external issuer's kind.
   * @default 'ClusterIssuer'
   */
  readonly kind?: string;
  /**
   * API group of the issuer's kind: `cert-manager.io`, `awspca.cert-manager.io`, or an external issuer's group.
   * @default 'cert-manager.io'
   */
  readonly group?: string;
  /**
   * Namespace of a namespaced issuer.
   *
   * Required for namespaced kinds such as `Issuer`, so that cross-namespace use can be caught.
   * @default - cluster-scoped
   */
  readonly namespace?: string;
}

/** A reference to an issuer by name, kind and group (for issuers defined outside this app). */
export class IssuerReference implements IIssuerRef {
  /**
   * References an issuer by name.
   *
   * It is a `ClusterIssuer` of `cert-manager.io` unless `options` say otherwise.
   *
   * @param name the issuer's `metadata.name`
   * @param options kind, group and namespace of the issuer, and what is known about it
   */
  public static of(name: string, options: IssuerReferenceOptions = {}): IIssuerRef {
    return new IssuerReference(name, options);
  }

  /** `metadata.name` of the issuer. */
  public readonly issuerName: string;
  /** Kind of the issuer, `ClusterIssuer` unless `options.kind` said otherwise. */
  public readonly issuerKind: string;
  /** API group of the issuer's kind, `cert-manager.io` unless `options.group` said otherwise. */
  public readonly issuerGroup: string;
  /**
   * Namespace of a namespaced issuer.
   * @default - undefined for cluster-scoped issuers
   */
  public readonly issuerNamespace?: string;
  /**
   * Whether the issuer can sign wildcard names.
   * @default - unknown, not checked
   */
  public readonly supportsWildcards?: boolean;
  /**
   * The issuer's ACME directory URL.
   * @default - unknown, so the environment guard reads the issuer's name
   */
  public readonly acmeServer?: string;

  private constructor(name: string, options: IssuerReferenceOptions) {
    this.issuerName = name;
    this.issuerKind = options.kind ?? 'ClusterIssuer';
    this.issuerGroup = options.group ?? 'cert-manager.io';
    this.issuerNamespace = options.namespace;
    this.supportsWildcards = options.supportsWildcards;
    this.acmeServer = options.acmeServer;
  }
}
