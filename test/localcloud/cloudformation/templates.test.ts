import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT, body, harness } from './helpers.js';

test('conditions, mappings, Fn::Sub, Fn::If with AWS::NoValue and Fn::ForEach are evaluated when deploying', async () => {
  const h = harness();
  const template = {
    Transform: 'AWS::LanguageExtensions',
    Parameters: { Env: { Type: 'String', Default: 'prod' }, Names: { Type: 'CommaDelimitedList', Default: 'a,b' } },
    Mappings: { Sizes: { prod: { Retention: '30' }, dev: { Retention: '1' } } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
    Resources: {
      DevOnly: { Type: 'AWS::SNS::Topic', Condition: 'IsDev' },
      Setting: {
        Type: 'AWS::SSM::Parameter',
        Properties: {
          Name: { 'Fn::Sub': '/${AWS::StackName}/${Env}/retention' },
          Type: 'String',
          Value: { 'Fn::FindInMap': ['Sizes', { Ref: 'Env' }, 'Retention'] },
          Description: { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'dev stack'] },
        },
      },
      'Fn::ForEach::Queues': ['Name', { Ref: 'Names' }, { 'Queue${Name}': { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${Name}-${AWS::Region}' } } } }],
    },
    Outputs: { Region: { Value: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, { 'Fn::Select': [1, { Ref: 'Names' }] }]] } } },
  };
  const err = await h.fails('CreateStack', { StackName: 'tpl', ...body(template) });
  assert.equal(err.message, 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]');
  await h.call('CreateStack', { StackName: 'tpl', ...body(template), 'Capabilities.member.1': 'CAPABILITY_AUTO_EXPAND' }, 'eu-west-1');
  await h.settle();
  const stack = await h.stack('tpl', 'eu-west-1');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual(stack.Outputs, [{ OutputKey: 'Region', OutputValue: 'eu-west-1-b' }]);
  assert.equal(h.ssm.get(ACCOUNT, 'eu-west-1', '/tpl/prod/retention')?.value, '30');
  const resources = (await h.call('ListStackResources', { StackName: 'tpl' }, 'eu-west-1')).StackResourceSummaries as Record<string, string>[];
  assert.deepEqual(resources.map((r) => r.LogicalResourceId).sort(), ['Queuea', 'Queueb', 'Setting']);
  assert.ok(resources.some((r) => r.PhysicalResourceId === 'https://sqs.eu-west-1.amazonaws.com/000000000000/a-eu-west-1'));
  const processed = await h.call('GetTemplate', { StackName: 'tpl', TemplateStage: 'Processed' }, 'eu-west-1');
  assert.ok(JSON.parse(String(processed.TemplateBody)).Resources.Queuea);
  const original = await h.call('GetTemplate', { StackName: 'tpl' }, 'eu-west-1');
  assert.equal(original.TemplateBody, JSON.stringify(template));
  const sam = await h.fails('CreateStack', { StackName: 'sam', ...body({ Transform: 'AWS::Serverless-2016-10-31', Resources: { T: { Type: 'AWS::SNS::Topic' } } }), 'Capabilities.member.1': 'CAPABILITY_AUTO_EXPAND' });
  assert.equal(sam.message, 'Transform AWS::Serverless-2016-10-31 is not supported by localcloud');
});

test('YAML templates with short tags deploy', async () => {
  const h = harness();
  const yaml = ['Resources:', '  Topic:', '    Type: AWS::SNS::Topic', '  Param:', '    Type: AWS::SSM::Parameter', '    Properties:', '      Type: String', '      Value: !GetAtt Topic.TopicName', 'Outputs:', '  Arn:', '    Value: !Ref Topic', ''].join('\n');
  await h.call('CreateStack', { StackName: 'yaml', TemplateBody: yaml });
  await h.settle();
  const stack = await h.stack('yaml');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.match((stack.Outputs as Record<string, string>[])[0]?.OutputValue ?? '', /^arn:aws:sns:us-east-1:000000000000:yaml-Topic-/);
  assert.match([...h.ssm.params.values()][0]?.value ?? '', /^yaml-Topic-/);
});
