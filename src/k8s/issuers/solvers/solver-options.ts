// What every ACME solver shares: the challenge it answers, its selector and (for DNS-01) its CNAME strategy.
// Each solver file builds on these; `AcmeSolver` (acme-solver.ts) puts them together.
import { IConstruct } from 'constructs';
import * as cm from '../../../imports/cert-manager.io';
import { checkDnsName, checkEnum, checkLabels } from '../private/checks';

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

/** One entry of `spec.acme.solvers`, as the generated L1 types spell it. */
export type SolverSpec = cm.ClusterIssuerSpecAcmeSolvers;
/** What a DNS-01 provider's file renders: its own block of `dns01` (e.g. `{ route53: {...} }`). */
export type Dns01ProviderSpec = Omit<cm.ClusterIssuerSpecAcmeSolversDns01, 'cnameStrategy'>;

const nonEmpty = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

export function renderSelector(scope: IConstruct, field: string, selector: AcmeSolverSelector | undefined): SolverSpec['selector'] {
  if (!selector) return undefined;
  selector.dnsZones?.forEach((zone, i) => checkDnsName(scope, `${field}.dnsZones[${i}]`, zone, false));
  selector.dnsNames?.forEach((name, i) => checkDnsName(scope, `${field}.dnsNames[${i}]`, name, true));
  return {
    dnsZones: nonEmpty(selector.dnsZones),
    dnsNames: nonEmpty(selector.dnsNames),
    matchLabels: checkLabels(scope, `${field}.matchLabels`, selector.matchLabels),
  };
}

const CNAME_STRATEGY: Record<CnameStrategy, cm.ClusterIssuerSpecAcmeSolversDns01CnameStrategy> = {
  [CnameStrategy.NONE]: cm.ClusterIssuerSpecAcmeSolversDns01CnameStrategy.NONE,
  [CnameStrategy.FOLLOW]: cm.ClusterIssuerSpecAcmeSolversDns01CnameStrategy.FOLLOW,
};

export function renderCnameStrategy(scope: IConstruct, field: string, value: CnameStrategy | undefined) {
  const strategy = checkEnum(scope, field, value, CnameStrategy);
  return strategy && CNAME_STRATEGY[strategy];
}
