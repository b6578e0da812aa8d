// `--json` on the commands that had only text (issue 17 item 4): what they print on success is one
// JSON document (or one JSON object a line for the long-running ones), and a failure is the error
// document `{ error: { code, message, file, line, column } }` on stdout, with the exit code of the
// text form. Also the refusals that came with it: unknown `--regions`, a missing meridian.yaml, a
// repository with no commits, and findings of several regions merged inside a repository.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BIN, runCli } from '../helpers/run-cli.js';
import { exampleRepo } from '../helpers/example-repo.js';
import { buildProgram } from '../../src/cli/main.js';

const DEV = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };

interface ErrorDocument {
  error: { code: string; message: string; file: string | null; line: number | null; column: number | null };
}

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-json-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Starts a long-running command; `lines` yields what it prints on stdout, one line at a time. */
function startCli(args: string[], cwd: string) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...DEV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | string | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  return { child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator](), exited, stderr: () => stderr };
}

test('every command takes --json', () => {
  type Cmd = ReturnType<typeof buildProgram>;
  const leaves = (c: Cmd, prefix: string): [string, Cmd][] =>
    c.commands.length === 0 ? [[prefix, c]] : c.commands.flatMap((sub) => leaves(sub, `${prefix} ${sub.name()}`.trim()));
  const all = leaves(buildProgram(() => {}), '');
  assert.ok(all.length >= 25, all.map(([n]) => n).join(', '));
  assert.deepEqual(all.filter(([, c]) => !c.options.some((o) => o.long === '--json')).map(([n]) => n), []);
});

test('validate --regions refuses a region it has no data for, with the region meant; --json gives the error document', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 't.yaml'), 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n');
  const text = await runCli(['validate', '--regions', 'us-east-1,mars-1,us-east-9', 't.yaml'], { cwd: dir });
  assert.equal(text.code, 2);
  assert.equal(text.stdout, '');
  assert.equal(text.stderr, "meridian: --regions: 'mars-1', 'us-east-9' (did you mean 'us-east-1'?) are not AWS regions Meridian knows\n");
  const json = await runCli(['validate', '--regions', 'mars-1', '--json', 't.yaml'], { cwd: dir });
  assert.equal(json.code, 2);
  assert.deepEqual(JSON.parse(json.stdout), { error: { file: null, line: null, column: null, code: 'USAGE', message: "--regions: 'mars-1' is not an AWS region Meridian knows" } });
});

test('validate --json is --format json: findings as JSON, exit 1 at an error', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 't.yaml'), 'Resources:\n  A:\n    Type: AWS::Foo::Bar\n');
  const res = await runCli(['validate', '--json', 't.yaml'], { cwd: dir });
  assert.equal(res.code, 1, res.stderr);
  // cfn-lint's JSON shape, as --format json prints it.
  const doc = JSON.parse(res.stdout) as { Rule: { Id: string }; Location: { Start: { LineNumber: number; ColumnNumber: number } }; Message: string }[];
  assert.deepEqual(doc.map((f) => [f.Rule.Id, f.Location.Start.LineNumber, f.Location.Start.ColumnNumber, f.Message]), [['E3006', 3, 5, "Resource type 'AWS::Foo::Bar' does not exist in 'us-east-1'"]]);
});

test('template graph --json and template resolve --json: a template that cannot be used is an error document at its line and column', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'bad.yaml'), 'Resources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: [\n');
  const graph = await runCli(['template', 'graph', 'bad.yaml', '--json'], { cwd: dir });
  assert.equal(graph.code, 2);
  const g = JSON.parse(graph.stdout) as ErrorDocument;
  assert.deepEqual([g.error.code, g.error.file, g.error.line, g.error.column], ['TEMPLATE_INVALID', 'bad.yaml', 5, 1]);
  assert.match(g.error.message, /^bad\.yaml:5:1: E0000 Flow sequence in block collection must be sufficiently indented/);

  writeFileSync(join(dir, 'p.yaml'), 'Parameters:\n  Name: { Type: String }\nResources:\n  A:\n    Type: AWS::S3::Bucket\n    Properties: { BucketName: !Ref Name }\n');
  const missing = await runCli(['template', 'resolve', 'p.yaml', '--region', 'us-east-1', '--json'], { cwd: dir });
  assert.equal(missing.code, 2);
  const r = JSON.parse(missing.stdout) as ErrorDocument;
  assert.deepEqual(r.error, {
    file: 'p.yaml', line: 2, column: 3, code: 'TEMPLATE_INVALID', message: 'p.yaml:2:3: PARAMETER_MISSING Parameters: [Name] must have values',
    issues: [{ file: 'p.yaml', line: 2, column: 3, code: 'PARAMETER_MISSING', message: 'Parameters: [Name] must have values' }],
  });
  // Without --json the same problem is one line on stderr, as before.
  const text = await runCli(['template', 'resolve', 'p.yaml', '--region', 'us-east-1'], { cwd: dir });
  assert.deepEqual([text.code, text.stdout, text.stderr], [2, '', 'p.yaml:2:3: PARAMETER_MISSING Parameters: [Name] must have values\n']);
  const resolved = await runCli(['template', 'resolve', 'p.yaml', '--region', 'us-east-1', '--param', 'Name=assets', '--json'], { cwd: dir });
  assert.equal(resolved.code, 0, resolved.stderr);
  assert.equal((JSON.parse(resolved.stdout) as { Resources: { A: { Properties: { BucketName: string } } } }).Resources.A.Properties.BucketName, 'assets');
});

