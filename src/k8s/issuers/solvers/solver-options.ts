// What every ACME solver shares: the challenge it answers, its selector and (for DNS-01) its CNAME strategy.
// Each solver file builds on these; `AcmeSolver` (acme-solver.ts) puts them together.
import { IConstruct } from 'constructs';
import * as cm from '../../../imports/cert-manager.io';
import { report } from '../../../private/errors';
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
 *
 * An empty list or map is refused: cert-manager reads `dnsZones: []` (and `dnsNames: []`, `matchLabels: {}`) as
 * "no restriction", so the solver would answer for every name, the opposite of what an empty list of zones seems
 * to say (typically a computed list that came out empty). Leave the field out to match everything.
 */
export interface AcmeSolverSelector {
  /** Zones whose names (and subdomains) this solver handles, e.g. `example.com`; not empty. @default - any zone */
  readonly dnsZones?: string[];
  /** Exact DNS names this solver handles, e.g. `www.example.com` or `*.example.com`; not empty. @default - any name */
  readonly dnsNames?: string[];
  /** Labels a Certificate must carry for this solver to be used. Not empty. @default - any labels */
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
  /**
   * Whether cert-manager follows CNAMEs from `_acme-challenge.<name>` to write the TXT record in a delegated zone.
   * @default CnameStrategy.NONE
   */
  readonly cnameStrategy?: CnameStrategy;
}

/** One entry of `spec.acme.solvers`, as the generated L1 types spell it. */
export type SolverSpec = cm.ClusterIssuerSpecAcmeSolvers;
/** What a DNS-01 provider's file renders: its own block of `dns01` (e.g. `{ route53: {...} }`). */
export type Dns01ProviderSpec = Omit<cm.ClusterIssuerSpecAcmeSolversDns01, 'cnameStrategy'>;

const nonEmpty = <T>(list: T[] | undefined) => (list && list.length > 0 ? list : undefined);

/**
 * cert-manager's solver picker (pkg/controller/acmeorders/selectors: `dnsZonesSelector.Matches` and its siblings)
 * treats an empty list or map like an absent one: it matches every name.
 */
function reportEmpty(scope: IConstruct, field: string, value: unknown, items: string): void {
  const list = Array.isArray(value);
  const empty = list ? (value as unknown[]).length === 0 : typeof value === 'object' && value !== null && Object.keys(value).length === 0;
  if (empty) {
    const name = field.slice(field.lastIndexOf('.') + 1);
    report(scope, field, `is empty; cert-manager reads an empty ${list ? 'list' : 'map'} of ${items} as no restriction, so this solver would answer for every certificate`,
      `give the ${items} this solver handles, or leave ${name} out to use it for every certificate`);
  }
}

export function renderSelector(scope: IConstruct, field: string, selector: AcmeSolverSelector | undefined): SolverSpec['selector'] {
  if (!selector) return undefined;
  reportEmpty(scope, `${field}.dnsZones`, selector.dnsZones, 'zones');
  reportEmpty(scope, `${field}.dnsNames`, selector.dnsNames, 'DNS names');
  reportEmpty(scope, `${field}.matchLabels`, selector.matchLabels, 'labels');
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
