// DNS-01 for a whole order at once: one TXT value per pending authorization, all answered in parallel.
import { AcmeSession } from './acme/acme-session';
import { AccountKey, dns01Value } from './acme/jws';
import { describeProblem } from './acme/problem';
import { AcmeAuthorization, authorizationName, authorizationProblem } from './acme/resources';
import { backoffMs, sleep, Sleep } from './acme/retry';
import { waitUntilVisible, VisibilityOptions } from './dns/txt-visibility';
import { asIssueError, IssueError } from './issue-error';
import { DnsProvider, TxtRecord } from './types';

export interface Dns01Task {
  readonly name: string;
  readonly authorizationUrl: string;
  readonly challengeUrl: string;
  readonly record: TxtRecord;
}

type Progress = (line: string) => void;

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
 * Publishes every record in one call, waits until the authoritative servers show them all, then has the CA
 * validate every authorization at once.
 */
export async function publishAndValidate(acme: AcmeSession, tasks: readonly Dns01Task[], dns: DnsProvider, progress: Progress,
  visibility: VisibilityOptions): Promise<void> {
  if (tasks.length === 0) return;
  const records = tasks.map(t => t.record);
  await dns.publish(records);
  progress(`dns: published ${records.length} TXT value(s) via ${dns.name}`);
  const servers = await waitUntilVisible(records, dns, visibility);
  progress(`dns: visible at ${servers.join(', ')}`);
  await answerChallenges(acme, tasks, progress);
}

/** Tells the CA to validate every task, then waits for all; fails with every invalid name's problem. */
async function answerChallenges(acme: AcmeSession, tasks: readonly Dns01Task[], progress: Progress): Promise<void> {
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
}

/**
 * Removes the records, retrying with backoff while the DNS server is unreachable; never throws, but returns a
 * warning when records may remain.
 */
export async function removeRecords(dns: DnsProvider, records: readonly TxtRecord[], progress: Progress,
  options: CleanupOptions = {}): Promise<string[]> {
  if (records.length === 0) return [];
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (let n = 1; ; n++) {
    try {
      await dns.remove(records);
      progress(`dns: removed ${records.length} TXT value(s)`);
      return [];
    } catch (e) {
      const delay = backoffMs(n, 250, 4_000);
      const reason = (e as Error).message;
      if (Date.now() + delay > deadline) {
        const warning = `TXT records may remain at ${[...new Set(records.map(r => r.fqdn))].join(', ')}: ${reason}`;
        progress(`dns: ${warning}`);
        return [warning];
      }
      progress(`dns: removing TXT records failed (${reason}); retrying in ${delay} ms`);
      await (options.sleep ?? sleep)(delay);
    }
  }
}
