// CloudDeps for tests against an emulator endpoint (localcloud, moto_server): fast polls, short
// retries, the dummy credentials emulators accept. Overrides change single fields.
import { createClientPool, retryPolicy, type CloudDeps } from '../../src/cloud/index.js';

export function cloudDepsFor(endpoint: string, overrides: Partial<Omit<CloudDeps, 'pool'>> & { accessKeyId?: string } = {}): CloudDeps {
  const { accessKeyId = '000000000000', ...rest } = overrides;
  return {
    pool: createClientPool({ endpoint, credentials: { accessKeyId, secretAccessKey: 'test' }, now: () => Date.now() }),
    retry: retryPolicy({ attempts: 6, baseDelayMs: 20, maxDelayMs: 200 }),
    poll: { intervalMs: 25, timeoutMs: 60_000 },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: Math.random,
    now: () => Date.now(),
    ...rest,
  };
}
