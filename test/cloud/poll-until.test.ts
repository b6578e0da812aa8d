// pollUntil starts a poll every intervalMs, counting the probe's own round trips (a slow endpoint
// does not stretch the interval), leaves at least a fifth of the interval between polls, and gives
// up with the configured code at the deadline. An injected clock that the probe and sleep advance.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pollUntil, retryPolicy, type CloudDeps } from '../../src/cloud/index.js';

function clocked(intervalMs: number, timeoutMs: number) {
  let now = 0;
  const sleeps: number[] = [];
  const deps = {
    retry: retryPolicy({}),
    poll: { intervalMs, timeoutMs, timeoutCode: 'STILL_WAITING' },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    now: () => now,
  } as unknown as CloudDeps;
  return { deps, sleeps, advance: (ms: number) => (now += ms), at: () => now };
}

test('a probe that takes part of the interval shortens the sleep after it', async () => {
  const c = clocked(100, 10_000);
  let calls = 0;
  const out = await pollUntil(c.deps, 'thing', async () => {
    c.advance(70);
    return ++calls === 3 ? 'done' : undefined;
  });
  assert.equal(out, 'done');
  assert.deepEqual(c.sleeps, [30, 30]);
  assert.equal(c.at(), 270, 'polls started at 0, 100 and 200');
});

test('a probe slower than the interval still leaves a fifth of it between polls', async () => {
  const c = clocked(100, 10_000);
  let calls = 0;
  await pollUntil(c.deps, 'thing', async () => {
    c.advance(250);
    return ++calls === 2 ? true : undefined;
  });
  assert.deepEqual(c.sleeps, [20]);
});

test('the deadline ends the wait with the configured code', async () => {
  const c = clocked(100, 350);
  await assert.rejects(
    pollUntil(c.deps, 'stack s', async () => undefined),
    (err: Error & { code?: string }) => err.code === 'STILL_WAITING' && /gave up waiting for stack s after 350 ms/.test(err.message),
  );
  assert.deepEqual(c.sleeps, [100, 100, 100, 100]);
});
