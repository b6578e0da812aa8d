import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_CHANGES_REASON } from '../../../src/localcloud/services/cloudformation/index.js';
import { body, events, harness } from './helpers.js';
import type { Harness } from './helpers.js';

const bucketTemplate = (bucketName?: string, versioning = 'Suspended') => ({
  Parameters: { Env: { Type: 'String', Default: 'dev' } },
  Resources: {
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { ...(bucketName ? { BucketName: bucketName } : {}), VersioningConfiguration: { Status: versioning } } },
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/bucket', Type: 'String', Value: { Ref: 'Bucket' } } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { Ref: 'Env' } } },
  },
  Outputs: { BucketArn: { Value: { 'Fn::GetAtt': ['Bucket', 'Arn'] } } },
});

async function created(h: Harness, name: string, template: unknown): Promise<void> {
  await h.call('CreateStack', { StackName: name, ...body(template) });
  await h.settle();
  assert.equal((await h.stack(name)).StackStatus, 'CREATE_COMPLETE');
}

async function changeSet(h: Harness, params: Record<string, string>): Promise<Record<string, unknown>> {
  const { Id } = await h.call('CreateChangeSet', params);
  const pending = await h.call('DescribeChangeSet', { ChangeSetName: String(Id) });
  assert.equal(pending.Status, 'CREATE_PENDING');
  await h.settle();
  return h.call('DescribeChangeSet', { ChangeSetName: String(Id) });
}

