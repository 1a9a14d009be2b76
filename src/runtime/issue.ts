// Issues a certificate over ACME with DNS-01 (through a DnsProvider), HTTP-01 or TLS-ALPN-01 (through a
// ChallengeSolver): the runtime core the CLI and the Lambda handler share.
import { crypto as acmeCrypto } from 'acme-client';
import { AcmeSession } from './acme/acme-session';
import { newAccountKeyPem } from './acme/jws';
import { describeProblem } from './acme/problem';
import { AcmeAuthorization, AcmeOrder } from './acme/resources';
import { DeadlineError, InterruptedError, RetryPolicy, Sleep, untilAborted } from './acme/retry';
import { parseCertificateChain } from './certificate';
import { ChallengeSolver, SolverChallenge } from './challenges/solver';
import { cleanUpPresented, presentAndValidate, solverTasks, wildcardProblem } from './challenges/solver-tasks';
import { CleanupOptions, dns01Tasks, PublishedRecords, publishAndValidate, removePublished } from './dns01';
import { asIssueError, IssueError } from './issue-error';
import { createCsr, generatePrivateKey } from './keys';
import { newOrderPayload, normalizeDomains } from './order-request';
import { DnsProvider, IssuedCertificate, IssueRequest } from './types';

/**
 * An IssueRequest answered either through `dns` (DNS-01) or through `solver` (HTTP-01, TLS-ALPN-01). Every
 * IssueRequest is one, so callers written for DNS-01 only keep working.
 */
export interface ChallengeIssueRequest extends Omit<IssueRequest, 'dns'> {
  readonly dns?: DnsProvider;
  /** Answers the order's HTTP-01 or TLS-ALPN-01 challenges instead of DNS-01; wildcards then fail. */
  readonly solver?: ChallengeSolver;
}

/** The whole run (key, account, order, DNS, validation, certificate) is stopped after this long by default. */
export const DEFAULT_RUN_TIMEOUT_MS = 600_000;

/** Knobs for tests, unusual CAs and callers with a deadline of their own; the defaults suit public CAs. */
export interface IssueTuning {
  readonly retry?: Partial<RetryPolicy>;
  readonly pollTimeoutMs?: number;
  readonly cleanup?: CleanupOptions;
  readonly sleep?: Sleep;
  /**
   * The run fails with "gave up after N s" once this has passed (published TXT records are still removed,
   * within `cleanup.timeoutMs` more). Default 10 minutes.
   */
  readonly timeoutMs?: number;
  /** Aborting it (with an `InterruptedError` as reason, say) stops the run at once; published records are removed. */
  readonly signal?: AbortSignal;
}

export async function issueCertificate(request: ChallengeIssueRequest, tuning: IssueTuning = {}): Promise<IssuedCertificate> {
  const domains = normalizeDomains(request.domains);
  const progress = request.onProgress ?? (() => undefined);
  const timeoutMs = tuning.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const run = new AbortController();
  const timer = setTimeout(() => run.abort(new DeadlineError(timeoutMs)), timeoutMs);
  const onAbort = () => run.abort(tuning.signal?.reason ?? new InterruptedError('abort'));
  if (tuning.signal?.aborted) onAbort();
  tuning.signal?.addEventListener('abort', onAbort, { once: true });
  const signal = run.signal;
  try {
    return await issue(request, tuning, domains, progress, signal);
  } catch (e) {
    throw asIssueError(e, domains, stoppedBy(signal));
  } finally {
    clearTimeout(timer);
    tuning.signal?.removeEventListener('abort', onAbort);
  }
}

function stoppedBy(signal: AbortSignal): string | undefined {
  if (!signal.aborted) return undefined;
  return signal.reason instanceof InterruptedError ? signal.reason.signalName : 'deadline';
}

