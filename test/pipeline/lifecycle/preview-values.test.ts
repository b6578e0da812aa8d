// Review with values, in-process against localcloud over HTTP, a real git repository and SQLite:
// a parameter-only change previews before -> after; values that read a NoEcho parameter and values
// from the environment are masked everywhere (report, journal, SQLite file); `previewCommit`
// creates no stack, records no run, and deletes what its change sets made.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { previewCommit, previewLines, startRun, type PreviewReport, type StackPreview } from '../../../src/pipeline/index.js';
import { pipelineFixture, type PipelineFixture } from '../../helpers/pipeline-fixture.js';

const CONFIG = (greeting: string) => `pipeline: vals
regions: { primary: us-east-1, secondaries: [us-west-2] }
stacks:
  - name: vals-config
    template: templates/vals.yaml
    parameters:
      Greeting: ${greeting}
      ApiKey: { env: VALS_API_KEY }
approval: { required: false }
drift: { enabled: false }
`;

const TEMPLATE = `Parameters:
  Greeting: { Type: String }
  ApiKey: { Type: String, NoEcho: true }
Resources:
  Message:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Sub "\${Greeting}, world"
  Key:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Ref ApiKey
Outputs:
  MessageName: { Value: !Ref Message }
`;

let fx: PipelineFixture;
before(async () => {
  fx = await pipelineFixture({ 'meridian.yaml': CONFIG('hello'), 'templates/vals.yaml': TEMPLATE });
  fx.deps.env = { VALS_API_KEY: 'sekret-value-one' };
});
after(async () => fx.stop());

type Operation = { action: string; region: string; stackName?: string };
const operations = async () => (await (await fetch(`${fx.cloud.endpoint}/_localcloud/operations`)).json()) as Operation[];
const cfn = (region: string) => new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });
async function stackExists(region: string, name: string): Promise<boolean> {
  try {
    const s = (await cfn(region).send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    return s !== undefined && s.StackStatus !== 'DELETE_COMPLETE';
  } catch {
    return false;
  }
}
const byStack = (r: PreviewReport, region: string): StackPreview => {
  const p = r.stacks.find((s) => s.region === region && s.stack === 'vals-config');
  assert.ok(p, `a preview of vals-config in ${region}`);
  return p;
};

test('preview of a new pipeline: every resource an Add, no stack created, no run recorded', async () => {
  const before = (await operations()).length;
  const report = await previewCommit(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(report.status, 'changes');
  assert.deepEqual(report.stacks.map((s) => [s.region, s.kind, s.adds]), [['us-east-1', 'changes', 2], ['us-west-2', 'changes', 2]]);
  const ops = (await operations()).slice(before);
  assert.ok(ops.some((o) => o.action === 'CreateChangeSet'), 'the preview is made of change sets');
  assert.deepEqual(ops.filter((o) => ['CreateStack', 'ExecuteChangeSet', 'UpdateStack'].includes(o.action)), []);
  // The REVIEW_IN_PROGRESS stack a new stack's change set makes is deleted with it.
  for (const region of ['us-east-1', 'us-west-2']) assert.equal(await stackExists(region, 'vals-config'), false, region);
  assert.equal(ops.filter((o) => o.action === 'DeleteChangeSet').length, 2);
  assert.deepEqual(fx.store.listRuns({}), [], 'preview records no run');
});

test('a parameter-only change previews before -> after; NoEcho and environment values are masked everywhere', async () => {
  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'succeeded', first.reason);

  fx.commit({ 'meridian.yaml': CONFIG('bonjour') }, 'greet in French');
  fx.deps.env = { VALS_API_KEY: 'sekret-value-two' };
  const report = await previewCommit(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(report.status, 'changes');
  const preview = byStack(report, 'us-west-2');
  assert.deepEqual([preview.adds, preview.modifies, preview.removes], [0, 2, 0]);
  const message = preview.changes.find((c) => c.logicalId === 'Message');
  const value = message?.details.find((d) => d.name === 'Value');
  assert.deepEqual([value?.path, value?.before, value?.after, value?.changeType], ['/Properties/Value', 'hello, world', 'bonjour, world', 'Modify']);
  const key = preview.changes.find((c) => c.logicalId === 'Key')?.details.find((d) => d.name === 'Value');
  assert.deepEqual([key?.before, key?.after], ['****', '****'], 'a NoEcho value never shows');
  assert.ok(previewLines(preview).includes('    Value: hello, world → bonjour, world'), previewLines(preview).join('\n'));
  assert.ok(!JSON.stringify(report).includes('sekret'), 'the report carries no secret');

  // The run's journaled preview (what status --json, the API and the dashboard read) has the values, masked.
  const run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(run.status, 'succeeded', run.reason);
  const step = fx.store.getStep(run.runId, 'preview:us-east-1:vals-config');
  const journaled = step?.data.result as StackPreview;
  assert.equal(journaled.changes.find((c) => c.logicalId === 'Message')?.details.find((d) => d.name === 'Value')?.after, 'bonjour, world');
  const lines = fx.events.filter((e) => e.runId === run.runId && e.event.type === 'stage-finished' && e.event.stage === 'preview').flatMap((e) => (e.event as { details?: string[] }).details ?? []);
  assert.ok(lines.some((l) => l.includes('hello, world → bonjour, world')), lines.join('\n'));
  for (const file of [fx.stateFile, `${fx.stateFile}-wal`]) {
    if (existsSync(file)) assert.ok(!readFileSync(file).includes('sekret-value'), `${file} holds no secret`);
  }
});