test('synth --json lists the files written and the deploy commands; without meridian.yaml it says to run meridian init (exit 2)', async (t) => {
  const dir = tempDir(t);
  const repo = exampleRepo(join(dir, 'repo'));
  const res = await runCli(['synth', 'stepfunctions', '--no-bundle', '--out', 'out', '--json'], { cwd: repo });
  assert.equal(res.code, 0, res.stderr);
  const doc = JSON.parse(res.stdout) as { target: string; files: { path: string }[]; deploy: { region: string; commands: string[] } };
  assert.equal(doc.target, 'stepfunctions');
  assert.deepEqual(doc.files.map((f) => f.path), ['out/stepfunctions.template.json', 'out/state-machine.asl.json', 'out/artifact-store.template.json']);
  assert.equal(doc.deploy.region, 'us-east-1');
  assert.match(doc.deploy.commands[1] ?? '', /^aws cloudformation deploy --region us-east-1 .* --stack-name meridian-shop-infra-stepfunctions /);

  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const text = await runCli(['synth', 'stepfunctions'], { cwd: empty });
  assert.equal(text.code, 2);
  assert.equal(text.stderr, `meridian: no meridian.yaml in ${empty}: run \`meridian init\` there to write one (CONFIG_NOT_FOUND)\n`);
  const json = await runCli(['synth', 'codepipeline', '--json'], { cwd: empty });
  assert.equal(json.code, 2);
  assert.deepEqual((JSON.parse(json.stdout) as ErrorDocument).error, {
    file: join(empty, 'meridian.yaml'), line: null, column: null, code: 'CONFIG_NOT_FOUND', message: `no meridian.yaml in ${empty}: run \`meridian init\` there to write one`,
  });
});

test('local-cloud --json: a listening line with the endpoint, then a stopped line on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const lc = startCli(['local-cloud', '--port', '0', '--json'], dir);
  t.after(() => lc.child.kill('SIGKILL'));
  const first = JSON.parse(String((await lc.lines.next()).value)) as { event: string; endpoint: string; data: null };
  assert.equal(first.event, 'listening');
  assert.match(first.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(first.data, null);
  // It answers on that endpoint: the admin API's state.
  assert.equal((await fetch(`${first.endpoint}/_localcloud/state`)).status, 200);
  lc.child.kill('SIGTERM');
  assert.deepEqual(JSON.parse(String((await lc.lines.next()).value)), { event: 'stopped', signal: 'SIGTERM' });
  assert.equal(await lc.exited, 0, lc.stderr());
});

