import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';

function fixedClock() {
  let t = Date.parse('2026-01-01T00:00:00Z');
  return () => new Date((t += 1000)).toISOString();
}

test('runs, steps and events survive closing and reopening the file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'state.db');
  const now = fixedClock();
  const a = openStore(path, { now });
  a.createRun({ id: 'r1', pipeline: 'p', status: 'running', commit: 'abc', authorEmail: 'dev@example.com' });
  a.putStep({ runId: 'r1', key: 'deploy:us-east-1:app', stage: 'deploy', region: 'us-east-1', stack: 'app', status: 'running', data: { token: 't1' } });
  a.putStep({ runId: 'r1', key: 'deploy:us-east-1:app', stage: 'deploy', status: 'succeeded', data: { stackId: 'arn' } });
  const seq1 = a.appendEvent('r1', 'stage-started', { stage: 'source' });
  const seq2 = a.appendEvent('r1', 'stage-finished', { stage: 'source' });
  assert.ok(seq2 > seq1);
  a.close();

  const b = openStore(path, { now });
  const run = b.getRun('r1');
  assert.equal(run?.status, 'running');
  assert.equal(run?.authorEmail, 'dev@example.com');
  const step = b.getStep('r1', 'deploy:us-east-1:app');
  assert.equal(step?.status, 'succeeded');
  assert.deepEqual(step?.data, { token: 't1', stackId: 'arn' });
  assert.ok(step?.startedAt && step.finishedAt && step.startedAt < step.finishedAt);
  assert.deepEqual(b.events('r1', seq1).map((e) => e.type), ['stage-finished']);
  b.close();
});

test('the event journal is append-only', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'state.db');
  const s = openStore(path, { now: fixedClock() });
  s.createRun({ id: 'r', pipeline: 'p', status: 'running', commit: 'c' });
  s.appendEvent('r', 'x');
  s.close();
  // Even a writer that bypasses the store cannot rewrite or delete history.
  const db = new Database(path);
  t.after(() => db.close());
  assert.throws(() => db.prepare("UPDATE events SET type = 'y'").run(), /append-only/);
  assert.throws(() => db.prepare('DELETE FROM events').run(), /append-only/);
});

test('status, approvals, last approved artifacts and locks', () => {
  const s = openStore(':memory:', { now: fixedClock() });
  s.createRun({ id: 'r1', pipeline: 'p', status: 'running', commit: 'c1' });
  s.createRun({ id: 'r2', pipeline: 'p', status: 'running', commit: 'c2' });
  s.setRunStatus('r1', 'awaiting-approval');
  assert.deepEqual(s.listRuns({ pipeline: 'p', status: ['awaiting-approval'] }).map((r) => r.id), ['r1']);
  assert.deepEqual(s.listRuns({ pipeline: 'p' }).map((r) => r.id), ['r2', 'r1']);
  s.recordApproval({ runId: 'r1', decision: 'approved', by: 'alice@example.com', at: '2026-01-02T00:00:00Z', comment: 'ok' });
  assert.throws(() => s.recordApproval({ runId: 'r1', decision: 'rejected', by: 'bob', at: 'x' }), /UNIQUE|PRIMARY/);
  assert.equal(s.getApproval('r1')?.by, 'alice@example.com');
  s.setRunStatus('r1', 'succeeded', true);
  assert.ok(s.getRun('r1')?.finishedAt);

  assert.equal(s.getLastApproved('p', 'app', 'us-east-1'), undefined);
  s.setLastApproved({ pipeline: 'p', stack: 'app', region: 'us-east-1', account: '', runId: 'r1', data: { templateUrl: 'u1' } });
  s.setLastApproved({ pipeline: 'p', stack: 'app', region: 'us-east-1', account: '', runId: 'r2', data: { templateUrl: 'u2' } });
  assert.equal(s.getLastApproved('p', 'app', 'us-east-1')?.data.templateUrl, 'u2');

  assert.equal(s.acquireLock('pipeline:p', 'r1'), true);
  assert.equal(s.acquireLock('pipeline:p', 'r2'), false);
  assert.equal(s.acquireLock('pipeline:p', 'r1'), true);
  s.releaseLock('pipeline:p', 'r1');
  assert.equal(s.acquireLock('pipeline:p', 'r2'), true);
  s.close();
});

test('users and hashed tokens', () => {
  const s = openStore(':memory:', { now: fixedClock() });
  s.addUser({ name: 'alice', email: 'alice@example.com', role: 'approver' });
  s.addToken('t1', 'alice', 'hash-1');
  assert.equal(s.userByTokenHash('hash-1')?.role, 'approver');
  assert.equal(s.userByTokenHash('hash-2'), undefined);
  assert.throws(() => s.addUser({ name: 'bob', role: 'root' as never }), /CHECK/);
  s.close();
});
