// Which failures are worth another attempt, and how long to wait first.
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
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  nonceAttempts: 20,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  maxRetryAfterMs: 60_000,
};

export type Sleep = (ms: number) => Promise<void>;
export const sleep: Sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

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

export async function withRetry<T>(attempt: () => Promise<T>, policy: RetryPolicy, wait: Sleep = sleep): Promise<T> {
  let failures = 0;
  let nonceFailures = 0;
  for (;;) {
    try {
      return await attempt();
    } catch (e) {
      if (e instanceof AcmeError && e.is('badNonce')) {
        if (++nonceFailures >= policy.nonceAttempts) throw e;
        continue;
      }
      const delay = retryDelay(e, ++failures, policy);
      if (delay === undefined || failures >= policy.attempts) throw e;
      await wait(delay);
    }
  }
}
