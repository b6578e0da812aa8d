// `meridian validate` and `meridian plan` in a Meridian repository, as real processes: the stacks of
// meridian.yaml are validated for the pipeline's regions, and names two of its deployments would both
// claim are findings with file, line and message; suppressions hold as for any rule.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';

const CONFIG = `pipeline: names
regions: { primary: us-east-1, secondaries: [us-west-2] }
stacks:
  - name: names-app
    template: templates/app.yaml
`;

const TEMPLATE = `Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: names-assets-fixed
  Logs:
    Type: AWS::S3::Bucket
    Metadata:
      cfn-lint:
        config:
          ignore_checks: [M1001, M1002]
    Properties:
      BucketName: names-logs-fixed
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '\${AWS::StackName}-\${AWS::Region}-jobs'
`;

function repo(t: TestContext, config = CONFIG): string {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-names-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'meridian.yaml'), config);
  writeFileSync(join(dir, 'templates/app.yaml'), TEMPLATE);
  return dir;
}

const STAGE_US_EAST = "templates/app.yaml:5:7: M1002 [error] BucketName 'names-assets-fixed' of Assets (AWS::S3::Bucket) would be claimed by stage stack names-app-stage in us-east-1 and stack names-app in us-east-1; AWS::S3::Bucket names are global: one name in every account and region, so the second deployment fails. Fix: put ${AWS::StackName} in the name (the stage stack is names-app-stage), or name it from a parameter set for the stage in meridian.yaml's stage: { parameters }";

test('validate in a repository without paths: every pair of deployments claiming a bucket name, at its line; suppressed resources stay quiet', async (t) => {
  const dir = repo(t);
  const res = await runCli(['validate'], { cwd: dir });
  assert.equal(res.code, 1, res.stderr);
  // The template's cfn_nag warnings (W35, W41, ...) are there too; the physical-name findings are these.
  const lines = res.stdout.trim().split('\n').filter((l) => / M100\d /.test(l));
  assert.deepEqual(lines, [
    STAGE_US_EAST,
    "templates/app.yaml:5:7: M1002 [error] BucketName 'names-assets-fixed' of Assets (AWS::S3::Bucket) would be claimed by stage stack names-app-stage in us-east-1 and stack names-app in us-west-2; AWS::S3::Bucket names are global: one name in every account and region, so the second deployment fails. Fix: put ${AWS::StackName} in the name (the stage stack is names-app-stage), or name it from a parameter set for the stage in meridian.yaml's stage: { parameters }",
    "templates/app.yaml:5:7: M1001 [error] BucketName 'names-assets-fixed' of Assets (AWS::S3::Bucket) would be claimed by stack names-app in us-east-1 and stack names-app in us-west-2; AWS::S3::Bucket names are global: one name in every account and region, so the second deployment fails. Fix: put ${AWS::Region} and ${AWS::AccountId} in it, e.g. !Sub '${AWS::StackName}-${AWS::Region}-…', or leave BucketName out and let CloudFormation name it",
  ]);
  const json = await runCli(['validate', '--repo', dir, '--format', 'json'], { cwd: tmpdir() });
  assert.equal(json.code, 1);
  const found = JSON.parse(json.stdout) as { Filename: string; Rule: { Id: string; ShortDescription: string }; Location: { Start: { LineNumber: number } } }[];
  assert.deepEqual(found.filter((f) => f.Rule.Id.startsWith('M')).map((f) => `${f.Filename}:${f.Location.Start.LineNumber} ${f.Rule.Id} ${f.Rule.ShortDescription}`), [
    'templates/app.yaml:5 M1002 Physical name claimed by the stage stack and production',
    'templates/app.yaml:5 M1002 Physical name claimed by the stage stack and production',
    'templates/app.yaml:5 M1001 Physical name claimed in two regions or accounts',
  ]);
});

test('validation.ignore in meridian.yaml turns a physical-name rule off like any other', async (t) => {
  const dir = repo(t, `${CONFIG}validation: { ignore: [M1002, W] }\n`);
  const res = await runCli(['validate'], { cwd: dir });
  assert.equal(res.code, 1);
  assert.deepEqual(res.stdout.trim().split('\n').map((l) => l.split(' [')[0]), ['templates/app.yaml:5:7: M1001']);
});

