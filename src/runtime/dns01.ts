// DNS-01 for a whole order at once: one TXT value per pending authorization, all answered in parallel.
import { AcmeSession } from './acme/acme-session';
import { AccountKey, dns01Value } from './acme/jws';
import { describeProblem } from './acme/problem';
import { AcmeAuthorization, authorizationName, authorizationProblem } from './acme/resources';
import { backoffMs, sleep, Sleep, untilAborted } from './acme/retry';
import { isPermanentDnsError, maybePublished } from './dns/dns-errors';
import { waitUntilVisible, VisibilityOptions } from './dns/txt-visibility';
import { asIssueError, IssueError } from './issue-error';
import { DnsProvider, TxtRecord } from './types';

export interface Dns01Task extends ChallengeTask {
  readonly record: TxtRecord;
}

type Progress = (line: string) => void;

/** What some providers do differently; read from the provider when present (the manual one sets both). */
export interface DnsProviderTraits {
  /** `publish` resolves only once the records are served (or a person confirmed it): no visibility wait after it. */
  readonly publishWaitsForVisibility?: boolean;
  /** `remove` only asks a person to delete the records: the run does not claim it removed them. */
  readonly removalIsManual?: boolean;
}

const traitsOf = (dns: DnsProvider): DnsProviderTraits => dns as DnsProvider & DnsProviderTraits;

/** A challenge to answer: the name it proves, its authorization and its URL. */
export interface ChallengeTask {
  readonly name: string;
  readonly authorizationUrl: string;
  readonly challengeUrl: string;
}

/** One task per pending authorization; valid (reused) ones need none, any other state fails. */
export function dns01Tasks(account: AccountKey, authorizations: ReadonlyArray<{ url: string; authz: AcmeAuthorization }>,
  progress: Progress): Dns01Task[] {
  return authorizations.flatMap(({ url, authz }) => {
    const name = authorizationName(authz);
    if (authz.status === 'valid') {
      progress(`${name}: authorization already valid`);
      return [];
    }
    const challenge = authz.challenges.find(c => c.type === 'dns-01');
    if (authz.status !== 'pending' || !challenge) {
      const why = authz.status !== 'pending' ? `authorization is ${authz.status}` : 'the CA offers no dns-01 challenge';
      throw new IssueError(`${name}: ${why}`, [name], authz.status === 'invalid' ? authorizationProblem(authz).type : undefined);
    }
    const record = { fqdn: `_acme-challenge.${authz.identifier.value}`, value: dns01Value(account, challenge.token) };
    progress(`${name}: dns-01 via TXT ${record.fqdn}`);
    return [{ name, authorizationUrl: url, challengeUrl: challenge.url, record }];
  });
}

/**
 * The records a run has handed to its DNS provider that may be on the servers now: what cleanup removes, and
 * nothing else (a publish that failed before sending, or that the server refused, adds none).
 */
export class PublishedRecords {
  private maybe: TxtRecord[] = [];
  private inFlight: Promise<void> = Promise.resolve();

  get records(): readonly TxtRecord[] {
    return this.maybe;
  }

  /** Runs `dns.publish(records)`, counting the records as published from the moment it is called. */
  publish(dns: DnsProvider, records: readonly TxtRecord[]): Promise<void> {
    this.maybe = [...this.maybe, ...records];
    const publishing = Promise.resolve().then(() => dns.publish(records));
    this.inFlight = publishing.then(() => undefined, e => {
      const unpublished = records.filter(r => !maybePublished(e, records).includes(r));
      this.maybe = this.maybe.filter(r => !unpublished.includes(r));
    });
    return publishing;
  }

