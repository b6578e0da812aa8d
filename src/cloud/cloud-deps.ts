// What every adapter call needs: clients, the retry policy and the injected clock.
import type { ClientPool, CloudTarget } from './clients.js';
import type { RequestBudget } from './request-budget.js';
import { withRetry, type RetryDeps, type RetryPolicy } from './retry-policy.js';

export interface PollSettings {
  /** Between two polls of a stack, change set or drift detection (the SDK waiters' 30 s is far too slow for localcloud). */
  intervalMs: number;
  /** Give up waiting after this long (AWS operations can take hours; the default is generous). */
  timeoutMs: number;
  /**
   * The code of the error a wait that ran out of time throws (default TIMEOUT). A host with a time
   * budget (Lambda) says BUDGET_EXHAUSTED: its next call re-attaches, nothing failed.
   */
  timeoutCode?: string;
}

export interface CloudDeps extends RetryDeps {
  pool: ClientPool;
  retry: RetryPolicy;
  poll: PollSettings;
  now: () => number;
  /** A request budget shared by every run of this process; without one, each run makes its own. */
  budget?: RequestBudget;
}

/** A failure the adapter reports to its caller with a stable code. */
export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'CloudError';
  }
}

/** Sends one request with the retry policy applied. */
export function send<T>(deps: CloudDeps, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, deps.retry, deps);
}

/** Polls `probe` until it returns a value or the poll timeout passes (then throws CloudError TIMEOUT). */
export async function pollUntil<T>(deps: CloudDeps, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = deps.now() + deps.poll.timeoutMs;
  for (;;) {
    const started = deps.now();
    const done = await probe();
    if (done !== undefined) return done;
    if (deps.now() >= deadline) throw new CloudError(deps.poll.timeoutCode ?? 'TIMEOUT', `gave up waiting for ${what} after ${deps.poll.timeoutMs} ms`);
    // Polls start every intervalMs (the probe's own round trips count towards it), so an operation's
    // end is seen at most one interval late; a fifth of the interval is always left between polls,
    // so an endpoint slower than the interval is not polled back to back.
    await deps.sleep(Math.max(deps.poll.intervalMs / 5, deps.poll.intervalMs - (deps.now() - started)));
  }
}

export const clientsOf = (deps: CloudDeps, target: CloudTarget) => deps.pool.clients(target);
