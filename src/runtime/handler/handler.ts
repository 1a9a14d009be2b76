// The Lambda's entry: CloudFormation custom resource requests (first issuance during deployment, answered before
// a deadline with the step it stopped at) and scheduled or on-demand runs; one run at a time through the lock.
import type { AwsClients } from './aws-clients';
import { CfnEvent, CfnResponder, isCfnEvent } from './cfn-response';
import type { HandlerConfig } from './config';
import type { AcmeCore } from './core';
import { RunLock } from './lock';
import { redact, type Logger } from './log';
import { publishMetrics } from './metrics';
import { Reconciler, RunProgress, RunResult } from './reconcile';

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
/** A lease outlives the longest run (the function's 15-minute maximum) so a crashed run cannot block for long. */
const LEASE_SECONDS = 16 * 60;

export function createHandler(deps: HandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const lock = () => new RunLock(deps.clients, deps.config.lockTable, deps.config.certificateId, LEASE_SECONDS, now);

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

  async function onRun(request: RunRequest): Promise<RunAnswer> {
    const lease = await lock().tryAcquire();
    if (!lease) {
      deps.log.info('another run holds the lock; nothing to do');
      return { outcome: 'locked', reason: 'another run holds the lock' };
    }
    const progress: RunProgress = { step: 'starting' };
    const ctx = { ...deps, now };
    const result = await locked(lease, () => measured(progress, () => new Reconciler(ctx, progress).run(request.forceRenewal === true)));
    return { ...result, notAfter: result.notAfter.toISOString() };
  }

  async function onCloudFormation(event: CfnEvent, context?: LambdaContextLike): Promise<void> {
    const progress: RunProgress = { step: 'starting' };
    const ctx = { ...deps, now };
    const budgetMs = Math.min(deps.config.issuanceTimeoutSeconds * 1000,
      (context?.getRemainingTimeInMillis() ?? Infinity) - ANSWER_MARGIN_MS);
    const deadline = new Date(now().getTime() + budgetMs);
    deps.log.info('CloudFormation request', { requestType: event.RequestType, physicalResourceId: event.PhysicalResourceId });
    try {
      if (event.RequestType === 'Delete') {
        // A certificate left behind is better than a stack that cannot be deleted.
        await new Reconciler(ctx, progress).remove(event.PhysicalResourceId ?? '')
          .catch(e => deps.log.warn('could not delete the ACM certificate', { error: e }));
        return await deps.respond(event, { Status: 'SUCCESS', PhysicalResourceId: event.PhysicalResourceId ?? event.RequestId });
      }
      const result = await withDeadline(budgetMs, async () => {
        const lease = await lock().acquire(deadline, deps.lockPollMs ?? 5_000, deps.sleep);
        if (!lease) throw new Error('another run held the lock until the deadline');
        return locked(lease, () => measured(progress, () => new Reconciler(ctx, progress).run()));
      }, () => {
        // The work goes on in the background (until the function is frozen or stopped); it must not publish anything.
        progress.abandoned = true;
        return `did not finish within ${Math.round(budgetMs / 1000)} s (last step: ${progress.step})`;
      });
      await deps.respond(event, {
        Status: 'SUCCESS',
        PhysicalResourceId: result.acmCertificateArn,
        Data: { CertificateArn: result.acmCertificateArn, NotAfter: result.notAfter.toISOString(), Serial: result.serial },
      });
    } catch (e) {
      // Stack events are readable more widely than the function's logs: no PEM block (key, CSR) goes there either.
      const message = redact(e instanceof Error ? e.message : String(e)) as string;
      // A failed Create reports the ACM certificate it may have made, so the rollback's Delete removes it.
      const physicalId = event.PhysicalResourceId ?? progress.acmCertificateArn ?? `failed-${event.RequestId}`;
      await deps.respond(event, { Status: 'FAILED', PhysicalResourceId: physicalId, Reason: `AcmeCertificate ${event.RequestType} failed while ${progress.step}: ${message}` });
    }
  }

  return async (event: unknown, context?: LambdaContextLike): Promise<RunAnswer | void> => {
    if (isCfnEvent(event)) return onCloudFormation(event, context);
    return onRun((event ?? {}) as RunRequest);
  };
}

async function withDeadline<T>(ms: number, work: () => Promise<T>, timeoutMessage: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(timeoutMessage())), Math.max(ms, 0));
  });
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
