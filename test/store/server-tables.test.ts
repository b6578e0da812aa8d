// The server's tables: append-only audit, replay-proof webhook delivery ids, server state, token admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../../src/store/index.js';

const open = () => openStore(':memory:', { now: () => '2026-01-01T00:00:00.000Z' });

test('the audit journal lists newest first and filters by target', () => {
  const store = open();
  store.appendAudit({ actor: 'alice', action: 'approve', target: 'run-1', outcome: 'ok', data: { comment: 'lgtm' } });
  store.appendAudit({ actor: 'bob', action: 'reject', target: 'run-2', outcome: 'refused' });
  const all = store.listAudit();
  assert.deepEqual(all.map((a) => a.actor), ['bob', 'alice']);
  assert.equal(all[1]?.data.comment, 'lgtm');
  assert.deepEqual(store.listAudit({ target: 'run-1' }).map((a) => a.action), ['approve']);
  store.close();
});

test('a webhook delivery id is accepted once per source', () => {
  const store = open();
  assert.equal(store.recordDelivery('github', 'd-1'), true);
  assert.equal(store.recordDelivery('github', 'd-1'), false);
  assert.equal(store.recordDelivery('gitlab', 'd-1'), true);
  store.close();
});

test('server state, users and token revocation', () => {
  const store = open();
  store.setServerState('s3:bucket/key', 'v1');
  store.setServerState('s3:bucket/key', 'v2');
  assert.equal(store.getServerState('s3:bucket/key'), 'v2');
  store.addUser({ name: 'zoe', role: 'viewer' });
  store.addUser({ name: 'al', role: 'admin' });
  assert.deepEqual(store.listUsers().map((u) => u.name), ['al', 'zoe']);
  store.addToken('t1', 'zoe', 'hash-1');
  assert.equal(store.userByTokenHash('hash-1')?.name, 'zoe');
  assert.equal(store.revokeToken('t1'), true);
  assert.equal(store.revokeToken('t1'), false);
  assert.equal(store.userByTokenHash('hash-1'), undefined);
  const [token] = store.listTokens('zoe');
  assert.ok(token?.revokedAt);
  assert.ok(!JSON.stringify(token).includes('hash-1'), 'listing never shows the hash');
  store.close();
});
