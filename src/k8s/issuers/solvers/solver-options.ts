/** Which ACME challenge a solver answers. */
export enum ChallengeType {
  /** HTTP-01: a token served over plain HTTP on port 80. Cannot validate wildcard names. */
  HTTP01 = 'HTTP-01',
  /** DNS-01: a TXT record under `_acme-challenge`. Validates wildcard names. */
  DNS01 = 'DNS-01',
}

/**
 * Which certificates a solver is used for. cert-manager picks the most specific matching solver;
 * a solver without selector matches everything.
 */
export interface AcmeSolverSelector {
  /** Zones whose names (and subdomains) this solver handles, e.g. `example.com`. @default - any zone */
  readonly dnsZones?: string[];
  /** Exact DNS names this solver handles, e.g. `www.example.com` or `*.example.com`. @default - any name */
  readonly dnsNames?: string[];
  /** Labels a Certificate must carry for this solver to be used. @default - any labels */
  readonly matchLabels?: { [key: string]: string };
}

/** Options every solver accepts. */
export interface AcmeSolverOptions {
  /** Restricts the solver to some names, zones or labelled certificates. @default - used for every certificate */
  readonly selector?: AcmeSolverSelector;
}

/** How DNS-01 follows CNAME records found at `_acme-challenge.<name>`. */
export enum CnameStrategy {
  /** Write the TXT record at `_acme-challenge.<name>` itself. */
  NONE = 'None',
  /** Follow CNAMEs and write the TXT record at their target (delegated validation zones). */
  FOLLOW = 'Follow',
}

/** Options every DNS-01 solver accepts. */
export interface Dns01SolverOptions extends AcmeSolverOptions {
  /** @default CnameStrategy.NONE */
  readonly cnameStrategy?: CnameStrategy;
}
