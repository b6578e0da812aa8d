// A NoEcho value written literally in meridian.yaml, through real processes against localcloud over
// HTTP: it reaches the stacks, yet no byte of it is under .meridian/ (state.db and its WAL, the
// checkouts) nor in any output (run, approve, reject, status, --json); M0002 warns at its line; and
// the undo of a later change reads it back from the approved commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startLocalCloud } from '../../src/localcloud/index.js';
import { runCli } from '../helpers/run-cli.js';
import { exampleRepo, git, writeFiles } from '../helpers/example-repo.js';

const FIRST = 'Literal-Pa55-q8Zr-first';
const SECOND = 'Literal-Pa55-w2Xk-second';
const BOB = { GIT_COMMITTER_EMAIL: 'bob@example.com' };
const EXAMPLE = new URL('../../examples/shop-infra/', import.meta.url);

const template = readFileSync(new URL('templates/config.yaml', EXAMPLE), 'utf8')
  .replace('Parameters:\n', 'Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n')
  .replace('Outputs:\n', '  DbPasswordParameter:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: !Sub /shop/${AWS::StackName}/db-password\n      Type: String\n      Value: !Ref DbPassword\nOutputs:\n');
const meridian = (secret: string) => readFileSync(new URL('meridian.yaml', EXAMPLE), 'utf8').replace('      Environment: production\n', `      Environment: production\n      DbPassword: ${secret}\n`);

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('a NoEcho literal is deployed but never stored nor printed; M0002 points at its line; undo reads it back', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-secret-'));
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  const ssm = new SSMClient({ region: 'us-east-1', endpoint: cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
  t.after(async () => {
    ssm.destroy();
    await cloud.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const repo = exampleRepo(join(dir, 'repo'), { 'templates/config.yaml': template, 'meridian.yaml': meridian(FIRST) });
  const outputs: string[] = [];
  const cli = async (args: string[]) => {
    const r = await runCli([...args, '--endpoint', cloud.endpoint], { cwd: repo, env: BOB });
    outputs.push(r.stdout, r.stderr);
    return r;
  };
  const runId = async (args: string[]) => {
    const r = await cli(args);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    return /run (r\d{8}T\d{6}-[0-9a-f]{4}) awaits approval/.exec(r.stdout)?.[1] as string;
  };
  const value = async (name: string) => (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;

  const first = await runId(['run', '-v']);
  const line = meridian(FIRST).split('\n').findIndex((l) => l.includes('DbPassword:')) + 1;
  const view = JSON.parse((await cli(['status', first, '--json'])).stdout) as { validation?: { findings: { file: string; line: number; ruleId: string; message: string }[] } };
  const m0002 = view.validation?.findings.filter((f) => f.ruleId === 'M0002');
  assert.deepEqual(
    m0002?.map((f) => [f.file, f.line, f.message]),
    [['meridian.yaml', line, 'Parameter DbPassword of stack shop-config is NoEcho, but its value is written in clear in meridian.yaml (and kept in the repository\'s history); read it from the environment ({ env: NAME }) or SSM ({ ssm: { name: /path } }) instead']],
  );
  assert.equal((await cli(['approve', first, '--comment', 'first'])).code, 0);
  assert.equal(await value('/shop/shop-config/db-password'), FIRST, 'the real value was deployed, not the mask');

  writeFiles(repo, { 'meridian.yaml': meridian(SECOND) });
  git(repo, ['commit', '-q', '-am', 'rotate the password']);
  const second = await runId(['run']);
  assert.equal(await value('/shop/shop-config-stage/db-password'), SECOND, 'the stage has the new value');
  assert.equal((await cli(['reject', second])).code, 4);
  assert.equal(await value('/shop/shop-config-stage/db-password'), FIRST, 'reject put the approved value back, read from the approved commit');
  await cli(['status', second]);
  await cli(['status', second, '--json']);
  await cli(['runs', '--json']);

  const stored = files(join(repo, '.meridian'));
  assert.ok(stored.some((f) => f.endsWith('state.db')) && stored.some((f) => f.endsWith('meridian.yaml')), stored.join('\n'));
  for (const secret of [FIRST, SECOND]) {
    for (const f of stored) assert.equal(readFileSync(f).includes(Buffer.from(secret)), false, `${secret} is in ${f}`);
    for (const o of outputs) assert.equal(o.includes(secret), false, `${secret} was printed:\n${o}`);
  }
  // The checkout keeps the masked copy, line for line.
  const checkout = stored.find((f) => f.endsWith(join(second, 'meridian.yaml'))) as string;
  assert.equal(readFileSync(checkout, 'utf8').split('\n')[line - 1], "      DbPassword: '****'");
});
