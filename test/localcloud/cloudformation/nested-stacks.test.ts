// Nested stacks (AWS::CloudFormation::Stack) through the real SDK over HTTP: the child is a stack
// of its own, created, updated, rolled back and deleted by its own operations on the clock.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ListStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import type { Stack, StackEvent } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { manualClock } from '../../../src/localcloud/index.js';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { clientConfig, s3Client, ssmClient, start } from '../helpers.js';

const LATENCY = 15;
const REGION = 'eu-west-1';
const BUCKET = 'nested-templates';
const clock = manualClock();
let cloud: LocalCloud;
let cfn: CloudFormationClient;

before(async () => {
  cloud = await start({ latencyMs: LATENCY, clock });
  cfn = new CloudFormationClient(clientConfig(cloud, REGION));
  await s3Client(cloud, REGION).send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
});
after(() => cloud.stop());

/** Uploads a template like `aws cloudformation package` does and answers its TemplateURL. */
async function upload(key: string, body: unknown): Promise<string> {
  await s3Client(cloud, REGION).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(body) }));
  return `${cloud.endpoint}/${BUCKET}/${key}`;
}

/** Polls DescribeStacks until the stack leaves *_IN_PROGRESS, moving the clock between polls (bounded). */
async function settled(name: string, seen: string[] = []): Promise<Stack> {
  for (let i = 0; i < 2000; i++) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    const status = stack?.StackStatus ?? 'NONE';
    if (seen.at(-1) !== status) seen.push(status);
    if (stack && !status.endsWith('_IN_PROGRESS')) return stack;
    await clock.advance(LATENCY);
  }
  throw new Error(`stack ${name} never settled`);
}

const stackOf = async (nameOrId: string) => (await cfn.send(new DescribeStacksCommand({ StackName: nameOrId }))).Stacks?.[0] as Stack;
const eventsOf = async (nameOrId: string): Promise<StackEvent[]> => [...((await cfn.send(new DescribeStackEventsCommand({ StackName: nameOrId }))).StackEvents ?? [])].reverse();
const childIdOf = async (parent: string, logicalId = 'Child') =>
  (await cfn.send(new DescribeStackResourceCommand({ StackName: parent, LogicalResourceId: logicalId }))).StackResourceDetail?.PhysicalResourceId as string;
const output = (s: Stack, key: string) => s.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
const ssmValue = async (name: string) => (await ssmClient(cloud, REGION).send(new GetParameterCommand({ Name: name }))).Parameter?.Value;

const CHILD = {
  Parameters: { Greeting: { Type: 'String' } },
  Resources: { Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'Greeting' } } } },
  Outputs: { ParamName: { Value: { Ref: 'Param' } }, Greeting: { Value: { 'Fn::Sub': '${Greeting}!' } } },
};

const parentTemplate = (url: string, extra: Record<string, unknown> = {}, echo: unknown = { 'Fn::GetAtt': ['Child', 'Outputs.Greeting'] }) =>
  JSON.stringify({
    Parameters: { Greeting: { Type: 'String', Default: 'hello' }, EchoName: { Type: 'String' } },
    Resources: {
      Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: url, Parameters: { Greeting: { Ref: 'Greeting' } }, TimeoutInMinutes: 5 } },
      Echo: { Type: 'AWS::SSM::Parameter', Properties: { Name: { Ref: 'EchoName' }, Type: 'String', Value: echo } },
      ...extra,
    },
    Outputs: { ChildParam: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.ParamName'] } }, ChildId: { Value: { Ref: 'Child' } } },
  });

