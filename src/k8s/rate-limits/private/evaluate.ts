// Counting a fresh install's orders against the CAs' limits, and the budget table. Pure functions over the orders of
// private/orders.ts; RateLimitBudget (../rate-limit-budget.ts) runs them at synth.
import { isIP } from 'node:net';
import { caKey, ClusterOrders, Order, registeredDomainOf } from './orders';
import { AccountRateLimits, AcmeRateLimits, CaRateLimits, LetsEncryptRateLimits } from '../lets-encrypt-limits';

/** What the counting reads of RateLimitBudgetOptions. */
export interface EvaluateOptions {
  readonly limits?: CaRateLimits[];
  readonly accountLimits?: AccountRateLimits[];
  readonly warnAt?: number;
  readonly rebuildsPerWeek?: number;
  readonly assumeBackupsExist?: boolean;
}

/** A problem found against the limits, kept with the clusters whose orders make it. */
export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly field: string;
  readonly problem: string;
  readonly fix: string;
  readonly clusters: ReadonlySet<string>;
}

export type ClusterInput = ClusterOrders & { readonly cluster: string };


export interface CaLimits {
  readonly label: string;
  readonly letsEncrypt?: 'production' | 'staging';
  readonly limits: AcmeRateLimits;
}

export interface DomainRow {
  readonly domain: string;
  /** Orders a fresh install makes that name the domain. */
  readonly orders: Order[];
  /** Orders a CertificateBackup restore saves on a rebuild (counted in `orders` when backups are not assumed). */
  restored: number;
  readonly names: Set<string>;
  /** The most orders of one exact set of names touching the domain (times rebuilds per week). */
  sameSet: number;
  /** The most names in one of its certificates. */
  maxNames: number;
}

export interface AccountRow {
  readonly account: string;
  readonly orders: number;
  readonly limit?: number;
}

export interface CaRow {
  readonly ca: string;
  readonly directoryUrl: string;
  readonly caLimits: CaLimits;
  readonly domains: DomainRow[];
  readonly accounts: AccountRow[];
  readonly ordered: number;
  /** Certificates a CertificateBackup restores (not ordered on a rebuild when backups are assumed). */
  readonly restored: number;
}

export interface Evaluation {
  readonly cas: CaRow[];
  readonly findings: Finding[];
  readonly unresolved: string[];
  readonly unknownNames: string[];
}

function limitsFor(ca: string, order: Order, options: EvaluateOptions): CaLimits {
  const published = order.issuer.letsEncrypt === 'production' ? LetsEncryptRateLimits.PRODUCTION
    : order.issuer.letsEncrypt === 'staging' ? LetsEncryptRateLimits.STAGING : {};
  const override = (options.limits ?? []).find(l => caKey(l.directoryUrl) === ca)?.limits ?? {};
  const label = order.issuer.letsEncrypt ? `Let's Encrypt ${order.issuer.letsEncrypt}` : ca;
  return { label, letsEncrypt: order.issuer.letsEncrypt, limits: { ...published, ...defined(override) } };
}

function defined(limits: AcmeRateLimits): AcmeRateLimits {
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined));
}

const setKey = (o: Order) => o.identifiers.join(',');
const clustersOf = (orders: readonly Order[]) => new Set(orders.map(o => o.cluster));

