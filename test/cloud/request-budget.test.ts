// The token bucket per account x region, on a manual clock: burst, then one request per 1/rate
// seconds, waiters served in order, keys independent; and the routed pool that applies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { STSClient } from '@aws-sdk/client-sts';
import { assumeRoleProvider, budgetKey, createClientPool, createRequestBudget, routedPool } from '../../src/cloud/index.js';
import { startLocalCloud } from '../../src/localcloud/index.js';

function manualTime() {
  let t = 1_000_000;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

test('a burst goes at once, then one request per 1/rate seconds; waiters keep their order', async () => {
  const time = manualTime();
  const budget = createRequestBudget({ rate: 10, burst: 3, ...time });
  const start = time.now();
  const order: number[] = [];
  await Promise.all([1, 2, 3, 4, 5].map((i) => budget.take('self|us-east-1').then(() => order.push(i))));
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
  assert.equal(time.now() - start, 200, 'two requests over the burst wait 100 ms each at 10/s');
  assert.deepEqual(budget.stats()['self|us-east-1'], { taken: 5, waited: 2, waitedMs: 200 });
});

test('keys are independent: another region or account has its own bucket', async () => {
  const time = manualTime();
  const budget = createRequestBudget({ rate: 1, burst: 1, ...time });
  await budget.take('self|us-east-1');
  const before = time.now();
  await budget.take('self|eu-west-1');
  await budget.take('222222222222|us-east-1');
  assert.equal(time.now(), before, 'no wait on other keys');
  await budget.take('self|us-east-1');
  assert.equal(time.now() - before, 1000, 'the same key waits a full second at 1/s');
  assert.throws(() => createRequestBudget({ rate: 0, burst: 1, ...time }), RangeError);
});

test('budget keys name the account of the role, or self', () => {
  assert.equal(budgetKey({ region: 'us-west-2' }), 'self|us-west-2');
  assert.equal(budgetKey({ region: 'us-west-2', roleArn: 'arn:aws:iam::222222222222:role/deploy' }), '222222222222|us-west-2');
});

test('assumed-role credentials are reused, then refreshed five minutes before they expire', async () => {
  let t = Date.parse('2026-01-01T00:00:00Z');
  const calls: { RoleSessionName?: string }[] = [];
  const sts = {
    send: async (cmd: { input: { RoleSessionName?: string } }) => {
      calls.push(cmd.input);
      return { Credentials: { AccessKeyId: `AK${calls.length}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(t + 3_600_000) } };
    },
  } as unknown as STSClient;
  const provider = assumeRoleProvider(sts, 'arn:aws:iam::222222222222:role/deploy', 'meridian-r20260101T000000-abcd', () => t);
  assert.equal((await provider()).accessKeyId, 'AK1');
  t += 30 * 60_000;
  assert.equal((await provider()).accessKeyId, 'AK1', 'still fresh after 30 minutes');
  t += 26 * 60_000;
  assert.equal((await provider()).accessKeyId, 'AK2', 'renewed with 4 minutes left');
  assert.equal(calls[0]?.RoleSessionName, 'meridian-r20260101T000000-abcd');
});

test('a routed pool sends a region to its account through AssumeRole, within the budget', async (t) => {
  const cloud = await startLocalCloud({ port: 0 });
  const base = createClientPool({ endpoint: cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' }, now: () => Date.now() });
  t.after(async () => {
    base.destroy();
    await cloud.stop();
  });
  const budget = createRequestBudget({ rate: 1000, burst: 1000, now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
  const role = 'arn:aws:iam::222222222222:role/deploy';
  const pool = routedPool(base, (target) => (target.region === 'eu-west-1' ? { ...target, roleArn: role, sessionName: 'meridian-run-1' } : target), budget);
  const eu = await pool.clients({ region: 'eu-west-1' }).sts.send(new GetCallerIdentityCommand({}));
  assert.equal(eu.Account, '222222222222');
  assert.equal(eu.Arn, 'arn:aws:sts::222222222222:assumed-role/deploy/meridian-run-1');
  const us = await pool.clients({ region: 'us-east-1' }).sts.send(new GetCallerIdentityCommand({}));
  assert.equal(us.Account, '000000000000');
  assert.deepEqual(Object.keys(budget.stats()).sort(), ['222222222222|eu-west-1', 'self|us-east-1']);
});