test('create: parameters go down, outputs come up, the child is a stack of its own; delete removes it', async () => {
  const url = await upload('child.json', CHILD);
  const { StackId: parentId } = await cfn.send(
    new CreateStackCommand({ StackName: 'app', TemplateBody: parentTemplate(url), Parameters: [{ ParameterKey: 'EchoName', ParameterValue: '/nested/echo' }], Tags: [{ Key: 'team', Value: 'core' }] }),
  );
  const parent = await settled('app');
  assert.equal(parent.StackStatus, 'CREATE_COMPLETE');
  assert.equal(parent.ParentId, undefined);

  const childId = await childIdOf('app');
  assert.equal(output(parent, 'ChildId'), childId, 'Ref of the resource is the child stack id');
  const child = await stackOf(childId);
  assert.match(child.StackName ?? '', /^app-Child-[A-Z0-9]{12}$/);
  assert.equal(child.StackStatus, 'CREATE_COMPLETE');
  assert.equal(child.ParentId, parentId);
  assert.equal(child.RootId, parentId);
  assert.equal(child.TimeoutInMinutes, 5);
  assert.deepEqual(child.Parameters, [{ ParameterKey: 'Greeting', ParameterValue: 'hello' }]);
  assert.deepEqual(child.Tags, [{ Key: 'team', Value: 'core' }], 'stack tags propagate to the nested stack');
  assert.equal(output(child, 'Greeting'), 'hello!');

  // GetAtt Outputs.X feeds a parent resource and a parent output.
  assert.equal(await ssmValue('/nested/echo'), 'hello!');
  assert.equal(output(parent, 'ChildParam'), output(child, 'ParamName'));
  assert.equal(await ssmValue(output(child, 'ParamName') as string), 'hello');

  // Both stacks have their own events; the parent's resource completes after the child does.
  const childEvents = await eventsOf(childId);
  const own = childEvents.filter((e) => e.LogicalResourceId === child.StackName).map((e) => `${e.ResourceStatus}${e.ResourceStatusReason ? ` ${e.ResourceStatusReason}` : ''}`);
  assert.deepEqual(own, ['CREATE_IN_PROGRESS User Initiated', 'CREATE_COMPLETE']);
  assert.deepEqual(childEvents.filter((e) => e.LogicalResourceId === 'Param').map((e) => e.ResourceStatus), ['CREATE_IN_PROGRESS', 'CREATE_COMPLETE']);
  const parentEvents = (await eventsOf('app')).filter((e) => e.LogicalResourceId === 'Child');
  assert.deepEqual(
    parentEvents.map((e) => [e.ResourceStatus, e.ResourceStatusReason, e.PhysicalResourceId]),
    [
      ['CREATE_IN_PROGRESS', undefined, undefined],
      ['CREATE_IN_PROGRESS', 'Resource creation Initiated', childId],
      ['CREATE_COMPLETE', undefined, childId],
    ],
  );
  const childDone = childEvents.at(-1)?.Timestamp?.getTime() ?? Infinity;
  assert.ok((parentEvents.at(-1)?.Timestamp?.getTime() ?? 0) >= childDone);
  assert.ok((parentEvents[1]?.Timestamp?.getTime() ?? Infinity) < childDone, 'the child takes time on the clock');

  // Nested stacks are listed like any stack, with their parent.
  const listed = (await cfn.send(new ListStacksCommand({}))).StackSummaries?.find((s) => s.StackId === childId);
  assert.equal(listed?.ParentId, parentId);

  // Drift: the nested stack resource itself is not checked (AWS checks nested stacks separately).
  await cfn.send(new DetectStackDriftCommand({ StackName: 'app' }));
  await clock.advance(LATENCY);
  const drifts = (await cfn.send(new DescribeStackResourceDriftsCommand({ StackName: 'app' }))).StackResourceDrifts ?? [];
  assert.equal(drifts.find((d) => d.LogicalResourceId === 'Child')?.StackResourceDriftStatus, 'NOT_CHECKED');

  await cfn.send(new DeleteStackCommand({ StackName: 'app' }));
  const seen: string[] = [];
  await settled(parentId as string, seen);
  assert.deepEqual(seen, ['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
  const deleted = await stackOf(childId);
  assert.equal(deleted.StackStatus, 'DELETE_COMPLETE');
  const childEnd = (await eventsOf(childId)).filter((e) => e.LogicalResourceId === child.StackName).map((e) => e.ResourceStatus);
  assert.deepEqual(childEnd.slice(-2), ['DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
  await assert.rejects(ssmValue(output(child, 'ParamName') as string));
});

test('update: changed parameters update the child by its own operation; an unrelated change leaves it alone', async () => {
  const url = await upload('child-u.json', CHILD);
  const params = (greeting: string) => [
    { ParameterKey: 'EchoName', ParameterValue: '/nested/echo-u' },
    { ParameterKey: 'Greeting', ParameterValue: greeting },
  ];
  await cfn.send(new CreateStackCommand({ StackName: 'upd', TemplateBody: parentTemplate(url), Parameters: params('hello') }));
  assert.equal((await settled('upd')).StackStatus, 'CREATE_COMPLETE');
  const childId = await childIdOf('upd');

  await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: parentTemplate(url), Parameters: params('bye') }));
  const parent = await settled('upd');
  assert.equal(parent.StackStatus, 'UPDATE_COMPLETE');
  assert.equal(await childIdOf('upd'), childId, 'updated in place, not replaced');
  const child = await stackOf(childId);
  assert.equal(child.StackStatus, 'UPDATE_COMPLETE');
  assert.deepEqual(child.Parameters, [{ ParameterKey: 'Greeting', ParameterValue: 'bye' }]);
  assert.equal(await ssmValue('/nested/echo-u'), 'bye!', 'the new output reached the parent resource');
  const own = (await eventsOf(childId)).filter((e) => e.LogicalResourceId === child.StackName).map((e) => e.ResourceStatus);
  assert.deepEqual(own.slice(-3), ['UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE']);

  // Changing only the parent: the child gets no operation at all.
  const before = (await eventsOf(childId)).length;
  const extra = { Other: { Type: 'AWS::SQS::Queue' } };
  await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: parentTemplate(url, extra), Parameters: params('bye') }));
  assert.equal((await settled('upd')).StackStatus, 'UPDATE_COMPLETE');
  assert.equal((await eventsOf(childId)).length, before);

  // Same TemplateURL, new contents (a re-upload): the child is updated.
  await upload('child-u.json', { ...CHILD, Outputs: { ...CHILD.Outputs, Extra: { Value: 'x' } } });
  await cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: parentTemplate(url, extra, { 'Fn::GetAtt': ['Child', 'Outputs.Extra'] }), Parameters: params('bye') }));
  assert.equal((await settled('upd')).StackStatus, 'UPDATE_COMPLETE');
  assert.equal(await ssmValue('/nested/echo-u'), 'x');

  await cfn.send(new DeleteStackCommand({ StackName: 'upd' }));
  await settled(childId);
});

