import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isNoChangeMessage, isInProgress, retryPolicy, withRetry, NO_CHANGE_CHANGE_SET, NO_UPDATES } from '../../src/cloud/index.js';

const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'Throttling' });

test('retries throttling with bounded, growing, jittered delays, then succeeds', async () => {
  const delays: number[] = [];
  let calls = 0;
  const policy = retryPolicy({ attempts: 5, baseDelayMs: 100, maxDelayMs: 300 });
  const result = await withRetry(
    async () => {
      calls++;
      if (calls < 5) throw throttled();
      return 'ok';
    },
    policy,
    { sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
  );
  assert.equal(result, 'ok');
  assert.equal(calls, 5);
  assert.deepEqual(delays, [75, 150, 225, 225]);
});

test('gives up after the attempts and never retries a user error', async () => {
  let calls = 0;
  const deps = { sleep: async () => {}, random: () => 0 };
  await assert.rejects(withRetry(async () => { calls++; throw throttled(); }, retryPolicy({ attempts: 3 }), deps), /Rate exceeded/);
  assert.equal(calls, 3);
  calls = 0;
  const validation = Object.assign(new Error('Template format error'), { name: 'ValidationError' });
  await assert.rejects(withRetry(async () => { calls++; throw validation; }, retryPolicy({ attempts: 3 }), deps), /Template format/);
  assert.equal(calls, 1);
  const server = Object.assign(new Error('boom'), { name: 'Unknown', $metadata: { httpStatusCode: 503 } });
  calls = 0;
  await assert.rejects(withRetry(async () => { calls++; throw server; }, retryPolicy({ attempts: 2 }), deps));
  assert.equal(calls, 2);
});

test('a bad policy is refused where it is made', () => {
  assert.throws(() => retryPolicy({ attempts: 0 }), /attempts/);
  assert.throws(() => retryPolicy({ baseDelayMs: 10, maxDelayMs: 5 }), /delays/);
});

test('both forms of "no changes" and the statuses that are operations', () => {
  assert.equal(isNoChangeMessage(NO_CHANGE_CHANGE_SET), true);
  assert.equal(isNoChangeMessage(NO_UPDATES), true);
  assert.equal(isNoChangeMessage('Template format error'), false);
  assert.equal(isInProgress('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'), true);
  assert.equal(isInProgress('REVIEW_IN_PROGRESS'), false);
  assert.equal(isInProgress('CREATE_COMPLETE'), false);
});
