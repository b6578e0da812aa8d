// `meridian users role` and `users remove`: the CLI twins of PATCH/DELETE /api/users/:name, checked in
// the state database itself (role, tokens gone, audit entries) and through the exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/store/index.js';

const CLI = fileURLToPath(new URL('./fixtures/cli-from-source.mjs', import.meta.url));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('users role changes the role and audits it; users remove takes the user, their tokens and sessions away', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'meridian-users-'));
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const added = cli(['users', 'add', 'bob', '--role', 'approver', '--state', state, '--json']);
  assert.equal(added.code, 0, added.err);
  const token = (JSON.parse(added.out) as { token: string }).token;

  const changed = cli(['users', 'role', 'bob', 'viewer', '--state', state]);
  assert.equal(changed.code, 0, changed.err);
  assert.equal(changed.out, 'bob: approver -> viewer\n');
  const bad = cli(['users', 'role', 'bob', 'owner', '--state', state]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /expected one of viewer, approver, admin/);
  const nobody = cli(['users', 'role', 'carol', 'admin', '--state', state]);
  assert.equal(nobody.code, 2);
  assert.match(nobody.err, /no user carol/);

  const store = openStore(join(state, 'state.db'), { now: () => new Date().toISOString() });
  try {
    assert.equal(store.getUser('bob')?.role, 'viewer');
    const hash = createHash('sha256').update(token).digest('hex');
    assert.equal(store.liveToken(hash)?.userName, 'bob', 'the token still signs in as bob before the removal');
  } finally {
    store.close();
  }

  const removed = cli(['users', 'remove', 'bob', '--state', state]);
  assert.equal(removed.code, 0, removed.err);
  assert.equal(removed.out, 'removed bob (their tokens no longer sign in)\n');
  assert.equal(cli(['users', 'remove', 'bob', '--state', state]).code, 2, 'a second removal finds nobody');

  const after = openStore(join(state, 'state.db'), { now: () => new Date().toISOString() });
  try {
    assert.equal(after.getUser('bob'), undefined);
    assert.deepEqual(after.listTokens('bob'), []);
    const actions = after.listAudit({}).map((a) => `${a.action} ${a.target} ${JSON.stringify(a.data)}`);
    assert.ok(actions.some((a) => a.startsWith('user-role bob {"from":"approver","to":"viewer"}')), actions.join('\n'));
    assert.ok(actions.some((a) => a.startsWith('user-delete bob')), actions.join('\n'));
  } finally {
    after.close();
  }
});
