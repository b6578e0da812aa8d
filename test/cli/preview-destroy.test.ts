// `meridian preview` and `meridian destroy` as a user types them, one process per command, against a
// localcloud endpoint over HTTP: preview exits 0 (5 with --fail-on-changes) and creates no stack;
// a stack taken out of meridian.yaml is an orphan in `status`; destroy needs --yes without an
// approval gate, then deletes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud } from '../../src/localcloud/index.js';
import { runCli } from '../helpers/run-cli.js';

const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
const PARAM = (value: string) => `Resources:\n  P: { Type: AWS::SSM::Parameter, Properties: { Type: String, Value: ${value} } }\n`;
const CONFIG = (stacks: string[]) => `pipeline: cli-life
regions: { primary: us-east-1, secondaries: [eu-west-1] }
stacks:
${stacks.map((s) => `  - name: ${s}\n    template: templates/${s}.yaml\n`).join('')}approval: { required: false }
drift: { enabled: false }
`;

test('preview deploys nothing and exits 0 or 5; an orphan shows in status; destroy --yes deletes it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-cli-life-'));
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  t.after(async () => {
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  const commit = (files: Record<string, string>, message: string) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    git('add', '-A');
    git('commit', '-q', '-m', message);
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'dev@example.com');
  commit({ '.gitignore': '.meridian/\n', 'meridian.yaml': CONFIG(['life-a', 'life-b']), 'templates/life-a.yaml': PARAM('a'), 'templates/life-b.yaml': PARAM('b') }, 'init');
  const cli = (...args: string[]) => runCli([...args, '--endpoint', cloud.endpoint], { cwd: dir });
  const ops = async () => (await (await fetch(`${cloud.endpoint}/_localcloud/operations`)).json()) as { action: string; stackName?: string }[];

  const json = await cli('preview', '--json');
  assert.equal(json.code, 0, json.stderr);
  const report = JSON.parse(json.stdout) as { status: string; stacks: { stack: string; region: string; kind: string }[] };
  assert.equal(report.status, 'changes');
  assert.equal(report.stacks.length, 4);
  const failing = await cli('preview', '--fail-on-changes');
  assert.equal(failing.code, 5, failing.stdout + failing.stderr);
  assert.match(failing.stdout, /\+ P AWS::SSM::Parameter/);
  assert.match(failing.stdout, /would change; nothing was deployed/);
  assert.deepEqual((await ops()).filter((o) => o.action === 'CreateStack' || o.action === 'ExecuteChangeSet'), [], 'preview creates no stack');

  const run = await cli('run');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const same = await cli('preview', '--fail-on-changes');
  assert.equal(same.code, 0, same.stdout + same.stderr);
  assert.match(same.stdout, /no changes in any region/);

  commit({ 'meridian.yaml': CONFIG(['life-a']) }, 'retire life-b');
  const orphanRun = await cli('run');
  assert.equal(orphanRun.code, 0, orphanRun.stdout + orphanRun.stderr);
  assert.match(orphanRun.stdout, /orphan: life-b in us-east-1/);
  const status = await cli('status');
  assert.match(status.stdout, /orphan: life-b in eu-west-1 \(CREATE_COMPLETE\) no longer in meridian\.yaml/);

  const unconfirmed = await cli('destroy', 'life-b');
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /nothing was deleted: .*--yes/);
  assert.match(unconfirmed.stdout, /1\. life-b in eu-west-1 \(CREATE_COMPLETE\)\n2\. life-b in us-east-1/);
  const opsBefore = (await ops()).length;
  const destroyed = await cli('destroy', 'life-b', '--yes', '--json');
  assert.equal(destroyed.code, 0, destroyed.stdout + destroyed.stderr);
  assert.equal((JSON.parse(destroyed.stdout) as { status: string }).status, 'succeeded');
  const deletes = (await ops()).slice(opsBefore).filter((o) => o.action === 'DeleteStack').map((o) => o.stackName ?? '');
  assert.equal(deletes.length, 2);
  assert.ok(deletes.every((n) => n.includes('life-b')), deletes.join(', '));
  const after = await cli('preview', '--json');
  assert.deepEqual((JSON.parse(after.stdout) as { orphans: unknown[] }).orphans, []);
});
