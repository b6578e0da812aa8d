// How commands fail, as a user sees it (issue 12 item 7, issue 17 items 4-5): one message with its code
// once, exit 2 for what the user must fix, a JSON error document under --json, and a closed pipe
// that ends the output quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../helpers/run-cli.js';
import { asksForJson, describeError, errorText, sayCodeOnce } from '../../src/cli/error-report.js';
import { ConfigError } from '../../src/pipeline/index.js';

const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-errors-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a code is said once, beside its location', () => {
  assert.equal(
    sayCodeOnce('PACKAGE_TEMPLATE_NOT_FOUND: templates/app.yaml:3:1: PACKAGE_TEMPLATE_NOT_FOUND template x does not exist'),
    'templates/app.yaml:3:1: PACKAGE_TEMPLATE_NOT_FOUND template x does not exist',
  );
  assert.equal(sayCodeOnce('PACKAGE_TEMPLATE_NOT_FOUND: PACKAGE_TEMPLATE_NOT_FOUND template x'), 'PACKAGE_TEMPLATE_NOT_FOUND template x');
  assert.equal(sayCodeOnce('VALIDATION_FAILED: 2 errors'), 'VALIDATION_FAILED: 2 errors');
  const config = describeError(new ConfigError([{ file: 'meridian.yaml', line: 3, column: 5, field: 'drift.onDirft', message: "unknown key 'onDirft'" }]));
  assert.deepEqual([config.code, config.file, config.line, config.column, config.exit], ['CONFIG_INVALID', 'meridian.yaml', 3, 5, 2]);
  assert.equal((errorText(config).match(/CONFIG_INVALID/g) ?? []).length, 1);
  const credentials = describeError(new Error('Could not load credentials from any providers'), { AWS_PROFILE: 'nosuch' });
  assert.match(credentials.message, /AWS_PROFILE=nosuch/);
});

test('meridian drift without meridian.yaml exits 2 and says how to make one; --json gives an error document', async (t) => {
  const dir = tempDir(t);
  const text = await runCli(['drift'], { cwd: dir });
  assert.equal(text.code, 2);
  assert.match(text.stderr, /^meridian: no meridian\.yaml in .*: run `meridian init` there, or pass --repo DIR\n$/);
  assert.doesNotMatch(text.stderr, /ENOENT|at .*\.js:\d+/);
  const json = await runCli(['drift', '--json'], { cwd: dir });
  assert.equal(json.code, 2);
  const doc = JSON.parse(json.stdout) as { error: { code: string; message: string; file: null } };
  assert.equal(doc.error.code, 'USAGE');
  assert.match(doc.error.message, /no meridian\.yaml/);
  const plan = await runCli(['plan'], { cwd: dir });
  assert.equal(plan.code, 2);
});

test('a bad meridian.yaml under --json: the error document names the file, line and column of the first problem', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'meridian.yaml'), 'pipeline: x\nregions: { primary: us-east-1 }\nstacks: [{ name: a, template: a.yaml }]\ndrift: { onDirft: block }\n');
  writeFileSync(join(dir, 'a.yaml'), 'Resources: {}\n');
  const res = await runCli(['plan', '--json'], { cwd: dir });
  assert.equal(res.code, 2);
  const doc = JSON.parse(res.stdout) as { error: { code: string; message: string; file: string; line: number; column: number } };
  assert.equal(doc.error.code, 'CONFIG_INVALID');
  assert.match(doc.error.file, /meridian\.yaml$/);
  assert.deepEqual([doc.error.line, doc.error.column], [4, 10]);
  assert.match(doc.error.message, /drift\.onDirft: unknown key 'onDirft' \(did you mean 'onDrift'\?\)/);
  assert.match(res.stderr, /meridian\.yaml:4:10: drift\.onDirft/);
});

test('an unknown option under --json is a USAGE error document', async () => {
  const res = await runCli(['runs', '--bogus', '--json']);
  assert.equal(res.code, 2);
  assert.equal((JSON.parse(res.stdout) as { error: { code: string } }).error.code, 'USAGE');
});

test('a closed pipe ends the output quietly (no EPIPE stack trace)', (t) => {
  const dir = tempDir(t);
  // `true` exits before node has started, so every write of meridian's meets a closed pipe.
  const res = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" validate --list-rules --format json | true; echo "exit \${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.doesNotMatch(res.stderr, /EPIPE|Error|at /);
  assert.match(res.stderr, /exit 0/);
});

test('AWS_PROFILE naming no profile is refused before any request, with the name and the profiles there', async (t) => {
  const dir = tempDir(t);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, ...DEV }, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  assert.equal((await runCli(['init'], { cwd: dir })).code, 0);
  writeFileSync(join(dir, 'aws-config'), '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n');
  const env = { AWS_PROFILE: 'nosuch', AWS_CONFIG_FILE: join(dir, 'aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none') };
  const res = await runCli(['drift', '--cloud', 'aws'], { cwd: dir, env });
  assert.equal(res.code, 2, res.stderr);
  assert.match(res.stderr, /AWS_PROFILE=nosuch: no profile 'nosuch' in .*aws-config.*\(profiles there: default, dev\)/);
  // Commands that only read the store do not need the profile.
  assert.equal((await runCli(['runs'], { cwd: dir, env })).code, 0);
});

test('JSON is asked for by --json or --format json, never by an argument after --', () => {
  assert.equal(asksForJson(['validate', '--json', 't.yaml']), true);
  assert.equal(asksForJson(['validate', '--format', 'json', 't.yaml']), true);
  assert.equal(asksForJson(['template', 'graph', '--format=json', 't.yaml']), true);
  assert.equal(asksForJson(['validate', '--format', 'sarif', 'json']), false);
  assert.equal(asksForJson(['run', '--', '--json']), false);
});

test('runs and status in a folder where nothing ran read an empty store and leave the folder as it was', async (t) => {
  const dir = tempDir(t);
  const runs = await runCli(['runs', '--json'], { cwd: dir });
  assert.deepEqual([runs.code, JSON.parse(runs.stdout)], [0, []]);
  const status = await runCli(['status'], { cwd: dir });
  assert.deepEqual([status.code, status.stderr], [2, 'meridian: no runs yet\n']);
  assert.deepEqual(readdirSync(dir), [], 'no .meridian was made');
});
