// Change sets for nested stacks (CreateChangeSet IncludeNestedStacks=true) through the real SDK over
// HTTP: the root's change for a nested stack points to the nested change set, which is described on its
// own and executed or deleted only through the root.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import type { DescribeChangeSetCommandOutput, Stack } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { manualClock } from '../../../src/localcloud/index.js';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { clientConfig, s3Client, start } from '../helpers.js';

const LATENCY = 15;
const REGION = 'eu-west-1';
const BUCKET = 'nested-cs-templates';
const clock = manualClock();
let cloud: LocalCloud;
let cfn: CloudFormationClient;

before(async () => {
  cloud = await start({ latencyMs: LATENCY, clock });
  cfn = new CloudFormationClient(clientConfig(cloud, REGION));
  await s3Client(cloud, REGION).send(new CreateBucketCommand({ Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: REGION } }));
});
after(() => cloud.stop());

async function upload(key: string, body: unknown): Promise<string> {
  await s3Client(cloud, REGION).send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: JSON.stringify(body) }));
  return `${cloud.endpoint}/${BUCKET}/${key}`;
}

async function settled(name: string): Promise<Stack> {
  for (let i = 0; i < 2000; i++) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (stack && !String(stack.StackStatus).endsWith('_IN_PROGRESS')) return stack;
    await clock.advance(LATENCY);
  }
  throw new Error(`stack ${name} never settled`);
}

/** Polls DescribeChangeSet until it leaves CREATE_PENDING / CREATE_IN_PROGRESS (bounded). */
async function changeSetReady(stackName: string, name: string): Promise<DescribeChangeSetCommandOutput> {
  for (let i = 0; i < 100; i++) {
    const cs = await cfn.send(new DescribeChangeSetCommand({ StackName: stackName, ChangeSetName: name }));
    if (cs.Status !== 'CREATE_PENDING' && cs.Status !== 'CREATE_IN_PROGRESS') return cs;
    await clock.advance(LATENCY);
  }
  throw new Error(`change set ${name} never completed`);
}

const describeArn = (arn: string) => cfn.send(new DescribeChangeSetCommand({ ChangeSetName: arn }));
const childIdOf = async (parent: string, logicalId: string) =>
  (await cfn.send(new DescribeStackResourceCommand({ StackName: parent, LogicalResourceId: logicalId }))).StackResourceDetail?.PhysicalResourceId as string;

const LEAF = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };
const childV1 = (leafUrl: string) => ({
  Parameters: { Greeting: { Type: 'String' } },
  Resources: {
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { Ref: 'Greeting' } } },
    Leaf: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: leafUrl } },
  },
});
const rootTemplate = (resources: Record<string, unknown>) => JSON.stringify({ Parameters: { Greeting: { Type: 'String', Default: 'hello' } }, Resources: resources });
const nestedResource = (url: string) => ({ Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: url, Parameters: { Greeting: { Ref: 'Greeting' } } } });