test('plan names the clashes too and exits 1; --json carries them; --list-rules lists the rules', async (t) => {
  const dir = repo(t);
  const plan = await runCli(['plan'], { cwd: dir });
  assert.equal(plan.code, 1, plan.stderr);
  assert.match(plan.stdout, /^stage stacks: us-east-1$/m);
  assert.match(plan.stdout, /^physical names: 3 finding\(s\)$/m);
  assert.ok(plan.stdout.includes(`  ${STAGE_US_EAST}\n`), plan.stdout);
  const json = await runCli(['plan', '--json'], { cwd: dir });
  const doc = JSON.parse(json.stdout) as { stageRegion: string; physicalNames: { ruleId: string; line: number; message: string }[] };
  assert.equal(doc.stageRegion, 'us-east-1');
  assert.deepEqual(doc.physicalNames.map((f) => `${f.line} ${f.ruleId}`), ['5 M1002', '5 M1002', '5 M1001']);
  const rules = await runCli(['validate', '--list-rules'], { cwd: dir });
  assert.match(rules.stdout, /^M1001 +error +meridian +Physical name claimed in two regions or accounts$/m);
  assert.match(rules.stdout, /^M1004 +error +meridian +Physical name already exists in the target$/m);
});

test('a stage parameter that tells the names apart, and names with the region: plan is clean', async (t) => {
  const dir = repo(t, `${CONFIG.replace('template: templates/app.yaml', 'template: templates/app.yaml\n    parameters: { Env: prod }')}stage: { parameters: { Env: stage } }\n`);
  writeFileSync(join(dir, 'templates/app.yaml'), `Parameters:\n  Env: { Type: String }\nResources:\n  Assets:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub 'names-\${Env}-\${AWS::Region}-\${AWS::AccountId}'\n`);
  const plan = await runCli(['plan'], { cwd: dir });
  assert.equal(plan.code, 0, plan.stdout);
  assert.match(plan.stdout, /^physical names: no name is claimed by two deployments$/m);
});

test('stage.account naming no account is refused with its line (exit 2)', async (t) => {
  const dir = repo(t, `${CONFIG}stage: { account: staging }\n`);
  const res = await runCli(['plan'], { cwd: dir });
  assert.equal(res.code, 2);
  assert.match(res.stderr, /meridian\.yaml:6:\d+: stage\.account: unknown account 'staging'; define it under accounts:/);
});

test("inside a repository the exit follows meridian.yaml's validation.failOn, as a run would; --fail-on still decides", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-failon-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'meridian.yaml'), 'pipeline: strict\nregions: { primary: us-east-1 }\nstacks:\n  - name: strict-q\n    template: q.yaml\nvalidation: { failOn: warning }\n');
  writeFileSync(join(dir, 'q.yaml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
  const strict = await runCli(['validate'], { cwd: dir });
  assert.equal(strict.stdout, 'q.yaml:3:5: W48 [warning] SQS Queue should specify KmsMasterKeyId property\n');
  assert.equal(strict.code, 1, 'a warning fails where failOn is warning');
  const junit = await runCli(['validate', '--format', 'junit'], { cwd: dir });
  assert.equal(junit.code, 1);
  assert.match(junit.stdout, /<testcase classname="q\.yaml" name="W48">\n\s+<failure /);
  assert.equal((await runCli(['validate', '--fail-on', 'error'], { cwd: dir })).code, 0);
  // Outside a repository the default stays error.
  assert.equal((await runCli(['validate', 'q.yaml'], { cwd: dir })).code, 0);
});

test('validate in a repository reports a NoEcho value written in meridian.yaml (M0002) at its line, as the Validate stage does', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-secrets-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(
    join(dir, 'meridian.yaml'),
    'pipeline: secrets\nregions: { primary: us-east-1 }\nstacks:\n  - name: secrets-app\n    template: templates/app.yaml\n    parameters:\n      Password: hunter2-literal\n',
  );
  writeFileSync(join(dir, 'templates/app.yaml'), 'Parameters:\n  Password: { Type: String, NoEcho: true }\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n');
  const res = await runCli(['validate'], { cwd: dir });
  const lines = res.stdout.split('\n').filter((l) => l.includes(' M0002 '));
  assert.deepEqual(lines, [
    'meridian.yaml:7:7: M0002 [warning] Parameter Password of stack secrets-app is NoEcho, but its value is written in clear in meridian.yaml (and kept in the repository\'s history); read it from the environment ({ env: NAME }) or SSM ({ ssm: { name: /path } }) instead',
  ]);
  assert.equal(res.stdout.includes('hunter2-literal'), false, 'the finding names the parameter, never its value');
  const listed = await runCli(['validate', '--format', 'json'], { cwd: dir });
  // cfn-lint's JSON shape: a list of matches.
  const doc = JSON.parse(listed.stdout) as { Rule: { Id: string }; Location: { Start: { LineNumber: number } } }[];
  assert.deepEqual(doc.filter((f) => f.Rule.Id === 'M0002').map((f) => f.Location.Start.LineNumber), [7]);
});
