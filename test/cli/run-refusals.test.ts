// Errors the user must fix are refused before any run is recorded, exit 2, with file:line:col (or the
// meridian.yaml field): malformed YAML in a template, a template missing from the commit, a cycle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { exampleRepo, git, writeFiles } from '../helpers/example-repo.js';

function repoWith(t: { after: (fn: () => void) => void }, files: (repo: string) => Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-refuse-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = exampleRepo(join(dir, 'repo'));
  writeFiles(repo, files(repo));
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'broken']);
  return repo;
}

async function refused(repo: string): Promise<string> {
  const run = await runCli(['run'], { cwd: repo });
  assert.equal(run.code, 2, run.stdout + run.stderr);
  const runs = await runCli(['runs', '--json'], { cwd: repo });
  assert.deepEqual(JSON.parse(runs.stdout || '[]'), [], 'no run was recorded');
  return run.stderr;
}

test('a malformed template: exit 2 at its line and column, no run', async (t) => {
  const repo = repoWith(t, () => ({ 'templates/app.yaml': 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n' }));
  assert.match(await refused(repo), /templates\/app\.yaml:\d+:\d+:/);
});

test('a template missing from the commit: exit 2 at the meridian.yaml field, no run', async (t) => {
  const repo = repoWith(t, (r) => ({ 'meridian.yaml': readFileSync(join(r, 'meridian.yaml'), 'utf8').replace('templates/app.yaml', 'templates/nope.yaml') }));
  const err = await refused(repo);
  assert.match(err, /meridian\.yaml:\d+:\d+: stacks\[1\]\.template: template templates\/nope\.yaml does not exist in commit/);
  assert.equal(err.match(/CONFIG_INVALID/g)?.length ?? 0, err.includes('CONFIG_INVALID') ? 1 : 0, 'the code is said at most once');
});

test('stacks that need each other: exit 2 naming the cycle, no run', async (t) => {
  const repo = repoWith(t, (r) => ({ 'meridian.yaml': readFileSync(join(r, 'meridian.yaml'), 'utf8').replace('    tags: { team: shop }\n    parameters:\n      Environment: production', '    tags: { team: shop }\n    dependsOn: [shop-app]\n    parameters:\n      Environment: production') }));
  assert.match(await refused(repo), /shop-config|shop-app/);
});
