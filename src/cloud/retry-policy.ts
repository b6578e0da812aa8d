// Retries are policy data, applied in one place (STYLE.md principle 4): which errors are retried,
// how many attempts, and the jittered exponential backoff between them. Every loop here is bounded.

export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the second attempt; doubles each time (full jitter), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Error codes (SDK `name`) worth retrying. */
  retryableCodes: readonly string[];
}

/** Throttling and transient server-side codes that AWS documents as safe to retry. */
export const TRANSIENT_CODES = [
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'SlowDown',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalFailure',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
] as const;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  retryableCodes: TRANSIENT_CODES,
};

/** Checks a policy once, where it is made, so retry loops can trust it. */
export function retryPolicy(p: Partial<RetryPolicy>): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...p };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1 || policy.attempts > 100) throw new RangeError('retry attempts must be an integer from 1 to 100');
  if (policy.baseDelayMs < 0 || policy.maxDelayMs < policy.baseDelayMs) throw new RangeError('retry delays must satisfy 0 <= baseDelayMs <= maxDelayMs');
  return policy;
}

/** The code of an error as the AWS SDK reports it (name), or a Node socket error code. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { name?: unknown; code?: unknown; Code?: unknown };
  for (const v of [e.Code, e.name, e.code]) if (typeof v === 'string' && v !== 'Error') return v;
  return undefined;
}

export function isRetryable(err: unknown, policy: RetryPolicy): boolean {
  const code = errorCode(err);
  if (code && policy.retryableCodes.includes(code)) return true;
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status === 500 || status === 502 || status === 503 || status === 504;
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>;
  /** A number in [0, 1), for jitter; injected so tests are deterministic. */
  random: () => number;
  /** Told of each retry (for progress events); never required. */
  onRetry?: (info: { attempt: number; delayMs: number; code: string | undefined }) => void;
}

/** Calls `fn`, retrying retryable failures per `policy`; rethrows the last error. */
export async function withRetry<T>(fn: () => Promise<T>, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= policy.attempts || !isRetryable(err, policy)) throw err;
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(cap / 2 + (deps.random() * cap) / 2);
      deps.onRetry?.({ attempt, delayMs, code: errorCode(err) });
      await deps.sleep(delayMs);
    }
  }
}