/** A short list of where orders come from. */
function sourcesOf(orders: readonly Order[], multiCluster: boolean, max = 3): string {
  const names = orders.map(o => (multiCluster ? `${o.cluster}:${o.source}` : o.source));
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function evaluate(clusters: readonly (ClusterOrders & { cluster: string })[], options: EvaluateOptions, multiCluster: boolean): Evaluation {
  const warnAt = options.warnAt ?? 0.8;
  const rebuilds = options.rebuildsPerWeek ?? 1;
  const backups = options.assumeBackupsExist ?? true;
  const all = clusters.flatMap(c => c.orders);
  const findings: Finding[] = [];
  type Problem = (pct: string) => string;
  const judge = (count: number, limit: number | undefined, orders: readonly Order[], field: string, problem: Problem, fix: string) => {
    if (limit === undefined || count < warnAt * limit) return;
    const severity = count > limit ? 'error' : 'warning';
    findings.push({ severity, field, problem: problem(`${Math.round((100 * count) / limit)}%`), fix, clusters: clustersOf(orders) });
  };

  const byCa = new Map<string, Order[]>();
  for (const o of all) byCa.set(o.issuer.ca, [...(byCa.get(o.issuer.ca) ?? []), o]);
  const cas: CaRow[] = [];
  // Let's Encrypt production first, then staging, then other CAs by directory.
  const rank = (o: Order) => ({ production: '0', staging: '1' } as Record<string, string>)[o.issuer.letsEncrypt ?? ''] ?? `2${o.issuer.ca}`;
  for (const [ca, orders] of [...byCa].sort(([, a], [, b]) => rank(a[0]).localeCompare(rank(b[0])))) {
    const caLimits = limitsFor(ca, orders[0], options);
    const { limits, label } = caLimits;
    const ordered = orders.filter(o => !(backups && o.restored));
    const at = `from ${label}`;

    // Names per certificate: every certificate, restored or not (its renewal orders the same names).
    for (const o of orders) {
      if (limits.namesPerCertificate !== undefined && o.identifiers.length > limits.namesPerCertificate) {
        findings.push({
          severity: 'error',
          field: `Certificate ${multiCluster ? `${o.cluster}:` : ''}${o.source}`,
          problem: `has ${o.identifiers.length} names, over the ${limits.namesPerCertificate} names per certificate ${label} allows`,
          fix: `split it into certificates of at most ${limits.namesPerCertificate} names, or cover hosts with a wildcard through DNS-01`,
          clusters: new Set([o.cluster]),
        });
      }
    }

    // Exact sets of names.
    const sets = new Map<string, Order[]>();
    for (const o of ordered.filter(x => !x.namesUnknown && x.identifiers.length > 0)) sets.set(setKey(o), [...(sets.get(setKey(o)) ?? []), o]);
    for (const [key, same] of sets) {
      const count = same.length * rebuilds;
      const shown = key.length > 80 ? `${key.slice(0, 77)}...` : key;
      judge(count, limits.certificatesPerExactSetPerWeek, same, `names [${shown}]`,
        pct => `are ordered ${count} times a week ${at} (${same.length} certificate${same.length === 1 ? '' : 's'}: ${sourcesOf(same, multiCluster)}${rebuilds > 1 ? `, ${rebuilds} rebuilds a week` : ''}), ${pct} of the limit of ${limits.certificatesPerExactSetPerWeek} per exact set of names per week`,
        ['restore these certificates from a CertificateBackup instead of ordering them on every rebuild', 'rebuild less often',
          ...(caLimits.letsEncrypt === 'production' ? ["use the Let's Encrypt staging issuer for non-production clusters"] : []),
          'or give the clusters distinct names'].join('; '));
    }

    // Registered domains.
    const rows = new Map<string, DomainRow>();
    for (const o of orders) {
      for (const d of o.registeredDomains) {
        const row = rows.get(d) ?? { domain: d, orders: [], restored: 0, names: new Set<string>(), sameSet: 0, maxNames: 0 };
        rows.set(d, row);
        if (backups && o.restored) {
          row.restored++;
          continue;
        }
        if (o.restored) row.restored++;
        row.orders.push(o);
        o.identifiers.filter(n => registeredDomainOf(n) === d).forEach(n => row.names.add(n));
        row.maxNames = Math.max(row.maxNames, o.identifiers.length);
        row.sameSet = Math.max(row.sameSet, (sets.get(setKey(o))?.length ?? 0) * rebuilds);
      }
    }
    const domains = [...rows.values()].sort((a, b) => b.orders.length - a.orders.length || a.domain.localeCompare(b.domain));
    for (const row of domains) {
      const count = row.orders.length;
      const limit = limits.certificatesPerRegisteredDomainPerWeek;
      const notRestored = row.orders.filter(o => !o.restored).length;
      judge(count, limit, row.orders, `registered domain ${row.domain}`,
        pct => `gets ${count} new certificates ${at} on a fresh install (${sourcesOf(row.orders, multiCluster)}), ${pct} of the limit of ${limit} per registered domain per week`,
        waysOut(row, caLimits, notRestored));
    }

    // Accounts.
    const byAccount = new Map<string, Order[]>();
    for (const o of ordered) byAccount.set(o.issuer.accountKeySecret, [...(byAccount.get(o.issuer.accountKeySecret) ?? []), o]);
    const accounts: AccountRow[] = [];
    for (const [account, mine] of [...byAccount].sort(([a], [b]) => a.localeCompare(b))) {
      const raised = (options.accountLimits ?? [])
        .find(a => caKey(a.directoryUrl) === ca && a.accountKeySecretName === account)?.limits.ordersPerAccountPer3Hours;
      const limit = raised ?? limits.ordersPerAccountPer3Hours;
      accounts.push({ account, orders: mine.length, limit });
      judge(mine.length, limit, mine, `ACME account ${account || '(no account key Secret)'}`,
        pct => `places ${mine.length} new orders ${at} on a fresh install, ${pct} of the limit of ${limit} per account per 3 hours`,
        ['restore certificates from a CertificateBackup instead of ordering them', 'merge names into fewer certificates',
          'spread the clusters\' installs over more than 3 hours, or give them separate ACME accounts (separate account key Secrets)',
          ...(caLimits.letsEncrypt === 'production' ? ["use the Let's Encrypt staging issuer for non-production clusters"] : [])].join('; '));
    }
    const restored = orders.filter(o => o.restored).length;
    cas.push({ ca, directoryUrl: orders[0].issuer.directoryUrl, caLimits, domains, accounts, ordered: ordered.length, restored });
  }

  return {
    cas,
    findings,
    unresolved: clusters.flatMap(c => c.unresolved.map(u => (multiCluster ? `${c.cluster}:${u}` : u))),
    unknownNames: all.filter(o => o.namesUnknown).map(o => (multiCluster ? `${o.cluster}:${o.source}` : o.source)),
  };
}

function waysOut(row: DomainRow, ca: CaLimits, notRestored: number): string {
  const issuers = [...new Map(row.orders.map(o => [`${o.issuer.kind} ${o.issuer.name}`, o.issuer])).entries()];
  const lacking = issuers.filter(([, i]) => !i.solvesDns01).map(([n]) => n);
  const wildcard = lacking.length === 0
    ? `cover the hosts under ${row.domain} with a wildcard (*.${row.domain}) in one certificate, through the DNS-01 solver of ${issuers.map(([n]) => n).join(', ')}`
    : `cover the hosts under ${row.domain} with a wildcard (*.${row.domain}) through DNS-01, after adding a DNS-01 solver to ${lacking.join(', ')} (a wildcard needs DNS-01)`;
  const names = ca.limits.namesPerCertificate ?? 100;
  const isAddress = isIP(row.domain) !== 0 || row.domain.endsWith('::/64');
  return [
    ...(isAddress ? [] : [wildcard]),
    `use fewer distinct certificates (one certificate takes up to ${names} names)`,
    `restore certificates from a CertificateBackup instead of ordering them again (${notRestored} of these are not restored)`,
    ...(ca.letsEncrypt === 'production' ? ["use the Let's Encrypt staging issuer for non-production clusters"] : []),
    'or, with a raised limit from the CA, give it in limits',
  ].join('; ');
}

// ---- the report ----

const share = (count: number, limit: number | undefined) => (limit === undefined ? '-' : `${Math.round((100 * count) / limit)}% of ${limit}`);

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => r[i].length)));
  return rows.map(r => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`.trimEnd());
}

export function renderReport(e: Evaluation, options: EvaluateOptions, multiCluster: boolean): string {
  const backups = options.assumeBackupsExist ?? true;
  const rebuilds = options.rebuildsPerWeek ?? 1;
  const lines = [
    `ACME rate-limit budget of a fresh install${multiCluster ? ' of every cluster' : ''}${backups ? ' (restored certificates not ordered)' : ' (first install: nothing restored)'}` +
    `${rebuilds > 1 ? `, ${rebuilds} rebuilds a week` : ''}; Let's Encrypt limits read ${LetsEncryptRateLimits.READ_ON} from ${LetsEncryptRateLimits.SOURCE}`,
  ];
  if (e.cas.length === 0) lines.push('  no certificates from ACME issuers');
  let saved = 0;
  for (const ca of e.cas) {
    const l = ca.caLimits.limits;
    saved += ca.restored;
    const head = `${ca.caLimits.label}: ${ca.ordered} order${ca.ordered === 1 ? '' : 's'}${ca.restored ? `, ${ca.restored} restored by CertificateBackup` : ''}`;
    lines.push(ca.caLimits.letsEncrypt === 'staging'
      ? `${head} (staging limits are far higher than production's: ${l.certificatesPerRegisteredDomainPerWeek} per registered domain and ${l.certificatesPerExactSetPerWeek} per exact set a week, ${l.ordersPerAccountPer3Hours} orders per account per 3 hours; see ${LetsEncryptRateLimits.STAGING_SOURCE})`
      : Object.keys(defined(l)).length === 0 ? `${head} (no limits known for this CA; give them in limits)` : head);
    lines.push(...table([
      ['registered domain', 'certificates', 'names', 'per domain/week', 'same names/week', 'names/certificate', 'restored'],
      ...ca.domains.map(d => [d.domain, `${d.orders.length}`, `${d.names.size}`, share(d.orders.length, l.certificatesPerRegisteredDomainPerWeek),
        share(d.sameSet, l.certificatesPerExactSetPerWeek), share(d.maxNames, l.namesPerCertificate), `${d.restored}`]),
    ]));
    for (const a of ca.accounts) lines.push(`  account ${a.account || '(no account key Secret)'}: ${a.orders} order${a.orders === 1 ? '' : 's'}, ${share(a.orders, a.limit)} per 3 hours`);
  }
  const orders = (n: number) => `${n} order${n === 1 ? '' : 's'}`;
  lines.push(saved === 0 ? 'A rebuild saves nothing: no certificate is restored from a CertificateBackup.'
    : backups ? `A rebuild saves ${orders(saved)} through CertificateBackup restores.`
      : `Once the backups exist, a rebuild saves ${orders(saved)} through CertificateBackup restores.`);
  if (e.unresolved.length) lines.push(`Not counted, issuer not found (or on different CAs in different apps): ${e.unresolved.join(', ')}.`);
  if (e.unknownNames.length) lines.push(`Names not known at synth (counted without them): ${e.unknownNames.join(', ')}.`);
  for (const f of e.findings) lines.push(`${f.severity === 'error' ? 'OVER' : 'close'}: ${f.field} ${f.problem}.`);
  return lines.join('\n');
}
