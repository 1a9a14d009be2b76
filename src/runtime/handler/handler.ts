// The Lambda's entry: CloudFormation custom resource requests (first issuance during deployment, answered before
// a deadline with the step it stopped at) and scheduled or on-demand runs; one run at a time through the lock.
// Every run has stated deadlines, from the time the Lambda context says is left: no new step starts later than
// RUN_MARGIN_MS (CloudFormation: its issuance timeout) before the function is stopped, and no AWS call or retry
// (each request at most AWS_REQUEST_TIMEOUT_MS) later than HARD_MARGIN_MS before it.
import type { AwsClients } from './aws-clients';
import { CfnEvent, CfnResponder, isCfnEvent } from './cfn-response';
import type { HandlerConfig } from './config';
import type { AcmeCore } from './core';
import { RunLock } from './lock';
import { redact, type Logger } from './log';
import { publishMetrics } from './metrics';
import { Reconciler, RunContext, RunProgress, RunResult } from './reconcile';
import { AWS_RETRY, retryingClients } from './retry';

export interface HandlerDeps {
  readonly config: HandlerConfig;
  readonly clients: AwsClients;
  readonly core: AcmeCore;
  readonly log: Logger;
  readonly respond: CfnResponder;
  readonly now?: () => Date;
  /** How long a CloudFormation request waits between tries when another run holds the lock. */
  readonly lockPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
}

/** What an on-demand invocation may ask for; the schedule sends `{}`. */
export interface RunRequest {
  /** Order a new certificate even if the current one is fresh. */
  readonly forceRenewal?: boolean;
}

export type RunAnswer = Omit<RunResult, 'notAfter'> & { readonly notAfter: string } | { readonly outcome: 'locked'; readonly reason: string };

/** The Lambda function keeps this margin to answer CloudFormation before it is stopped. */
const ANSWER_MARGIN_MS = 20_000;
/** A run starts no new step this long before the function is stopped (a step such as the order may take a while). */
const RUN_MARGIN_MS = 30_000;
/** Salvage steps (staging an issued certificate, rollback) and AWS retries end this long before the function is stopped. */
const HARD_MARGIN_MS = 3_000;
/** The time a run assumes it has when no Lambda context says otherwise: the function's 15-minute maximum. */
const DEFAULT_REMAINING_MS = 15 * 60_000;
/** A lease outlives the longest run (the function's 15-minute maximum) so a crashed run cannot block for long. */
const LEASE_SECONDS = 16 * 60;

type Settled<T> = { readonly value: T } | { readonly error: unknown } | { readonly timedOut: true };