  /** Resolves once no publish is in flight any more, or after `timeoutMs`. */
  async settled(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inFlight, new Promise<void>(resolve => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
  }
}

/**
 * Publishes every record in one call, waits until the authoritative servers show them all, then has the CA
 * validate every authorization at once. `published` learns what may have reached the DNS servers.
 */
export async function publishAndValidate(acme: AcmeSession, tasks: readonly Dns01Task[], dns: DnsProvider, progress: Progress,
  visibility: VisibilityOptions, published: PublishedRecords = new PublishedRecords()): Promise<void> {
  if (tasks.length === 0) return;
  const records = tasks.map(t => t.record);
  await untilAborted(published.publish(dns, records), visibility.signal);
  progress(`dns: published ${records.length} TXT value(s) via ${dns.name}`);
  if (!traitsOf(dns).publishWaitsForVisibility) {
    const servers = await waitUntilVisible(records, dns, visibility);
    progress(`dns: visible at ${servers.join(', ')}`);
  }
  await answerChallenges(acme, tasks, progress);
}

/** Tells the CA to validate every task, then waits for all; fails with every invalid name's problem. */
export async function answerChallenges(acme: AcmeSession, tasks: readonly ChallengeTask[], progress: Progress): Promise<void> {
  const results = await Promise.allSettled(tasks.map(async task => {
    try {
      await acme.post(task.challengeUrl, {});
      const authz = await acme.poll<AcmeAuthorization>(task.authorizationUrl, s => s !== 'pending');
      if (authz.status !== 'valid') {
        const problem = authorizationProblem(authz);
        throw new IssueError(`${task.name}: ${describeProblem(problem)}`, [task.name], problem.type);
      }
      progress(`${task.name}: valid`);
    } catch (e) {
      // A CA error on the challenge POST or while polling names this task's name, not the whole order's.
      throw asIssueError(e, [task.name]);
    }
  }));
  const failures = results.flatMap(r => (r.status === 'rejected' ? [r.reason as IssueError] : []));
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new IssueError(failures.map(f => f.message).join('; '), failures.flatMap(f => f.names),
      failures.find(f => f.problemType)?.problemType);
  }
}

export interface CleanupOptions {
  /** Keep retrying a failing removal this long. Default 30 s. */
  readonly timeoutMs?: number;
  readonly sleep?: Sleep;
  /** Where the lines about a failing removal go (the CLI: stderr, even with --quiet); default: the progress lines. */
  readonly warn?: (line: string) => void;
}

export const DEFAULT_CLEANUP_TIMEOUT_MS = 30_000;

/**
 * Removes the records, retrying with backoff while the DNS server is unreachable (a permanent error, such as a
 * rejected TSIG key, is not retried); never throws, but returns a warning when records may remain.
 */
export async function removeRecords(dns: DnsProvider, records: readonly TxtRecord[], progress: Progress,
  options: CleanupOptions = {}): Promise<string[]> {
  if (records.length === 0) return [];
  const warn = options.warn ?? progress;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
  for (let n = 1; ; n++) {
    try {
      // A provider call that never answers must not hold the run past its cleanup time.
      await within(dns.remove(records), Math.max(1, deadline - Date.now()), `${dns.name}: no answer`);
      progress(traitsOf(dns).removalIsManual ? `dns: ${records.length} TXT value(s) to delete by hand`
        : `dns: removed ${records.length} TXT value(s)`);
      return [];
    } catch (e) {
      const delay = backoffMs(n, 250, 4_000);
      const reason = (e as Error).message;
      if (isPermanentDnsError(e) || Date.now() + delay > deadline) {
        const warning = `TXT records may remain at ${[...new Set(records.map(r => r.fqdn))].join(', ')}: ${reason}`;
        warn(`dns: ${warning}`);
        return [warning];
      }
      warn(`dns: removing TXT records failed (${reason}); retrying in ${delay} ms`);
      await (options.sleep ?? sleep)(delay);
    }
  }
}

/** `work`, or a failure saying `what` once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Waits (within the cleanup time) for a publish still in flight, then removes what may have been published. */
export async function removePublished(dns: DnsProvider, published: PublishedRecords, progress: Progress,
  options: CleanupOptions = {}): Promise<string[]> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS;
  // A publish that waits for visibility (a person creating records) sent nothing that could still land: its
  // records are known from the start, and removing them is what ends its wait.
  if (!traitsOf(dns).publishWaitsForVisibility) await published.settled(timeoutMs);
  return removeRecords(dns, published.records, progress, { ...options, timeoutMs: Math.max(0, timeoutMs - (Date.now() - started)) });
}