test('a parent update that fails rolls the updated child back', async () => {
  const url = await upload('child-r.json', CHILD);
  const params = (greeting: string) => [
    { ParameterKey: 'EchoName', ParameterValue: '/nested/echo-r' },
    { ParameterKey: 'Greeting', ParameterValue: greeting },
  ];
  await cfn.send(new CreateStackCommand({ StackName: 'rb', TemplateBody: parentTemplate(url), Parameters: params('one') }));
  assert.equal((await settled('rb')).StackStatus, 'CREATE_COMPLETE');
  const childId = await childIdOf('rb');
  // Bad waits for the child (DependsOn), so the child's update has finished when Bad fails.
  const bad = { Bad: { Type: 'AWS::SSM::Parameter', DependsOn: 'Child', Properties: { Type: 'String' } } };
  await cfn.send(new UpdateStackCommand({ StackName: 'rb', TemplateBody: parentTemplate(url, bad), Parameters: params('two') }));
  const parent = await settled('rb');
  assert.equal(parent.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  const child = await stackOf(childId);
  assert.equal(child.StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  const own = (await eventsOf(childId)).filter((e) => e.LogicalResourceId === child.StackName).map((e) => e.ResourceStatus);
  assert.deepEqual(own.slice(-6), [
    'UPDATE_IN_PROGRESS',
    'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_COMPLETE',
    'UPDATE_ROLLBACK_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
    'UPDATE_ROLLBACK_COMPLETE',
  ]);
  assert.deepEqual(child.Parameters, [{ ParameterKey: 'Greeting', ParameterValue: 'one' }]);
  assert.equal(output(child, 'Greeting'), 'one!');
  assert.equal(await ssmValue(output(child, 'ParamName') as string), 'one');
  assert.equal(await ssmValue('/nested/echo-r'), 'one!');

  // A child whose own update fails rolls itself back; the parent resource fails with AWS's reason.
  const broken = await upload('child-r-broken.json', { ...CHILD, Resources: { ...CHILD.Resources, Broken: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String' } } } });
  await cfn.send(new UpdateStackCommand({ StackName: 'rb', TemplateBody: parentTemplate(broken), Parameters: params('one') }));
  assert.equal((await settled('rb')).StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  assert.equal((await stackOf(childId)).StackStatus, 'UPDATE_ROLLBACK_COMPLETE');
  const failed = (await eventsOf('rb')).find((e) => e.LogicalResourceId === 'Child' && e.ResourceStatus === 'UPDATE_FAILED');
  assert.equal(
    failed?.ResourceStatusReason,
    `Embedded stack ${childId} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [Broken].`,
  );
  await cfn.send(new DeleteStackCommand({ StackName: 'rb' }));
  await settled(childId);
});

test('a failing child fails the parent resource with AWS reason; the rollback deletes the child', async () => {
  const url = await upload('child-bad.json', { Resources: { Bad: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String' } } } });
  await cfn.send(new CreateStackCommand({ StackName: 'bad', TemplateBody: JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: url } } } }) }));
  const seen: string[] = [];
  const parent = await settled('bad', seen);
  assert.deepEqual(seen, ['CREATE_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_COMPLETE']);
  assert.equal(parent.StackStatus, 'ROLLBACK_COMPLETE');
  const events = await eventsOf('bad');
  const failed = events.find((e) => e.LogicalResourceId === 'Child' && e.ResourceStatus === 'CREATE_FAILED');
  const childId = failed?.PhysicalResourceId as string;
  assert.match(childId, /^arn:aws:cloudformation:eu-west-1:\d{12}:stack\/bad-Child-[A-Z0-9]{12}\//);
  assert.equal(failed?.ResourceStatusReason, `Embedded stack ${childId} was not successfully created: The following resource(s) failed to create: [Bad].`);
  assert.equal(events.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')?.ResourceStatusReason, 'The following resource(s) failed to create: [Child]. Rollback requested by user.');
  const child = await stackOf(childId);
  assert.equal(child.StackStatus, 'DELETE_COMPLETE');
  const own = (await eventsOf(childId)).filter((e) => e.LogicalResourceId === child.StackName).map((e) => e.ResourceStatus);
  assert.deepEqual(own, ['CREATE_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_IN_PROGRESS', 'DELETE_COMPLETE']);
});

test('GetAtt of an output the child does not have fails the parent resource', async () => {
  const url = await upload('child-o.json', CHILD);
  await cfn.send(
    new CreateStackCommand({
      StackName: 'noout',
      TemplateBody: parentTemplate(url, {}, { 'Fn::GetAtt': ['Child', 'Outputs.Nope'] }),
      Parameters: [{ ParameterKey: 'EchoName', ParameterValue: '/nested/echo-o' }],
    }),
  );
  assert.equal((await settled('noout')).StackStatus, 'ROLLBACK_COMPLETE');
  const events = await eventsOf('noout');
  const failed = events.find((e) => e.LogicalResourceId === 'Echo' && e.ResourceStatus === 'CREATE_FAILED');
  assert.equal(failed?.ResourceStatusReason, 'Template error: resource Child does not support attribute type Outputs.Nope in Fn::GetAtt');
  const childId = events.find((e) => e.LogicalResourceId === 'Child' && e.PhysicalResourceId)?.PhysicalResourceId as string;
  assert.equal((await stackOf(childId)).StackStatus, 'DELETE_COMPLETE');
});

test('a TemplateURL that cannot be read fails the resource before any child exists', async () => {
  await cfn.send(
    new CreateStackCommand({ StackName: 'nourl', TemplateBody: JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${cloud.endpoint}/${BUCKET}/missing.json` } } } }) }),
  );
  assert.equal((await settled('nourl')).StackStatus, 'ROLLBACK_COMPLETE');
  const failed = (await eventsOf('nourl')).find((e) => e.ResourceStatus === 'CREATE_FAILED');
  assert.equal(failed?.ResourceStatusReason, 'S3 error: Access Denied');
  const stacks = (await cfn.send(new ListStacksCommand({}))).StackSummaries ?? [];
  assert.ok(!stacks.some((s) => s.StackName?.startsWith('nourl-Child-')));
});

test('two levels: the grandchild has its parent and the root; deleting the root deletes both', async () => {
  const leaf = await upload('leaf.json', { Resources: { Topic: { Type: 'AWS::SNS::Topic' } }, Outputs: { TopicArn: { Value: { Ref: 'Topic' } } } });
  const middle = await upload('middle.json', {
    Resources: { Leaf: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: leaf } } },
    Outputs: { TopicArn: { Value: { 'Fn::GetAtt': ['Leaf', 'Outputs.TopicArn'] } } },
  });
  const { StackId: rootId } = await cfn.send(
    new CreateStackCommand({
      StackName: 'root',
      TemplateBody: JSON.stringify({ Resources: { Mid: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: middle } } }, Outputs: { TopicArn: { Value: { 'Fn::GetAtt': ['Mid', 'Outputs.TopicArn'] } } } }),
    }),
  );
  const root = await settled('root');
  assert.equal(root.StackStatus, 'CREATE_COMPLETE');
  const midId = await childIdOf('root', 'Mid');
  const leafId = await childIdOf(midId, 'Leaf');
  const leafStack = await stackOf(leafId);
  assert.match(leafStack.StackName ?? '', /^root-Mid-[A-Z0-9]{12}-Leaf-[A-Z0-9]{12}$/);
  assert.equal(leafStack.ParentId, midId);
  assert.equal(leafStack.RootId, rootId);
  assert.match(output(root, 'TopicArn') ?? '', /^arn:aws:sns:eu-west-1:\d{12}:root-/);
  await cfn.send(new DeleteStackCommand({ StackName: 'root' }));
  await settled(rootId as string);
  assert.equal((await stackOf(midId)).StackStatus, 'DELETE_COMPLETE');
  assert.equal((await stackOf(leafId)).StackStatus, 'DELETE_COMPLETE');
});

test('a nested stack may be deleted directly, as AWS allows (it only recommends working from the root)', async () => {
  const url = await upload('child-d.json', CHILD);
  const { StackId: parentId } = await cfn.send(
    new CreateStackCommand({ StackName: 'direct', TemplateBody: parentTemplate(url), Parameters: [{ ParameterKey: 'EchoName', ParameterValue: '/nested/echo-d' }] }),
  );
  assert.equal((await settled('direct')).StackStatus, 'CREATE_COMPLETE');
  const childId = await childIdOf('direct');
  await cfn.send(new DeleteStackCommand({ StackName: childId }));
  assert.equal((await settled(childId)).StackStatus, 'DELETE_COMPLETE');
  // The parent's later delete finds its child gone and completes.
  await cfn.send(new DeleteStackCommand({ StackName: 'direct' }));
  assert.equal((await settled(parentId as string)).StackStatus, 'DELETE_COMPLETE');
});