export function createHandler(deps: HandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>(r => setTimeout(r, ms)));
  const lock = (clients: AwsClients) => new RunLock(clients, deps.config.lockTable, deps.config.certificateId, LEASE_SECONDS, now);

  /** The run's view of the world: AWS calls retried within the hard deadline, steps stopped at the soft one. */
  function runContext(remainingMs: number, stepBudgetMs: number): RunContext {
    const start = now().getTime();
    const hardDeadline = new Date(start + remainingMs - HARD_MARGIN_MS);
    const clients = retryingClients(deps.clients, {
      ...AWS_RETRY,
      deadline: hardDeadline,
      now,
      sleep,
      onRetry: (call, error, delayMs) => deps.log.warn('AWS call failed; retrying', { call, error, delayMs }),
    });
    return { ...deps, clients, now, sleep, deadline: new Date(start + Math.max(0, stepBudgetMs)), hardDeadline };
  }

  async function locked<T>(lease: { release(): Promise<void> }, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      await lease.release().catch(e => deps.log.warn('could not release the lock', { error: e }));
    }
  }

  async function measured(progress: RunProgress, work: () => Promise<RunResult>): Promise<RunResult> {
    try {
      const result = await work();
      deps.log.info('run finished', { outcome: result.outcome, reason: result.reason, serial: result.serial, notAfter: result.notAfter.toISOString() });
      await publishMetrics(deps.clients, deps.config.metricsNamespace, deps.config.certificateId,
        { notAfter: result.notAfter, issued: result.outcome === 'issued', failed: false }, now(), deps.log);
      return result;
    } catch (e) {
      deps.log.error('run failed', { step: progress.step, error: e });
      await publishMetrics(deps.clients, deps.config.metricsNamespace, deps.config.certificateId,
        { notAfter: progress.notAfter, issued: false, failed: true }, now(), deps.log);
      throw e;
    }
  }

  async function onRun(request: RunRequest, context?: LambdaContextLike): Promise<RunAnswer> {
    const remainingMs = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
    const ctx = runContext(remainingMs, remainingMs - RUN_MARGIN_MS);
    const lease = await lock(ctx.clients).tryAcquire();
    if (!lease) {
      deps.log.info('another run holds the lock; nothing to do');
      return { outcome: 'locked', reason: 'another run holds the lock' };
    }
    const progress: RunProgress = { step: 'starting' };
    const work = locked(lease, () => measured(progress, () => new Reconciler(ctx, progress).run(request.forceRenewal === true)));
    const settled = await settle(work, ctx.hardDeadline!.getTime() - now().getTime());
    if ('timedOut' in settled) {
      progress.stopped = 'the function is about to be stopped';
      deps.log.error('run failed', { step: progress.step, error: 'did not finish before the function had to stop' });
      await Promise.all([
        lease.release().catch(() => undefined),
        publishMetrics(deps.clients, deps.config.metricsNamespace, deps.config.certificateId,
          { notAfter: progress.notAfter, issued: false, failed: true }, now(), deps.log),
      ]);
      throw new Error(`the run did not finish before the function had to stop (last step: ${progress.step})`);
    }
    if ('error' in settled) throw settled.error;
    return { ...settled.value, notAfter: settled.value.notAfter.toISOString() };
  }

  async function onCloudFormation(event: CfnEvent, context?: LambdaContextLike): Promise<void> {
    const progress: RunProgress = { step: 'starting' };
    const remainingMs = context?.getRemainingTimeInMillis() ?? DEFAULT_REMAINING_MS;
    const budgetMs = Math.min(deps.config.issuanceTimeoutSeconds * 1000, remainingMs - ANSWER_MARGIN_MS);
    const ctx = runContext(remainingMs, budgetMs);
    deps.log.info('CloudFormation request', { requestType: event.RequestType, physicalResourceId: event.PhysicalResourceId });
    const failed = (message: string) => deps.respond(event, {
      Status: 'FAILED',
      // A failed Create names the ACM certificate it may have made, so the rollback's Delete removes it.
      PhysicalResourceId: event.PhysicalResourceId ?? progress.acmCertificateArn ?? `failed-${event.RequestId}`,
      // Stack events are readable more widely than the function's logs: no PEM block (key, CSR) goes there either.
      Reason: `AcmeCertificate ${event.RequestType} failed while ${progress.step}: ${redact(message) as string}`,
    });
    if (event.RequestType === 'Delete') {
      // A certificate left behind is better than a stack that cannot be deleted.
      await new Reconciler(ctx, progress).remove(event.PhysicalResourceId ?? '')
        .catch(e => deps.log.warn('could not delete the ACM certificate', { error: e }));
      return deps.respond(event, { Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId ?? event.RequestId });
    }
    const work = (async () => {
      const lease = await lock(ctx.clients).acquire(ctx.deadline!, deps.lockPollMs ?? 5_000, sleep);
      if (!lease) throw new Error('another run held the lock until the deadline');
      return locked(lease, () => measured(progress, () => new Reconciler(ctx, progress).run()));
    })();
    const settled = await settle(work, budgetMs);
    if ('value' in settled) {
      const result = settled.value;
      return deps.respond(event, {
        Status: 'SUCCESS',
        PhysicalResourceId: result.acmCertificateArn,
        Data: { CertificateArn: result.acmCertificateArn, NotAfter: result.notAfter.toISOString(), Serial: result.serial },
      });
    }
    if ('error' in settled) return failed(settled.error instanceof Error ? settled.error.message : String(settled.error));
    // The run stops at its next step; it still stages an issued certificate and rolls back what it changed, which
    // the function waits for (a returned Lambda is frozen), up to the time it has left.
    progress.stopped = 'CloudFormation already got a FAILED answer';
    await failed(`did not finish within ${Math.round(budgetMs / 1000)} s (last step: ${progress.step})`);
    const after = await settle(work, ctx.hardDeadline!.getTime() - now().getTime());
    if ('timedOut' in after) deps.log.error('the run was still going when the function had to stop', { step: progress.step });
  }

  return async (event: unknown, context?: LambdaContextLike): Promise<RunAnswer | void> => {
    if (isCfnEvent(event)) return onCloudFormation(event, context);
    return onRun((event ?? {}) as RunRequest, context);
  };
}

/** What `work` came to within `ms`, without stopping it. */
async function settle<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>(resolve => {
    timer = setTimeout(() => resolve({ timedOut: true }), Math.max(ms, 0));
  });
  try {
    return await Promise.race([work.then(value => ({ value }), error => ({ error })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
