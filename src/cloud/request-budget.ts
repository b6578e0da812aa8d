// A request budget per account x region (token bucket), shared by all concurrent work of a run so
// that ten regions and five stacks polling at once stay under the API's rate instead of being
// throttled into retries. Waiters are served in arrival order; time and sleep are injected.

export interface BudgetOptions {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: requests that may go at once after a quiet spell. */
  burst: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface RequestBudget {
  /** Resolves when a request to `key` (account|region) may be sent. */
  take(key: string): Promise<void>;
  /** Requests that had to wait, and the total milliseconds they waited, per key. */
  stats(): Record<string, { taken: number; waited: number; waitedMs: number }>;
}

interface Bucket {
  tokens: number;
  at: number;
  /** Tail of the queue of waiters: each take chains onto it, so waiters are served in order. */
  tail: Promise<void>;
  taken: number;
  waited: number;
  waitedMs: number;
}

export function createRequestBudget(options: BudgetOptions): RequestBudget {
  if (!(options.rate > 0) || !(options.burst >= 1)) throw new RangeError('a request budget needs rate > 0 and burst >= 1');
  const buckets = new Map<string, Bucket>();
  const refill = (b: Bucket) => {
    const t = options.now();
    b.tokens = Math.min(options.burst, b.tokens + ((t - b.at) * options.rate) / 1000);
    b.at = t;
  };
  const acquire = async (b: Bucket) => {
    const start = options.now();
    // Bounded: each turn adds at least one token's worth of time, so a waiter gets one within a few turns.
    for (let turn = 0; turn < 1000; turn++) {
      refill(b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        b.taken++;
        if (turn > 0) {
          b.waited++;
          b.waitedMs += options.now() - start;
        }
        return;
      }
      await options.sleep(Math.max(1, Math.ceil(((1 - b.tokens) * 1000) / options.rate)));
    }
    throw new Error('request budget: no token after 1000 waits (is the clock moving?)');
  };
  return {
    take(key) {
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { tokens: options.burst, at: options.now(), tail: Promise.resolve(), taken: 0, waited: 0, waitedMs: 0 }));
      const bucket = b;
      const mine = bucket.tail.then(() => acquire(bucket));
      bucket.tail = mine.catch(() => undefined);
      return mine;
    },
    stats() {
      return Object.fromEntries([...buckets].map(([k, b]) => [k, { taken: b.taken, waited: b.waited, waitedMs: b.waitedMs }]));
    },
  };
}
