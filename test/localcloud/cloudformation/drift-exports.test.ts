import assert from 'node:assert/strict';
import { test } from 'node:test';
import { s3Location } from '../../../src/localcloud/services/cloudformation/template-source.js';
import { ACCOUNT, body, events, harness } from './helpers.js';
import type { Harness } from './helpers.js';

const app = {
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'data-bucket' } },
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/mode', Type: 'String', Value: 'blue' } },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { VisibilityTimeout: 30 } },
    Other: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } },
  },
};

async function detect(h: Harness, stack: string): Promise<Record<string, unknown>> {
  const { StackDriftDetectionId } = await h.call('DetectStackDrift', { StackName: stack });
  const first = await h.call('DescribeStackDriftDetectionStatus', { StackDriftDetectionId: String(StackDriftDetectionId) });
  assert.equal(first.DetectionStatus, 'DETECTION_IN_PROGRESS');
  await h.settle();
  return h.call('DescribeStackDriftDetectionStatus', { StackDriftDetectionId: String(StackDriftDetectionId) });
}

const drifts = async (h: Harness, stack: string) =>
  Object.fromEntries(((await h.call('DescribeStackResourceDrifts', { StackName: stack })).StackResourceDrifts as Record<string, unknown>[]).map((d) => [d.LogicalResourceId, d]));

test('drift: in sync, then an out-of-band PutParameter, a bucket deletion and a live edit', async () => {
  const h = harness();
  await h.call('CreateStack', { StackName: 'app', ...body(app) });
  await h.settle();
  const clean = await detect(h, 'app');
  assert.equal(clean.DetectionStatus, 'DETECTION_COMPLETE');
  assert.equal(clean.StackDriftStatus, 'IN_SYNC');
  assert.equal((await drifts(h, 'app')).Other?.StackResourceDriftStatus, 'NOT_CHECKED');

  h.ssm.put(ACCOUNT, 'us-east-1', '/app/mode', 'green', 'String', { overwrite: true });
  h.s3.buckets.delete('data-bucket');
  h.cfn.editLive({ region: 'us-east-1', stackName: 'app', logicalId: 'Queue', properties: { VisibilityTimeout: 60 } });
  const drifted = await detect(h, 'app');
  assert.equal(drifted.StackDriftStatus, 'DRIFTED');
  assert.equal(drifted.DriftedStackResourceCount, 3);
  const d = await drifts(h, 'app');
  assert.equal(d.Bucket?.StackResourceDriftStatus, 'DELETED');
  assert.equal(d.Param?.StackResourceDriftStatus, 'MODIFIED');
  assert.deepEqual(d.Param?.PropertyDifferences, [{ PropertyPath: '/Value', ExpectedValue: 'blue', ActualValue: 'green', DifferenceType: 'NOT_EQUAL' }]);
  assert.equal(JSON.parse(String(d.Param?.ActualProperties)).Value, 'green');
  assert.deepEqual(d.Queue?.PropertyDifferences, [{ PropertyPath: '/VisibilityTimeout', ExpectedValue: '30', ActualValue: '60', DifferenceType: 'NOT_EQUAL' }]);
  const stack = await h.stack('app');
  assert.equal((stack.DriftInformation as Record<string, string>).StackDriftStatus, 'DRIFTED');
  const modified = (await h.call('DescribeStackResourceDrifts', { StackName: 'app', 'StackResourceDriftStatusFilters.member.1': 'MODIFIED' })).StackResourceDrifts as unknown[];
  assert.equal(modified.length, 2);
  h.cfn.editLive({ region: 'us-east-1', stackName: 'app', logicalId: 'Queue', delete: true });
  const one = await h.call('DetectStackResourceDrift', { StackName: 'app', LogicalResourceId: 'Queue' });
  assert.equal((one.StackResourceDrift as Record<string, string>).StackResourceDriftStatus, 'DELETED');
});