test('update with replacement: the new bucket is created first, the old one deleted in cleanup', async () => {
  const h = harness();
  await created(h, 'app', bucketTemplate('bucket-one'));
  const cs = await changeSet(h, { StackName: 'app', ChangeSetName: 'rename', ...body(bucketTemplate('bucket-two')) });
  assert.equal(cs.Status, 'CREATE_COMPLETE');
  assert.equal(cs.ExecutionStatus, 'AVAILABLE');
  const changes = (cs.Changes as { ResourceChange: Record<string, unknown> }[]).map((c) => c.ResourceChange);
  const bucket = changes.find((c) => c.LogicalResourceId === 'Bucket');
  assert.deepEqual(bucket, {
    Action: 'Modify',
    LogicalResourceId: 'Bucket',
    PhysicalResourceId: 'bucket-one',
    ResourceType: 'AWS::S3::Bucket',
    Replacement: 'True',
    Scope: ['Properties'],
    Details: [{ Target: { Attribute: 'Properties', Name: 'BucketName', RequiresRecreation: 'Always' }, Evaluation: 'Static', ChangeSource: 'DirectModification', CausingEntity: undefined }],
  });
  const param = changes.find((c) => c.LogicalResourceId === 'Param');
  assert.equal(param?.Replacement, 'False');
  assert.deepEqual((param?.Details as { Evaluation: string; ChangeSource: string }[])[0]?.Evaluation, 'Dynamic');
  await h.call('ExecuteChangeSet', { ChangeSetName: 'rename', StackName: 'app' });
  await h.settle();
  const stack = await h.stack('app');
  assert.equal(stack.StackStatus, 'UPDATE_COMPLETE');
  assert.deepEqual([...h.s3.buckets.keys()], ['bucket-two']);
  assert.equal(h.ssm.get('000000000000', 'us-east-1', '/app/bucket')?.value, 'bucket-two');
  const ev = events(await h.call('DescribeStackEvents', { StackName: 'app' })).reverse();
  const cleanup = ev.findIndex((e) => e.status === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
  const created2 = ev.findIndex((e) => e.id === 'Bucket' && e.status === 'UPDATE_COMPLETE');
  const deleted1 = ev.findIndex((e) => e.id === 'Bucket' && e.status === 'DELETE_COMPLETE' && e.physical === 'bucket-one');
  assert.ok(created2 < cleanup && cleanup < deleted1);
  assert.equal(ev.at(-1)?.status, 'UPDATE_COMPLETE');
  assert.equal((await h.call('DescribeChangeSet', { ChangeSetName: 'rename', StackName: 'app' })).ExecutionStatus, 'EXECUTE_COMPLETE');
});

test('empty change set FAILS with AWS text; empty UpdateStack is a ValidationError', async () => {
  const h = harness();
  await created(h, 'app', bucketTemplate());
  const cs = await changeSet(h, { StackName: 'app', ChangeSetName: 'same', ...body(bucketTemplate()) });
  assert.equal(cs.Status, 'FAILED');
  assert.equal(cs.StatusReason, NO_CHANGES_REASON);
  assert.equal(cs.StatusReason, "The submitted information didn't contain changes. Submit different information to create a change set.");
  assert.equal(cs.ExecutionStatus, 'UNAVAILABLE');
  const err = await h.fails('UpdateStack', { StackName: 'app', ...body(bucketTemplate()) });
  assert.equal(err.code, 'ValidationError');
  assert.equal(err.message, 'No updates are to be performed.');
  const prev = await h.fails('UpdateStack', { StackName: 'app', UsePreviousTemplate: 'true', 'Parameters.member.1.ParameterKey': 'Env', 'Parameters.member.1.UsePreviousValue': 'true' });
  assert.equal(prev.message, 'No updates are to be performed.');
  const exec = await h.fails('ExecuteChangeSet', { ChangeSetName: 'same', StackName: 'app' });
  assert.equal(exec.code, 'InvalidChangeSetStatus');
  await h.call('DeleteChangeSet', { ChangeSetName: 'same', StackName: 'app' });
  assert.deepEqual((await h.call('ListChangeSets', { StackName: 'app' })).Summaries, []);
});

test('a parameter change is a ParameterReference; a failed update rolls back to the old values', async () => {
  const h = harness();
  await created(h, 'app', bucketTemplate());
  const cs = await changeSet(h, { StackName: 'app', ChangeSetName: 'env', UsePreviousTemplate: 'true', 'Parameters.member.1.ParameterKey': 'Env', 'Parameters.member.1.ParameterValue': 'prod' });
  const changes = (cs.Changes as { ResourceChange: { LogicalResourceId: string; Details: Record<string, unknown>[] } }[]).map((c) => c.ResourceChange);
  assert.deepEqual(changes.map((c) => c.LogicalResourceId), ['Topic']);
  assert.deepEqual(changes[0]?.Details[0], { Target: { Attribute: 'Properties', Name: 'DisplayName', RequiresRecreation: 'Never' }, Evaluation: 'Static', ChangeSource: 'ParameterReference', CausingEntity: 'Env' });
  h.cfn.injectFault({ operation: 'update', resourceType: 'AWS::SNS::Topic', message: 'Rate exceeded' });
  const withNew = { ...bucketTemplate(undefined, 'Enabled'), Resources: { ...bucketTemplate(undefined, 'Enabled').Resources, Added: { Type: 'AWS::SQS::Queue' } } };
  await h.call('UpdateStack', { StackName: 'app', ...body(withNew), 'Parameters.member.1.ParameterKey': 'Env', 'Parameters.member.1.ParameterValue': 'prod' });
  await h.settle();
  const stack = await h.stack('app');
  assert.equal(stack.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.deepEqual(stack.Parameters, [{ ParameterKey: 'Env', ParameterValue: 'dev' }]);
  const statuses = events(await h.call('DescribeStackEvents', { StackName: 'app' })).filter((e) => e.id === 'app').map((e) => e.status).reverse();
  assert.deepEqual(statuses.slice(-4), ['UPDATE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE']);
  const resources = (await h.call('ListStackResources', { StackName: 'app' })).StackResourceSummaries as Record<string, string>[];
  assert.deepEqual(resources.map((r) => r.LogicalResourceId).sort(), ['Bucket', 'Param', 'Topic']);
  const bucket = [...h.s3.buckets.values()][0];
  assert.equal(bucket?.versioning, 'Suspended');
  assert.equal(h.cfn.state() !== undefined, true);
});

test('CREATE change set puts a new stack in REVIEW_IN_PROGRESS; executing it creates the stack', async () => {
  const h = harness();
  const cs = await changeSet(h, { StackName: 'fresh', ChangeSetName: 'c1', ChangeSetType: 'CREATE', ...body(bucketTemplate()) });
  assert.equal((await h.stack('fresh')).StackStatus, 'REVIEW_IN_PROGRESS');
  assert.deepEqual((cs.Changes as { ResourceChange: { Action: string } }[]).map((c) => c.ResourceChange.Action), ['Add', 'Add', 'Add']);
  const again = await h.fails('CreateChangeSet', { StackName: 'fresh', ChangeSetName: 'c1', ChangeSetType: 'CREATE', ...body(bucketTemplate()) });
  assert.equal(again.code, 'AlreadyExistsException');
  await h.call('ExecuteChangeSet', { ChangeSetName: String(cs.ChangeSetId) });
  await h.settle();
  assert.equal((await h.stack('fresh')).StackStatus, 'CREATE_COMPLETE');
  const exists = await h.fails('CreateChangeSet', { StackName: 'fresh', ChangeSetName: 'c2', ChangeSetType: 'CREATE', ...body(bucketTemplate()) });
  assert.equal(exists.message, 'Stack [fresh] already exists and cannot be created again with the changeSet [c2].');
  const missing = await h.fails('CreateChangeSet', { StackName: 'nope', ChangeSetName: 'c2', ...body(bucketTemplate()) });
  assert.equal(missing.message, 'Stack [nope] does not exist');
});

test('DeletionPolicy Retain keeps the bucket; a non-empty bucket makes DELETE_FAILED', async () => {
  const h = harness();
  const retained = { Resources: { Keep: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain', Properties: { BucketName: 'kept' } }, Full: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'full' } } } };
  await created(h, 'app', retained);
  h.s3.buckets.get('full')?.objects.set('k', Buffer.from('x'));
  await h.call('DeleteStack', { StackName: 'app' });
  await h.settle();
  const stack = await h.stack('app');
  assert.equal(stack.StackStatus, 'DELETE_FAILED');
  assert.equal(stack.StackStatusReason, 'The following resource(s) failed to delete: [Full]. ');
  const ev = events(await h.call('DescribeStackEvents', { StackName: 'app' }));
  assert.match(ev.find((e) => e.status === 'DELETE_FAILED' && e.id === 'Full')?.reason ?? '', /^The bucket you tried to delete is not empty/);
  assert.ok(ev.some((e) => e.id === 'Keep' && e.status === 'DELETE_SKIPPED'));
  await h.call('DeleteStack', { StackName: 'app', 'RetainResources.member.1': 'Full' });
  await h.settle();
  assert.equal((await h.stack(String(stack.StackId))).StackStatus, 'DELETE_COMPLETE');
  assert.deepEqual([...h.s3.buckets.keys()].sort(), ['full', 'kept']);
});

test('cleanup deletes removed resources; UpdateReplacePolicy Retain keeps the old one; a custom name cannot be replaced in place', async () => {
  const h = harness();
  const v1 = {
    Resources: {
      Table: { Type: 'AWS::DynamoDB::Table', UpdateReplacePolicy: 'Retain', Properties: { KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] } },
      Named: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'fixed', FifoQueue: false } },
      Gone: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/gone', Type: 'String', Value: 'x' } },
    },
  };
  await created(h, 'app', v1);
  const oldTable = ((await h.call('DescribeStackResource', { StackName: 'app', LogicalResourceId: 'Table' })).StackResourceDetail as Record<string, string>).PhysicalResourceId;
  const v2 = { Resources: { Table: { ...v1.Resources.Table, Properties: { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }] } }, Named: v1.Resources.Named } };
  await h.call('UpdateStack', { StackName: 'app', ...body(v2) });
  await h.settle();
  assert.equal((await h.stack('app')).StackStatus, 'UPDATE_COMPLETE');
  assert.equal(h.ssm.get('000000000000', 'us-east-1', '/gone'), undefined);
  const ev = events(await h.call('DescribeStackEvents', { StackName: 'app' }));
  assert.ok(ev.some((e) => e.id === 'Table' && e.status === 'DELETE_SKIPPED' && e.physical === oldTable));
  assert.ok(ev.some((e) => e.id === 'Gone' && e.status === 'DELETE_COMPLETE'));
  const newTable = ((await h.call('DescribeStackResource', { StackName: 'app', LogicalResourceId: 'Table' })).StackResourceDetail as Record<string, string>).PhysicalResourceId;
  assert.notEqual(newTable, oldTable);
  const state = h.cfn.state() as Record<string, Record<string, { stacks: { resources: { logicalId: string }[] }[] }>>;
  assert.deepEqual(state['000000000000']?.['us-east-1']?.stacks[0]?.resources.map((r) => r.logicalId).sort(), ['Named', 'Table']);
  const v3 = { Resources: { ...v2.Resources, Named: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'fixed', FifoQueue: true } } } };
  await h.call('UpdateStack', { StackName: 'app', ...body(v3) });
  await h.settle();
  assert.equal((await h.stack('app')).StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  const failed = events(await h.call('DescribeStackEvents', { StackName: 'app' })).find((e) => e.status === 'UPDATE_FAILED');
  assert.equal(failed?.reason, 'CloudFormation cannot update a stack when a custom-named resource requires replacing. Rename fixed and update the stack again.');
});

test('a change of stack tags is a Tags modification of every taggable resource', async () => {
  const h = harness();
  await created(h, 'app', bucketTemplate());
  const cs = await changeSet(h, { StackName: 'app', ChangeSetName: 'tags', UsePreviousTemplate: 'true', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'shop' });
  assert.equal(cs.Status, 'CREATE_COMPLETE');
  const changes = (cs.Changes as { ResourceChange: { LogicalResourceId: string; Scope: string[]; Replacement: string } }[]).map((c) => c.ResourceChange);
  assert.deepEqual(changes.map((c) => [c.LogicalResourceId, c.Scope, c.Replacement]).sort(), [
    ['Bucket', ['Tags'], 'False'],
    ['Param', ['Tags'], 'False'],
    ['Topic', ['Tags'], 'False'],
  ]);
  await h.call('ExecuteChangeSet', { StackName: 'app', ChangeSetName: 'tags' });
  await h.settle();
  const stack = await h.stack('app');
  assert.equal(stack.StackStatus, 'UPDATE_COMPLETE');
  assert.deepEqual(stack.Tags, [{ Key: 'team', Value: 'shop' }]);
});
