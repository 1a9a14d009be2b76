// Retries for AWS calls, bounded in count and in time: throttling, 5xx and timeouts are tried again with backoff,
// never past the run's hard deadline. The SDK's own retries are off (see aws-clients.ts), so this is the only layer
// and its bound is the stated one.
import { AwsClients, errorName } from './aws-clients';

export interface RetryBudget {
  /** Attempts in all for one call. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** No attempt starts, and no wait is begun that would end, after this time. */
  readonly deadline: Date;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told about each retry (for the log). */
  readonly onRetry?: (what: string, error: unknown, delayMs: number) => void;
}

/** Four attempts over about 3.5 s of backoff: a throttled or briefly failing AWS API gets time to recover. */
export const AWS_RETRY = { attempts: 4, baseDelayMs: 500, maxDelayMs: 2_000 } as const;

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException', 'SlowDown',
  'TransactionInProgressException', 'PriorRequestNotComplete',
]);
const TRANSIENT = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalError', 'InternalFailure', 'InternalServerError',
  'InternalServiceError', 'InternalServiceErrorException', 'ServiceUnavailable', 'ServiceUnavailableException',
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN',
]);

/** Whether trying the same call again can help: throttling, a 5xx or 429 answer, a timeout or a dropped connection. */
export function isTransientAwsError(error: unknown): boolean {
  const e = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; $fault?: string; code?: string } | undefined;
  const name = errorName(error) ?? '';
  const status = e?.$metadata?.httpStatusCode;
  return THROTTLING.has(name) || TRANSIENT.has(name) || TRANSIENT.has(e?.code ?? '') || !!e?.$retryable
    || (typeof status === 'number' && (status >= 500 || status === 429));
}

/** Runs `attempt` until it succeeds, `retryable` says no, the attempts are used up or the deadline would pass. */
export async function retryCall<T>(what: string, attempt: () => Promise<T>, budget: RetryBudget,
  retryable: (error: unknown) => boolean = isTransientAwsError): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      const delay = Math.min(budget.maxDelayMs, budget.baseDelayMs * 2 ** (n - 1));
      if (n >= budget.attempts || !retryable(e) || budget.now().getTime() + delay >= budget.deadline.getTime()) throw e;
      budget.onRetry?.(what, e, delay);
      await budget.sleep(delay);
    }
  }
}

type Sender = { send(command: unknown): Promise<unknown> };

/** The same clients, each `send` retried within `budget`; one view per run, since the deadline is per run. */
export function retryingClients(clients: AwsClients, budget: RetryBudget): AwsClients {
  const wrap = <C extends object>(client: () => C) => () => {
    const target = client() as C & Sender;
    return new Proxy(target, {
      get(obj, prop, receiver) {
        if (prop !== 'send') return Reflect.get(obj, prop, receiver);
        return (command: { constructor: { name: string } }) =>
          retryCall(command.constructor.name.replace(/Command$/, ''), () => obj.send(command), budget);
      },
    }) as C;
  };
  return {
    acm: wrap(clients.acm),
    cloudwatch: wrap(clients.cloudwatch),
    dynamodb: wrap(clients.dynamodb),
    s3: wrap(clients.s3),
    secrets: wrap(clients.secrets),
    ssm: wrap(clients.ssm),
  };
}