test('admin bodies are validated', () => {
  const h = harness();
  assert.throws(() => h.cfn.injectFault({ operation: 'explode' }), { code: 'ValidationError' });
  assert.throws(() => h.cfn.injectFault({ operation: 'create', count: -1 }), { code: 'ValidationError' });
  assert.throws(() => h.cfn.editLive({ region: 'us-east-1', stackName: 'x', logicalId: 'y' }), { code: 'ValidationError' });
  assert.throws(() => h.cfn.editLive({ region: 'us-east-1', stackName: 'x', logicalId: 'y', delete: true }), { message: 'Stack with id x does not exist' });
});

test('exports: duplicates refused, missing imports refused, an export in use cannot change or go', async () => {
  const h = harness();
  const producer = (value: string) => ({ Resources: { T: { Type: 'AWS::SNS::Topic' } }, Outputs: { Out: { Value: value, Export: { Name: 'shared' } } } });
  const consumer = { Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::ImportValue': 'shared' } } } } };
  await h.call('CreateStack', { StackName: 'consumer-early', ...body(consumer) });
  await h.settle();
  const early = await h.stack('consumer-early');
  assert.equal(early.StackStatus, 'ROLLBACK_COMPLETE');
  assert.equal(events(await h.call('DescribeStackEvents', { StackName: 'consumer-early' })).find((e) => e.status === 'ROLLBACK_IN_PROGRESS')?.reason, 'No export named shared found. Rollback requested by user.');
  await h.call('CreateStack', { StackName: 'producer', ...body(producer('v1')) });
  await h.settle();
  await h.call('CreateStack', { StackName: 'copycat', ...body(producer('v2')) });
  await h.call('CreateStack', { StackName: 'consumer', ...body(consumer) });
  await h.settle();
  assert.equal((await h.stack('copycat')).StackStatus, 'ROLLBACK_COMPLETE');
  assert.equal(
    events(await h.call('DescribeStackEvents', { StackName: 'copycat' })).find((e) => e.status === 'ROLLBACK_IN_PROGRESS')?.reason,
    'Export with name shared is already exported by stack producer. Rollback requested by user.',
  );
  assert.equal((await h.stack('consumer')).StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual((await h.call('ListImports', { ExportName: 'shared' })).Imports, ['consumer']);
  assert.equal([...h.ssm.params.values()][0]?.value, 'v1');
  await h.call('UpdateStack', { StackName: 'producer', ...body(producer('v3')) });
  await h.settle();
  const updated = await h.stack('producer');
  assert.equal(updated.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.equal(events(await h.call('DescribeStackEvents', { StackName: 'producer' })).find((e) => e.status === 'UPDATE_ROLLBACK_IN_PROGRESS')?.reason, 'Cannot update export shared as it is in use by consumer');
  await h.call('DeleteStack', { StackName: 'producer' });
  await h.settle();
  const deleting = await h.stack('producer');
  assert.equal(deleting.StackStatus, 'DELETE_FAILED');
  assert.equal(deleting.StackStatusReason, 'Cannot delete export shared as it is in use by consumer');
  await h.call('DeleteStack', { StackName: 'consumer' });
  await h.settle();
  await h.call('DeleteStack', { StackName: 'producer' });
  await h.settle();
  assert.deepEqual((await h.call('ListExports', {})).Exports, []);
});

test('parameters: NoEcho masked, SSM parameter types resolved, UsePreviousValue', async () => {
  const h = harness();
  h.ssm.put(ACCOUNT, 'eu-west-1', '/config/ami', 'ami-123', 'String');
  const template = {
    Parameters: {
      Secret: { Type: 'String', NoEcho: true },
      Ami: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/config/ami' },
    },
    Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/out', Type: 'String', Value: { 'Fn::Sub': '${Ami}:${Secret}' } } } },
  };
  await h.call('CreateStack', { StackName: 'p', ...body(template), 'Parameters.member.1.ParameterKey': 'Secret', 'Parameters.member.1.ParameterValue': 'hunter2' }, 'eu-west-1');
  await h.settle();
  const stack = await h.stack('p', 'eu-west-1');
  assert.deepEqual(stack.Parameters, [
    { ParameterKey: 'Secret', ParameterValue: '****' },
    { ParameterKey: 'Ami', ParameterValue: '/config/ami', ResolvedValue: 'ami-123' },
  ]);
  assert.equal(h.ssm.get(ACCOUNT, 'eu-west-1', '/out')?.value, 'ami-123:hunter2');
  const missing = await h.fails('CreateStack', { StackName: 'q', ...body(template), 'Parameters.member.1.ParameterKey': 'Secret', 'Parameters.member.1.ParameterValue': 'x' }, 'us-west-2');
  assert.equal(missing.message, 'Parameters: [/config/ami] cannot be found.');
});

test('TemplateURL is read from localcloud S3 in path and virtual-host style; snapshot and restore', async () => {
  const h = harness();
  h.s3.createBucket(ACCOUNT, 'us-east-1', 'artifacts');
  h.s3.buckets.get('artifacts')?.objects.set('t/app.json', Buffer.from(JSON.stringify(app)));
  await h.call('CreateStack', { StackName: 'a', TemplateURL: 'https://artifacts.s3.us-east-1.amazonaws.com/t/app.json' });
  await h.call('ValidateTemplate', { TemplateURL: 'http://127.0.0.1:4566/artifacts/t/app.json' });
  const bad = await h.fails('ValidateTemplate', { TemplateURL: 'https://s3.amazonaws.com/artifacts/missing.json' });
  assert.equal(bad.code, 'ValidationError');
  await h.settle();
  const saved = JSON.parse(JSON.stringify(h.cfn.snapshot()));
  h.cfn.reset();
  assert.equal((await h.fails('DescribeStacks', { StackName: 'a' })).message, 'Stack with id a does not exist');
  h.cfn.restore(saved);
  assert.equal((await h.stack('a')).StackStatus, 'CREATE_COMPLETE');
  const tpl = await h.call('GetTemplate', { StackName: 'a' });
  assert.equal(tpl.TemplateBody, JSON.stringify(app));
  const summary = await h.call('GetTemplateSummary', { StackName: 'a' });
  assert.deepEqual(summary.ResourceTypes, ['AWS::S3::Bucket', 'AWS::SSM::Parameter', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup']);
});

test('an operation cut off by a restart ends failed after restore, and the stack can be deleted', async () => {
  const h = harness();
  await h.call('CreateStack', { StackName: 'cut', ...body(app) });
  const saved = JSON.parse(JSON.stringify(h.cfn.snapshot()));
  const restarted = harness();
  restarted.cfn.restore(saved);
  const stack = await restarted.stack('cut');
  assert.equal(stack.StackStatus, 'CREATE_FAILED');
  assert.equal(stack.StackStatusReason, 'localcloud stopped while this operation was running');
  await restarted.call('DeleteStack', { StackName: 'cut' });
  await restarted.settle();
  assert.equal((await restarted.stack(String(stack.StackId))).StackStatus, 'DELETE_COMPLETE');
});

test('S3 locations of TemplateURL', () => {
  assert.deepEqual(s3Location('https://b.s3.amazonaws.com/k/t.yaml'), { bucket: 'b', key: 'k/t.yaml' });
  assert.deepEqual(s3Location('https://b.s3.eu-west-1.amazonaws.com/t.yaml'), { bucket: 'b', key: 't.yaml' });
  assert.deepEqual(s3Location('https://b.s3-eu-west-1.amazonaws.com/t.yaml'), { bucket: 'b', key: 't.yaml' });
  assert.deepEqual(s3Location('https://s3.eu-west-1.amazonaws.com/b/t.yaml'), { bucket: 'b', key: 't.yaml' });
  assert.deepEqual(s3Location('http://127.0.0.1:4566/b/dir/t.yaml'), { bucket: 'b', key: 'dir/t.yaml' });
  assert.deepEqual(s3Location('http://b.localhost:4566/t.yaml'), { bucket: 'b', key: 't.yaml' });
  assert.equal(s3Location('ftp://b/t.yaml'), undefined);
  assert.equal(s3Location('https://s3.amazonaws.com/only-bucket'), undefined);
});