test('IncludeNestedStacks: a change only inside nested templates gets nested change sets, two levels deep; executing the root runs them', async () => {
  const leafUrl = await upload('leaf.json', LEAF);
  const childUrl = await upload('child.json', childV1(leafUrl));
  await cfn.send(new CreateStackCommand({ StackName: 'tree', TemplateBody: rootTemplate({ Child: nestedResource(childUrl) }) }));
  assert.equal((await settled('tree')).StackStatus, 'CREATE_COMPLETE');
  const childId = await childIdOf('tree', 'Child');
  const leafId = await childIdOf(childId, 'Leaf');

  // Same TemplateURLs, new contents: a queue in the child, a queue in the leaf.
  await upload('child.json', { ...childV1(leafUrl), Resources: { ...childV1(leafUrl).Resources, Queue: { Type: 'AWS::SQS::Queue' } } });
  await upload('leaf.json', { Resources: { ...LEAF.Resources, Queue: { Type: 'AWS::SQS::Queue' } } });

  // Without the flag nothing changes: the root's properties are the same, so there are no changes.
  await cfn.send(new CreateChangeSetCommand({ StackName: 'tree', ChangeSetName: 'flat', TemplateBody: rootTemplate({ Child: nestedResource(childUrl) }) }));
  const flat = await changeSetReady('tree', 'flat');
  assert.equal(flat.Status, 'FAILED');
  assert.equal(flat.IncludeNestedStacks, false);
  await cfn.send(new DeleteChangeSetCommand({ StackName: 'tree', ChangeSetName: 'flat' }));

  const { Id: rootId } = await cfn.send(
    new CreateChangeSetCommand({ StackName: 'tree', ChangeSetName: 'deep', TemplateBody: rootTemplate({ Child: nestedResource(childUrl) }), IncludeNestedStacks: true }),
  );
  const root = await changeSetReady('tree', 'deep');
  assert.equal(root.Status, 'CREATE_COMPLETE');
  assert.equal(root.ExecutionStatus, 'AVAILABLE');
  assert.equal(root.IncludeNestedStacks, true);
  assert.equal(root.ParentChangeSetId, undefined);
  const line = root.Changes?.[0]?.ResourceChange;
  assert.equal(root.Changes?.length, 1);
  assert.equal(line?.Action, 'Modify');
  assert.equal(line?.LogicalResourceId, 'Child');
  assert.equal(line?.PhysicalResourceId, childId);
  assert.equal(line?.Replacement, 'False');
  assert.deepEqual(line?.Details, [{ Target: { Attribute: 'Properties', RequiresRecreation: 'Never' }, Evaluation: 'Dynamic', ChangeSource: 'Automatic' }]);
  assert.match(line?.ChangeSetId ?? '', /^arn:aws:cloudformation:eu-west-1:\d+:changeSet\/deep-Child-[A-Z0-9]{12}\//);

  const child = await describeArn(line?.ChangeSetId as string);
  assert.equal(child.StackId, childId);
  assert.equal(child.Status, 'CREATE_COMPLETE');
  assert.equal(child.ExecutionStatus, 'UNAVAILABLE');
  assert.equal(child.StatusReason, 'Executable from root change set');
  assert.equal(child.IncludeNestedStacks, true);
  assert.equal(child.ParentChangeSetId, rootId);
  assert.equal(child.RootChangeSetId, rootId);
  const childLines = (child.Changes ?? []).map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`).sort();
  assert.deepEqual(childLines, ['Add Queue', 'Modify Leaf']);
  const leafLine = child.Changes?.find((c) => c.ResourceChange?.LogicalResourceId === 'Leaf')?.ResourceChange;
  const leaf = await describeArn(leafLine?.ChangeSetId as string);
  assert.equal(leaf.StackId, leafId);
  assert.equal(leaf.ParentChangeSetId, child.ChangeSetId);
  assert.equal(leaf.RootChangeSetId, rootId);
  assert.deepEqual(leaf.Changes?.map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`), ['Add Queue']);
  const listed = (await cfn.send(new ListChangeSetsCommand({ StackName: childId }))).Summaries?.[0];
  assert.equal(listed?.RootChangeSetId, rootId);

  // Only the root can be executed or deleted.
  await assert.rejects(cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: child.ChangeSetId })), { name: 'InvalidChangeSetStatusException' });
  await assert.rejects(cfn.send(new DeleteChangeSetCommand({ ChangeSetName: leaf.ChangeSetId })), { name: 'InvalidChangeSetStatusException' });

  await cfn.send(new ExecuteChangeSetCommand({ StackName: 'tree', ChangeSetName: 'deep' }));
  assert.equal((await settled('tree')).StackStatus, 'UPDATE_COMPLETE');
  assert.ok(await childIdOf(childId, 'Queue'));
  assert.ok(await childIdOf(leafId, 'Queue'));
  for (const arn of [rootId as string, child.ChangeSetId as string, leaf.ChangeSetId as string]) {
    assert.equal((await describeArn(arn)).ExecutionStatus, 'EXECUTE_COMPLETE', arn);
  }
});

test('IncludeNestedStacks: a new nested stack gets a CREATE change set on a REVIEW_IN_PROGRESS stack; deleting the root removes both, executing creates that stack', async () => {
  const leafUrl = await upload('leaf-new.json', LEAF);
  await cfn.send(new CreateStackCommand({ StackName: 'grow', TemplateBody: rootTemplate({ Keep: { Type: 'AWS::SNS::Topic' } }) }));
  await settled('grow');
  const template = rootTemplate({ Keep: { Type: 'AWS::SNS::Topic' }, Extra: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: leafUrl } } });

  const { Id: firstId } = await cfn.send(new CreateChangeSetCommand({ StackName: 'grow', ChangeSetName: 'first', TemplateBody: template, IncludeNestedStacks: true }));
  const first = await changeSetReady('grow', 'first');
  const line = first.Changes?.[0]?.ResourceChange;
  assert.equal(line?.Action, 'Add');
  const nested = await describeArn(line?.ChangeSetId as string);
  assert.equal(nested.ParentChangeSetId, firstId);
  assert.deepEqual(nested.Changes?.map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`), ['Add Topic']);
  const pending = (await cfn.send(new DescribeStacksCommand({ StackName: nested.StackId }))).Stacks?.[0];
  assert.equal(pending?.StackStatus, 'REVIEW_IN_PROGRESS');
  assert.match(pending?.StackName ?? '', /^grow-Extra-[A-Z0-9]{12}$/);

  await cfn.send(new DeleteChangeSetCommand({ StackName: 'grow', ChangeSetName: 'first' }));
  await assert.rejects(describeArn(nested.ChangeSetId as string), { name: 'ChangeSetNotFoundException' });
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: nested.StackId }))).Stacks?.[0]?.StackStatus, 'DELETE_COMPLETE');

  await cfn.send(new CreateChangeSetCommand({ StackName: 'grow', ChangeSetName: 'second', TemplateBody: template, IncludeNestedStacks: true }));
  const second = await changeSetReady('grow', 'second');
  const reviewed = (await describeArn(second.Changes?.[0]?.ResourceChange?.ChangeSetId as string)).StackId;
  await cfn.send(new ExecuteChangeSetCommand({ StackName: 'grow', ChangeSetName: 'second' }));
  assert.equal((await settled('grow')).StackStatus, 'UPDATE_COMPLETE');
  assert.equal(await childIdOf('grow', 'Extra'), reviewed, 'the stack the nested change set made is the one created');
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: reviewed }))).Stacks?.[0]?.StackStatus, 'CREATE_COMPLETE');
});