async function issue(request: ChallengeIssueRequest, tuning: IssueTuning, domains: string[], progress: (line: string) => void,
  signal: AbortSignal): Promise<IssuedCertificate> {
  // Refused before anything is ordered: a wildcard order a solver cannot answer would only spend a rate limit.
  const wildcards = request.solver ? domains.filter(d => d.startsWith('*.')) : [];
  if (request.solver && wildcards.length > 0) {
    throw new IssueError(wildcards.map(w => wildcardProblem(w, request.solver!.type)).join('; '), wildcards);
  }
  // Key and CSR are made while the CA is busy (RSA 4096 takes a while).
  const privateKeyPem = generatePrivateKey(request.keyType ?? 'ec256');
  const csrPem = privateKeyPem.then(key => createCsr(key, domains));
  csrPem.catch(() => undefined); // awaited later; not an unhandled rejection meanwhile
  const accountKeyPem = request.accountKeyPem ?? await untilAborted(newAccountKeyPem(), signal);
  const acme = await AcmeSession.open({
    retry: tuning.retry,
    pollTimeoutMs: tuning.pollTimeoutMs,
    sleep: tuning.sleep,
    signal,
    directoryUrl: request.directoryUrl,
    caBundlePem: request.caBundlePem,
    accountKeyPem,
    externalAccountBinding: request.externalAccountBinding,
  });
  const account = await acme.registerAccount(request.email);
  progress(`account ${account.url} (${account.created ? 'registered' : 'reused'})`);

  const payload = newOrderPayload(acme.directory, domains, request, progress);
  const created = await acme.post<AcmeOrder>(acme.directory.newOrder, payload);
  const orderUrl = created.location;
  if (!orderUrl) throw new Error(`${acme.directory.newOrder}: no order URL in the response`);
  progress(`order ${orderUrl} for ${domains.join(', ')}`);
  const authorizations = await Promise.all(created.body.authorizations.map(async url =>
    ({ url, authz: (await acme.post<AcmeAuthorization>(url)).body })));
  const cleanupOptions = { ...tuning.cleanup, sleep: tuning.cleanup?.sleep ?? tuning.sleep };
  const validation = challengeValidation(request, acme, authorizations, progress, { signal, sleep: tuning.sleep }, cleanupOptions);

  let cleanup: Promise<string[]> | undefined;
  try {
    await validation.validate();
    // The answers are no longer needed once every authorization is valid: remove them while the CA signs.
    cleanup = validation.cleanUp();
    const fullchainPem = await finalize(acme, orderUrl, await untilAborted(csrPem, signal));
    const chain = parseCertificateChain(fullchainPem);
    progress(`certificate for ${chain.names.join(', ')}, valid until ${chain.notAfter.toISOString()}`);
    const warnings = await cleanup;
    return {
      certificatePem: chain.certificatePem,
      chainPem: chain.chainPem,
      fullchainPem: chain.fullchainPem,
      privateKeyPem: await privateKeyPem,
      notBefore: chain.notBefore,
      notAfter: chain.notAfter,
      names: chain.names,
      accountKeyPem,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  } catch (e) {
    const warnings = await (cleanup ?? validation.cleanUp());
    throw asIssueError(e, domains, stoppedBy(signal)).withWarnings(warnings);
  }
}

/** Answering the order's challenges, and undoing exactly what was done for them. */
interface Validation {
  validate(): Promise<void>;
  /** Never throws; one warning per leftover. */
  cleanUp(): Promise<string[]>;
}

function challengeValidation(request: ChallengeIssueRequest, acme: AcmeSession,
  authorizations: ReadonlyArray<{ url: string; authz: AcmeAuthorization }>, progress: (line: string) => void,
  waits: { readonly signal: AbortSignal; readonly sleep?: Sleep }, cleanupOptions: CleanupOptions): Validation {
  const signal = waits.signal;
  const solver = request.solver;
  if (solver) {
    const tasks = solverTasks(acme.account, authorizations, solver, progress);
    const presented: SolverChallenge[] = [];
    return {
      validate: () => presentAndValidate(acme, tasks, solver, progress, signal, presented),
      cleanUp: () => cleanUpPresented(solver, presented, progress, cleanupOptions.warn),
    };
  }
  const dns = request.dns;
  if (!dns) throw new IssueError('no way to answer the challenges: give a DNS provider or a challenge solver', []);
  const tasks = dns01Tasks(acme.account, authorizations, progress);
  // Only what may have reached the DNS servers is removed: nothing, when the provider refused the records.
  const published = new PublishedRecords();
  return {
    validate: () => publishAndValidate(acme, tasks, dns, progress,
      { timeoutMs: request.propagationTimeoutMs ?? 120_000, sleep: waits.sleep, signal }, published),
    cleanUp: () => removePublished(dns, published, progress, cleanupOptions),
  };
}

/** Waits for the order to be ready, submits the CSR, waits for the certificate and downloads the chain. */
async function finalize(acme: AcmeSession, orderUrl: string, csrPem: string): Promise<string> {
  const settled = (s: string) => s !== 'pending' && s !== 'processing';
  const ready = await acme.poll<AcmeOrder>(orderUrl, settled);
  failIfInvalid(ready);
  const submitted = ready.status === 'ready'
    ? (await acme.post<AcmeOrder>(ready.finalize, { csr: acmeCrypto.getPemBodyAsB64u(csrPem) })).body
    : ready;
  const order = settled(submitted.status) ? submitted : await acme.poll<AcmeOrder>(orderUrl, settled);
  failIfInvalid(order);
  if (order.status !== 'valid' || !order.certificate) throw new Error(`order is ${order.status} without a certificate`);
  return acme.certificateChain(order.certificate);
}

function failIfInvalid(order: AcmeOrder): void {
  if (order.status === 'invalid') {
    const names = order.identifiers.map(i => i.value);
    const problem = order.error ?? { type: 'order invalid' };
    throw new IssueError(`${names.join(', ')}: ${describeProblem(problem)}`, names, problem.type);
  }
}