test('serve --json: every stdout line is a JSON object, one of them the listening event with url and state', async (t) => {
  const dir = tempDir(t);
  const repo = exampleRepo(join(dir, 'repo'));
  const serve = startCli(['serve', '--port', '0', '--json', '--cloud', 'local', '--no-poll', '--state', join(dir, 'state')], repo);
  t.after(() => serve.child.kill('SIGKILL'));
  const seen: Record<string, unknown>[] = [];
  let listening: { url: string; state: string } | undefined;
  while (!listening) {
    const next = await serve.lines.next();
    assert.ok(!next.done, `serve ended before listening: ${serve.stderr()}`);
    const line = JSON.parse(String(next.value)) as Record<string, unknown>;
    seen.push(line);
    if (line.event === 'listening') listening = line as unknown as { url: string; state: string };
  }
  assert.match(listening.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(listening.state, join(dir, 'state'));
  // SIGTERM the moment it says listening, as a supervisor may: it still stops cleanly (exit 0, not killed by the signal).
  serve.child.kill('SIGTERM');
  for await (const l of serve.lines) seen.push(JSON.parse(l) as Record<string, unknown>);
  assert.equal(await serve.exited, 0, `${serve.stderr()}\n${JSON.stringify(seen)}`);
  assert.ok(seen.every((l) => typeof l.time === 'string'), JSON.stringify(seen));
  assert.deepEqual(seen.at(-1), { time: seen.at(-1)?.time, level: 'info', message: 'stopped' });
});

test('validate in a repository: a finding of every region is one finding naming them', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'meridian.yaml'), 'pipeline: merged\nregions: { primary: us-east-1, secondaries: [eu-west-1, us-west-2] }\nstacks:\n  - name: merged-app\n    template: t.yaml\n');
  writeFileSync(join(dir, 't.yaml'), 'Resources:\n  A:\n    Type: AWS::Foo::Bar\n');
  const res = await runCli(['validate'], { cwd: dir });
  assert.equal(res.code, 1, res.stderr);
  assert.equal(res.stdout, "t.yaml:3:5: E3006 [error] Resource type 'AWS::Foo::Bar' does not exist in 'us-east-1', 'eu-west-1', 'us-west-2'\n");
  assert.equal(res.stderr, '1 error, 0 warnings, 0 info findings in 1 file\n');
  // Given as paths, the template is checked as cfn-lint checks it: a finding per region.
  const paths = await runCli(['validate', '--regions', 'us-east-1,eu-west-1', 't.yaml'], { cwd: dir });
  assert.equal(paths.stdout.trim().split('\n').length, 2);
});

test('run in a repository with no commits yet says to commit first (exit 2); --json gives it as the error document', async (t) => {
  const dir = tempDir(t);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  assert.equal((await runCli(['init'], { cwd: dir })).code, 0);
  const text = await runCli(['run'], { cwd: dir, env: DEV });
  assert.equal(text.code, 2);
  assert.equal(text.stderr, `meridian: ${dir}: no commits yet; commit meridian.yaml and its templates first (git add -A && git commit -m meridian) (SOURCE_UNKNOWN_REF)\n`);
  const json = await runCli(['run', '--json'], { cwd: dir, env: DEV });
  assert.equal(json.code, 2);
  assert.equal((JSON.parse(json.stdout) as ErrorDocument).error.code, 'SOURCE_UNKNOWN_REF');
});

test('validate in a repository does not report W3002: Meridian packages local code paths itself', async (t) => {
  const dir = tempDir(t);
  const lambda = 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/x\n      Code: ./src\n';
  writeFileSync(join(dir, 'meridian.yaml'), 'pipeline: packs\nregions: { primary: us-east-1 }\nstacks:\n  - name: packs-fn\n    template: fn.yaml\n');
  writeFileSync(join(dir, 'fn.yaml'), lambda);
  const inRepo = await runCli(['validate', '--json'], { cwd: dir });
  const ids = (JSON.parse(inRepo.stdout) as { Rule: { Id: string } }[]).map((f) => f.Rule.Id);
  assert.ok(ids.length > 0 && !ids.includes('W3002'), ids.join(', '));
  // Given as a path, the template is checked as cfn-lint checks it, W3002 included.
  const asPath = await runCli(['validate', '--json', 'fn.yaml'], { cwd: dir });
  assert.ok((JSON.parse(asPath.stdout) as { Rule: { Id: string } }[]).some((f) => f.Rule.Id === 'W3002'));
});

test('serve in a folder that is no git repository exits 2 at once; --json gives the error document', async (t) => {
  const dir = tempDir(t);
  const text = await runCli(['serve', '--port', '0', '--cloud', 'local'], { cwd: dir });
  assert.equal(text.code, 2);
  assert.equal(text.stderr, `meridian: ${dir}: not a git repository (SOURCE_NOT_A_REPO)\n`);
  const json = await runCli(['serve', '--port', '0', '--json', '--repo', join(dir, 'nowhere')], { cwd: dir });
  assert.equal(json.code, 2);
  assert.equal((JSON.parse(json.stdout) as ErrorDocument).error.message, `${join(dir, 'nowhere')}: no such directory`);
});
