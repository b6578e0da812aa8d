// Physical names and stage configuration through the real engine, against localcloud over HTTP:
// names two deployments would both claim are refused in Validate, before any stack operation
// (localcloud's operations log has no CreateStack or CreateChangeSet); a stage parameter lets the
// stage stack name things apart; a stage placed in another region deploys there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { clientsOf } from '../../../src/cloud/index.js';
import { startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

const config = (regions: string, extra = '') => `pipeline: names
cloud: local
regions: ${regions}
stacks:
  - name: names-app
    template: templates/app.yaml
    capabilities: [CAPABILITY_NAMED_IAM]
${extra}validation: { failOn: error }
drift: { enabled: false }
approval: { required: false }
`;

const BUCKET = `Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub '\${AWS::StackName}-assets'
`;

const ROLE = `Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-role'
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
`;

const PARAMETER = `Parameters:
  Env:
    Type: String
    Default: prod
Resources:
  Settings:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Sub '/names/\${Env}/settings'
      Type: String
      Value: colour=blue
`;

type Operation = { action: string; region: string; stackName?: string };

async function operations(endpoint: string): Promise<Operation[]> {
  return (await (await fetch(`${endpoint}/_localcloud/operations`)).json()) as Operation[];
}

const stackOperations = (ops: Operation[]) => ops.filter((o) => /^(CreateStack|CreateChangeSet|ExecuteChangeSet|UpdateStack)$/.test(o.action));

/** The Validate findings the run logged, as `file:line:column: ID message`. */
function findings(fx: PipelineFixture, runId: string): string[] {
  return fx.events
    .filter((e) => e.runId === runId && e.event.type === 'log' && (e.event as { stage?: string }).stage === 'validate')
    .map((e) => (e.event as { message: string }).message)
    .filter((m) => /^templates\/app\.yaml:\d+:\d+: M100\d /.test(m));
}

async function refused(fx: PipelineFixture): Promise<string[]> {
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'failed');
  assert.match(run.reason ?? '', /validation found \d+ error\(s\); policy failOn=error: templates\/app\.yaml:\d+:\d+: M100\d/);
  assert.deepEqual(stackOperations(await operations(fx.cloud.endpoint)), [], 'no stack operation was started');
  return findings(fx, run.runId);
}

test('a bucket named from the stack name alone is refused: S3 names are global, so us-west-2 would fail', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': config('{ primary: us-east-1, secondaries: [us-west-2] }'), 'templates/app.yaml': BUCKET });
  t.after(() => fx.stop());
  assert.deepEqual(await refused(fx), [
    "templates/app.yaml:5:7: M1001 BucketName 'names-app-assets' of Assets (AWS::S3::Bucket) would be claimed by stack names-app in us-east-1 and stack names-app in us-west-2; " +
      "AWS::S3::Bucket names are global: one name in every account and region, so the second deployment fails. Fix: put ${AWS::Region} and ${AWS::AccountId} in it, e.g. !Sub '${AWS::StackName}-${AWS::Region}-…', or leave BucketName out and let CloudFormation name it",
  ]);
});

test('an IAM role named from the stack name alone is refused: IAM names are per account across regions', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': config('{ primary: us-east-1, secondaries: [us-west-2, eu-west-1] }'), 'templates/app.yaml': ROLE });
  t.after(() => fx.stop());
  const found = await refused(fx);
  // Every pair of the three production deployments; the stage stack's name differs (names-app-stage-role).
  assert.deepEqual(found.map((m) => m.replace(/; AWS::IAM::Role names.*$/, '')), [
    "templates/app.yaml:5:7: M1001 RoleName 'names-app-role' of AppRole (AWS::IAM::Role) would be claimed by stack names-app in us-east-1 and stack names-app in us-west-2",
    "templates/app.yaml:5:7: M1001 RoleName 'names-app-role' of AppRole (AWS::IAM::Role) would be claimed by stack names-app in us-east-1 and stack names-app in eu-west-1",
    "templates/app.yaml:5:7: M1001 RoleName 'names-app-role' of AppRole (AWS::IAM::Role) would be claimed by stack names-app in us-west-2 and stack names-app in eu-west-1",
  ]);
  assert.match(found[0] ?? '', /AWS::IAM::Role names are unique per account across all regions, so the second deployment fails\. Fix: put \$\{AWS::Region\} in it/);
});

test('an SSM parameter the stage stack would also claim is refused; a stage parameter lets it through', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': config('{ primary: us-east-1 }'), 'templates/app.yaml': PARAMETER });
  t.after(() => fx.stop());
  assert.deepEqual(await refused(fx), [
    "templates/app.yaml:9:7: M1002 Name '/names/prod/settings' of Settings (AWS::SSM::Parameter) would be claimed by stage stack names-app-stage in us-east-1 and stack names-app in us-east-1; " +
      'AWS::SSM::Parameter names are unique per account and region, so the second deployment fails. Fix: give the stage its own value with stage: { parameters: { Env: … } } in meridian.yaml, or put ${AWS::StackName} in the name',
  ]);

  fx.commit({ 'meridian.yaml': config('{ primary: us-east-1 }', 'stage: { retain: true, parameters: { Env: stage } }\n') }, 'the stage names its own parameter');
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const { ssm } = clientsOf(fx.deps.cloud, { region: 'us-east-1' });
  for (const name of ['/names/stage/settings', '/names/prod/settings']) {
    const got = await ssm.send(new GetParameterCommand({ Name: name }));
    assert.equal(got.Parameter?.Value, 'colour=blue', name);
  }
});

test('a stage in another region deploys there, with its own parameters', async (t) => {
  const fx = await pipelineFixture({
    'meridian.yaml': config('{ primary: us-east-1, secondaries: [us-west-2] }', 'stage: { retain: true, region: eu-west-1, parameters: { Env: stage } }\n'),
    'templates/app.yaml': PARAMETER.replace('/names/${Env}/settings', '/names/${Env}/${AWS::Region}/settings'),
  });
  t.after(() => fx.stop());
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const staged = stackOperations(await operations(fx.cloud.endpoint)).filter((o) => o.stackName === 'names-app-stage');
  assert.ok(staged.length > 0, 'the stage stack was deployed');
  assert.deepEqual([...new Set(staged.map((o) => o.region))], ['eu-west-1']);
  const { ssm } = clientsOf(fx.deps.cloud, { region: 'eu-west-1' });
  assert.equal((await ssm.send(new GetParameterCommand({ Name: '/names/stage/eu-west-1/settings' }))).Parameter?.Value, 'colour=blue');
});
