// Which failures are worth another attempt, how long to wait first, and the time every request and run is bounded by.
import { TransportError } from './http-transport';
import { AcmeError } from './problem';

export interface RetryPolicy {
  /** Attempts in all for server errors, connection resets and waited-out rate limits. */
  readonly attempts: number;
  /** Attempts in all when the CA rejects a nonce: immediate, since the rejection carries a fresh one. */
  readonly nonceAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A `rateLimited` response is waited out only when its Retry-After is at most this. */
  readonly maxRetryAfterMs: number;
  /** One HTTP exchange (connect, send, whole response) is given at most this long. */
  readonly attemptTimeoutMs: number;
  /** One request with all its retries is given at most this long: no retry starts, or wait is made, beyond it. */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  nonceAttempts: 20,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 60_000,
  attemptTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
};

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/** The run's deadline passed (`--timeout`, or the caller's); the message says how long it was. */
export class DeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`gave up after ${timeoutMs / 1000} s (the run's time limit)`);
    this.name = 'DeadlineError';
  }
}

/** The run was stopped from outside (SIGINT, SIGTERM). */
export class InterruptedError extends Error {
  constructor(readonly signalName: string) {
    super(`interrupted (${signalName})`);
    this.name = 'InterruptedError';
  }
}

/** `work`, or the signal's reason as soon as it aborts (the work itself is left to settle). */
export function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Throws the signal's reason when it has aborted. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason;
}

/** Exponential backoff: base, 2 x base, 4 x base ... capped at max. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN']);

/** Milliseconds to wait before retrying after `error`, or undefined when retrying cannot help. */
export function retryDelay(error: unknown, failures: number, policy: RetryPolicy): number | undefined {
  const backoff = backoffMs(failures, policy.baseDelayMs, policy.maxDelayMs);
  if (error instanceof TransportError) return TRANSIENT_CODES.has(error.code) ? backoff : undefined;
  if (!(error instanceof AcmeError)) return undefined;
  const retryAfter = error.retryAfterMs;
  if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return undefined;
  if (error.is('rateLimited')) return retryAfter;
  if (error.status >= 500) return Math.max(backoff, retryAfter ?? 0);
  return undefined;
}

/**
 * Runs `attempt` until it succeeds or retrying cannot help: at most `policy.attempts` (badNonce:
 * `policy.nonceAttempts`) times and within `policy.requestTimeoutMs`. Each attempt is told how long it may take.
 */
export async function withRetry<T>(attempt: (timeoutMs: number) => Promise<T>, policy: RetryPolicy, wait: Sleep = sleep,
  signal?: AbortSignal): Promise<T> {
  const deadline = Date.now() + policy.requestTimeoutMs;
  let failures = 0;
  let nonceFailures = 0;
  let previous: unknown;
  for (;;) {
    throwIfAborted(signal);
    const timeoutMs = Math.max(1, Math.min(policy.attemptTimeoutMs, deadline - Date.now()));
    try {
      return await untilAborted(attempt(timeoutMs), signal);
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      // An attempt cut short by the request's bound says less than the failure before it.
      if (Date.now() >= deadline) throw previous !== undefined && timeoutMs < policy.attemptTimeoutMs ? previous : e;
      previous = e;
      if (e instanceof AcmeError && e.is('badNonce')) {
        if (++nonceFailures >= policy.nonceAttempts) throw e;
        continue;
      }
      const delay = retryDelay(e, ++failures, policy);
      if (delay === undefined || failures >= policy.attempts || Date.now() + delay >= deadline) throw e;
      await untilAborted(wait(delay), signal);
    }
  }
}
