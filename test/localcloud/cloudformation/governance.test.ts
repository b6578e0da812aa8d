// Stack governance through the real @aws-sdk/client-cloudformation over HTTP: RoleARN,
// NotificationARNs and RollbackConfiguration from a change set reach DescribeStacks; a stack policy
// refuses the update it denies, as AWS does; termination protection refuses DeleteStack.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetStackPolicyCommand,
  SetStackPolicyCommand,
  UpdateStackCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { clientConfig, errorOf, start } from '../helpers.js';

const template = (retention: number, extra = '') => JSON.stringify({
  Resources: {
    Queue: { Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: retention } },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: `t${extra}` } },
  },
});
const ROLE = 'arn:aws:iam::000000000000:role/cfn-exec';
const TOPIC = 'arn:aws:sns:eu-west-1:000000000000:ops';
const ALARM = 'arn:aws:cloudwatch:eu-west-1:000000000000:alarm:api-errors';

let cloud: LocalCloud;
let cfn: CloudFormationClient;
before(async () => {
  cloud = await start();
  cfn = new CloudFormationClient(clientConfig(cloud, 'eu-west-1'));
});
after(() => cloud.stop());

async function settled(name: string): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus ?? '';
    if (!status.endsWith('_IN_PROGRESS')) return status;
  }
  throw new Error(`${name} never settled`);
}

async function changeSet(name: string, body: string, type: 'CREATE' | 'UPDATE', extra: Partial<ConstructorParameters<typeof CreateChangeSetCommand>[0]> = {}): Promise<void> {
  const cs = `cs-${type.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`;
  await cfn.send(new CreateChangeSetCommand({ StackName: name, ChangeSetName: cs, ChangeSetType: type, TemplateBody: body, ...extra }));
  for (let i = 0; i < 2000; i++) {
    const d = await cfn.send(new DescribeChangeSetCommand({ StackName: name, ChangeSetName: cs }));
    if (d.Status === 'CREATE_COMPLETE') break;
    assert.notEqual(d.Status, 'FAILED', d.StatusReason);
  }
  await cfn.send(new ExecuteChangeSetCommand({ StackName: name, ChangeSetName: cs }));
  await settled(name);
}

test('RoleARN, NotificationARNs and RollbackConfiguration of a change set show in DescribeStacks; an empty list clears', async () => {
  await changeSet('governed', template(345600), 'CREATE', {
    RoleARN: ROLE,
    NotificationARNs: [TOPIC],
    RollbackConfiguration: { RollbackTriggers: [{ Arn: ALARM, Type: 'AWS::CloudWatch::Alarm' }], MonitoringTimeInMinutes: 5 },
  });
  let s = (await cfn.send(new DescribeStacksCommand({ StackName: 'governed' }))).Stacks?.[0];
  assert.equal(s?.RoleARN, ROLE);
  assert.deepEqual(s?.NotificationARNs, [TOPIC]);
  assert.deepEqual(s?.RollbackConfiguration, { RollbackTriggers: [{ Arn: ALARM, Type: 'AWS::CloudWatch::Alarm' }], MonitoringTimeInMinutes: 5 });

  // An update that names none of them keeps them; an empty list removes the topics.
  await changeSet('governed', template(86400), 'UPDATE');
  s = (await cfn.send(new DescribeStacksCommand({ StackName: 'governed' }))).Stacks?.[0];
  assert.deepEqual([s?.RoleARN, s?.NotificationARNs, s?.RollbackConfiguration?.MonitoringTimeInMinutes], [ROLE, [TOPIC], 5]);
  await changeSet('governed', template(3600), 'UPDATE', { NotificationARNs: [] });
  s = (await cfn.send(new DescribeStacksCommand({ StackName: 'governed' }))).Stacks?.[0];
  assert.deepEqual(s?.NotificationARNs, []);

  const bad = await errorOf(cfn.send(new CreateChangeSetCommand({ StackName: 'governed', ChangeSetName: 'bad', TemplateBody: template(60), RollbackConfiguration: { RollbackTriggers: [{ Arn: 'arn:aws:sns:eu-west-1:000000000000:x', Type: 'AWS::CloudWatch::Alarm' }] } })));
  assert.equal(bad.name, 'ValidationError');
});

test('a stack policy refuses the update it denies (UPDATE_FAILED, rolled back) and allows the rest', async () => {
  await changeSet('guarded', template(345600), 'CREATE');
  const policy = JSON.stringify({
    Statement: [
      { Effect: 'Allow', Action: 'Update:*', Principal: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'Update:Replace', Principal: '*', Resource: 'LogicalResourceId/Topic' },
    ],
  });
  await cfn.send(new SetStackPolicyCommand({ StackName: 'guarded', StackPolicyBody: policy }));
  assert.equal((await cfn.send(new GetStackPolicyCommand({ StackName: 'guarded' }))).StackPolicyBody, policy);

  // Renaming the topic replaces it: denied by statement #2.
  await cfn.send(new UpdateStackCommand({ StackName: 'guarded', TemplateBody: template(345600, '-renamed') }));
  assert.equal(await settled('guarded'), 'UPDATE_ROLLBACK_COMPLETE');
  const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'guarded' }))).StackEvents ?? [];
  const failed = events.find((e) => e.LogicalResourceId === 'Topic' && e.ResourceStatus === 'UPDATE_FAILED');
  assert.equal(failed?.ResourceStatusReason, 'Action denied by stack policy: Statement [#2] does not allow [Update:Replace] for resource [LogicalResourceId/Topic]');

  // Modifying the queue in place is allowed.
  await cfn.send(new UpdateStackCommand({ StackName: 'guarded', TemplateBody: template(86400) }));
  assert.equal(await settled('guarded'), 'UPDATE_COMPLETE');

  const invalid = await errorOf(cfn.send(new SetStackPolicyCommand({ StackName: 'guarded', StackPolicyBody: '{"Statement": [{"Effect": "Maybe"}]}' })));
  assert.equal(invalid.name, 'ValidationError');
});

test('termination protection refuses DeleteStack with AWS message until it is turned off', async () => {
  await changeSet('protected', template(345600), 'CREATE');
  const { StackId: id = '' } = await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'protected', EnableTerminationProtection: true }));
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: 'protected' }))).Stacks?.[0]?.EnableTerminationProtection, true);
  const refused = await errorOf(cfn.send(new DeleteStackCommand({ StackName: 'protected' })));
  assert.equal(refused.name, 'ValidationError');
  assert.equal(refused.message, 'Stack [protected] cannot be deleted while TerminationProtection is enabled');
  await cfn.send(new UpdateTerminationProtectionCommand({ StackName: 'protected', EnableTerminationProtection: false }));
  await cfn.send(new DeleteStackCommand({ StackName: 'protected' }));
  assert.equal(await settled(id), 'DELETE_COMPLETE');
});
