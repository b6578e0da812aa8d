import assert from 'node:assert/strict';
import { test } from 'node:test';
import { body, harness } from './helpers.js';

test('the resource spec drives replacement of any type, attributes of generic types, and unknown types', async () => {
  const h = harness();
  const logs = (name: string, retention: number) => ({
    Resources: {
      Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: name, RetentionInDays: retention } },
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/logs/arn', Type: 'String', Value: { 'Fn::GetAtt': ['Logs', 'Arn'] } } },
    },
  });
  await h.call('CreateStack', { StackName: 'logs', ...body(logs('one', 7)) });
  await h.settle();
  assert.match(h.ssm.get('000000000000', 'us-east-1', '/logs/arn')?.value ?? '', /^arn:aws:logs:us-east-1:000000000000:/);
  await h.call('CreateChangeSet', { StackName: 'logs', ChangeSetName: 'both', ...body(logs('two', 14)) });
  await h.settle();
  const cs = await h.call('DescribeChangeSet', { StackName: 'logs', ChangeSetName: 'both' });
  const change = (cs.Changes as { ResourceChange: { LogicalResourceId: string; Replacement: string; Details: { Target: { Name: string; RequiresRecreation: string } }[] } }[])
    .map((c) => c.ResourceChange)
    .find((c) => c.LogicalResourceId === 'Logs');
  assert.equal(change?.Replacement, 'True');
  assert.deepEqual(
    change?.Details.map((d) => [d.Target.Name, d.Target.RequiresRecreation]),
    [
      ['LogGroupName', 'Always'],
      ['RetentionInDays', 'Never'],
    ],
  );
  const err = await h.fails('CreateStack', { StackName: 'bad', ...body({ Resources: { X: { Type: 'AWS::Nope::Thing' } } }) });
  assert.equal(err.message, 'Template format error: Unrecognized resource types: [AWS::Nope::Thing]');
});

test('list attributes of generic types are lists, so Fn::Select and Fn::Cidr read them as CloudFormation does', async () => {
  const h = harness();
  const template = {
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      First: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/vpc/v6', Type: 'String', Value: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] } } },
      Subnet: {
        Type: 'AWS::SSM::Parameter',
        Properties: { Name: '/vpc/subnet', Type: 'String', Value: { 'Fn::Select': [1, { 'Fn::Cidr': [{ 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] }, 4, 64] }] } },
      },
      Scalar: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/vpc/id', Type: 'String', Value: { 'Fn::GetAtt': ['Vpc', 'VpcId'] } } },
    },
  };
  await h.call('CreateStack', { StackName: 'net', ...body(template) });
  await h.settle();
  const stack = await h.call('DescribeStacks', { StackName: 'net' });
  assert.match(JSON.stringify(stack), /CREATE_COMPLETE/);
  const v6 = h.ssm.get('000000000000', 'us-east-1', '/vpc/v6')?.value ?? '';
  assert.match(v6, /^[0-9a-f:]+::\/56$/);
  const subnet = h.ssm.get('000000000000', 'us-east-1', '/vpc/subnet')?.value ?? '';
  assert.match(subnet, /::\/64$/);
  assert.notEqual(subnet, v6.replace('/56', '/64'), 'the second /64 of the block, not the first');
  assert.doesNotMatch(h.ssm.get('000000000000', 'us-east-1', '/vpc/id')?.value ?? '', /^\[|,/);
});
