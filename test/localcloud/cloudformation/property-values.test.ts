// DescribeChangeSet IncludePropertyValues through the real SDK: before/after values of each changed
// property, the resource's before/after context, NoEcho values masked (SPEC.md "Change sets").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudFormationClient, CreateChangeSetCommand, CreateStackCommand, DescribeChangeSetCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { Change } from '@aws-sdk/client-cloudformation';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { clientConfig, start } from '../helpers.js';

let cloud: LocalCloud;
let cfn: CloudFormationClient;
before(async () => {
  cloud = await start({ latencyMs: 1 });
  cfn = new CloudFormationClient(clientConfig(cloud, 'eu-west-1'));
});
after(() => cloud.stop());

const template = (queueDelay: number, withTopic: boolean) =>
  JSON.stringify({
    Parameters: { Env: { Type: 'String' }, Secret: { Type: 'String', NoEcho: true } },
    Resources: {
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::Sub': 'env-${Env}' }, Description: { Ref: 'Secret' } } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: queueDelay, ...(withTopic ? {} : { Tags: [{ Key: 'team', Value: 'shop' }] }) } },
      ...(withTopic ? { Topic: { Type: 'AWS::SNS::Topic', Properties: { DisplayName: { 'Fn::GetAtt': ['Queue', 'QueueName'] } } } } : { Old: { Type: 'AWS::SNS::Topic', DeletionPolicy: 'Retain' } }),
    },
  });

const params = (env: string, secret: string) => [
  { ParameterKey: 'Env', ParameterValue: env },
  { ParameterKey: 'Secret', ParameterValue: secret },
];

async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const got = await probe();
    if (got !== undefined) return got;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('gave up waiting');
}

const byId = (changes: Change[] | undefined, id: string) => changes?.find((c) => c.ResourceChange?.LogicalResourceId === id)?.ResourceChange;

test('IncludePropertyValues: BeforeValue/AfterValue/AttributeChangeType per property, contexts per resource, NoEcho masked', async () => {
  await cfn.send(new CreateStackCommand({ StackName: 'values', TemplateBody: template(0, false), Parameters: params('dev', 'hunter2-old') }));
  await until(async () => ((await cfn.send(new DescribeStacksCommand({ StackName: 'values' }))).Stacks?.[0]?.StackStatus === 'CREATE_COMPLETE' ? true : undefined));
  await cfn.send(new CreateChangeSetCommand({ StackName: 'values', ChangeSetName: 'cs', TemplateBody: template(5, true), Parameters: params('prod', 'hunter2-new') }));
  await until(async () => ((await cfn.send(new DescribeChangeSetCommand({ StackName: 'values', ChangeSetName: 'cs' }))).Status === 'CREATE_COMPLETE' ? true : undefined));

  const plain = await cfn.send(new DescribeChangeSetCommand({ StackName: 'values', ChangeSetName: 'cs' }));
  const plainParam = byId(plain.Changes, 'Param');
  assert.equal(plainParam?.BeforeContext, undefined, 'values only when asked for');
  assert.equal(plainParam?.Details?.[0]?.Target?.BeforeValue, undefined);

  const out = await cfn.send(new DescribeChangeSetCommand({ StackName: 'values', ChangeSetName: 'cs', IncludePropertyValues: true }));
  const param = byId(out.Changes, 'Param');
  const value = param?.Details?.find((d) => d.Target?.Name === 'Value')?.Target;
  assert.deepEqual([value?.Path, value?.BeforeValue, value?.AfterValue, value?.AttributeChangeType], ['/Properties/Value', 'env-dev', 'env-prod', 'Modify']);
  const secret = param?.Details?.find((d) => d.Target?.Name === 'Description')?.Target;
  assert.deepEqual([secret?.BeforeValue, secret?.AfterValue], ['****', '****'], 'a NoEcho parameter never shows');
  assert.deepEqual(JSON.parse(param?.BeforeContext ?? '{}'), { Properties: { Type: 'String', Value: 'env-dev', Description: '****' } });
  assert.deepEqual(JSON.parse(param?.AfterContext ?? '{}'), { Properties: { Type: 'String', Value: 'env-prod', Description: '****' } });
  assert.ok(!JSON.stringify(out).includes('hunter2'));

  const queue = byId(out.Changes, 'Queue');
  const delay = queue?.Details?.find((d) => d.Target?.Name === 'DelaySeconds')?.Target;
  assert.deepEqual([delay?.BeforeValue, delay?.AfterValue, delay?.AttributeChangeType], ['0', '5', 'Modify']);
  const tags = queue?.Details?.find((d) => d.Target?.Attribute === 'Tags')?.Target;
  assert.deepEqual([tags?.BeforeValue, tags?.AfterValue, tags?.AttributeChangeType], ['[{"Key":"team","Value":"shop"}]', undefined, 'Remove']);

  const topic = byId(out.Changes, 'Topic');
  assert.equal(topic?.Action, 'Add');
  assert.equal(topic?.BeforeContext, undefined);
  assert.ok(topic?.AfterContext?.includes('"DisplayName"'), topic?.AfterContext);
  const old = byId(out.Changes, 'Old');
  assert.deepEqual([old?.Action, old?.PolicyAction, old?.AfterContext], ['Remove', 'Retain', undefined]);
  assert.deepEqual(JSON.parse(old?.BeforeContext ?? '{}'), { Properties: {} });
});
