import assert from 'node:assert/strict';
import { test } from 'node:test';
import { body, events, harness } from './helpers.js';

const chain = {
  Resources: {
    Topic: { Type: 'AWS::SNS::Topic' },
    Queue: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'topic', Value: { Ref: 'Topic' } }] } },
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::GetAtt': ['Queue', 'Arn'] } } },
    Other: { Type: 'AWS::SNS::Topic' },
  },
  Outputs: { QueueUrl: { Value: { Ref: 'Queue' } }, TopicArn: { Value: { Ref: 'Topic' }, Export: { Name: 'shared-topic' } } },
};

test('CreateStack runs on the clock: IN_PROGRESS, then COMPLETE with events in dependency order', async () => {
  const h = harness();
  const { StackId } = await h.call('CreateStack', { StackName: 'app', ...body(chain) });
  assert.match(String(StackId), /^arn:aws:cloudformation:us-east-1:000000000000:stack\/app\/[0-9a-f-]{36}$/);
  assert.equal((await h.stack('app')).StackStatus, 'CREATE_IN_PROGRESS');
  await h.settle();
  const stack = await h.stack('app');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  const ev = events(await h.call('DescribeStackEvents', { StackName: 'app' })).reverse();
  const completed = ev.filter((e) => e.status === 'CREATE_COMPLETE').map((e) => e.id);
  assert.ok(completed.indexOf('Topic') < completed.indexOf('Queue'));
  assert.ok(completed.indexOf('Queue') < completed.indexOf('Param'));
  assert.equal(completed.at(-1), 'app');
  assert.equal(ev[0]?.status, 'CREATE_IN_PROGRESS');
  assert.equal(ev[0]?.reason, 'User Initiated');
  // Independent resources start together: Other and Topic are both in progress before either completes.
  const firstComplete = ev.findIndex((e) => e.status === 'CREATE_COMPLETE');
  const started = ev.slice(0, firstComplete).filter((e) => e.status === 'CREATE_IN_PROGRESS').map((e) => e.id);
  assert.deepEqual(started.sort(), ['Other', 'Topic', 'app']);
  const outputs = stack.Outputs as Record<string, string>[];
  assert.match(outputs.find((o) => o.OutputKey === 'QueueUrl')?.OutputValue ?? '', /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/000000000000\/app-Queue-/);
  const param = [...h.ssm.params.values()][0];
  assert.match(param?.value ?? '', /^arn:aws:sqs:us-east-1:000000000000:app-Queue-/);
  const exports = await h.call('ListExports', {});
  assert.deepEqual((exports.Exports as Record<string, string>[]).map((e) => e.Name), ['shared-topic']);
});

test('a failing resource rolls the stack back; then only delete is allowed, and the name can be reused', async () => {
  const h = harness();
  h.cfn.injectFault({ resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'Queue quota exceeded' });
  await h.call('CreateStack', { StackName: 'app', ...body(chain) });
  await h.settle();
  const stack = await h.stack('app');
  assert.equal(stack.StackStatus, 'ROLLBACK_COMPLETE');
  const ev = events(await h.call('DescribeStackEvents', { StackName: 'app' }));
  assert.deepEqual(ev.find((e) => e.status === 'CREATE_FAILED'), { id: 'Queue', status: 'CREATE_FAILED', reason: 'Queue quota exceeded' });
  assert.ok(ev.some((e) => e.id === 'app' && e.status === 'ROLLBACK_IN_PROGRESS' && e.reason === 'The following resource(s) failed to create: [Queue]. Rollback requested by user.'));
  assert.ok(ev.some((e) => e.id === 'Topic' && e.status === 'DELETE_COMPLETE'));
  const refused = await h.fails('UpdateStack', { StackName: 'app', ...body(chain) });
  assert.equal(refused.code, 'ValidationError');
  assert.equal(refused.message, `Stack:${String(stack.StackId)} is in ROLLBACK_COMPLETE state and can not be updated.`);
  await h.call('DeleteStack', { StackName: 'app' });
  await h.settle();
  const gone = await h.fails('DescribeStacks', { StackName: 'app' });
  assert.equal(gone.message, 'Stack with id app does not exist');
  const byId = await h.stack(String(stack.StackId));
  assert.equal(byId.StackStatus, 'DELETE_COMPLETE');
  const again = await h.call('CreateStack', { StackName: 'app', ...body(chain) });
  assert.notEqual(again.StackId, stack.StackId);
  await h.settle();
  assert.equal((await h.stack('app')).StackStatus, 'CREATE_COMPLETE');
});

test('OnFailure DO_NOTHING leaves CREATE_FAILED; DELETE deletes the stack', async () => {
  const h = harness();
  h.cfn.injectFault({ operation: 'create', resourceType: 'AWS::SNS::Topic', stackName: 'keep' });
  h.cfn.injectFault({ operation: 'create', stackName: 'drop' });
  await h.call('CreateStack', { StackName: 'keep', OnFailure: 'DO_NOTHING', ...body(chain) });
  await h.call('CreateStack', { StackName: 'drop', OnFailure: 'DELETE', ...body({ Resources: { T: { Type: 'AWS::SNS::Topic' } } }) });
  await h.settle();
  assert.equal((await h.stack('keep')).StackStatus, 'CREATE_FAILED');
  const summaries = (await h.call('ListStacks', { 'StackStatusFilter.member.1': 'DELETE_COMPLETE' })).StackSummaries as Record<string, string>[];
  assert.deepEqual(summaries.map((s) => s.StackName), ['drop']);
});

test('an operation in progress refuses another; ClientRequestToken makes retries idempotent', async () => {
  const h = harness();
  const first = await h.call('CreateStack', { StackName: 'app', ClientRequestToken: 't-1', ...body(chain) });
  const retry = await h.call('CreateStack', { StackName: 'app', ClientRequestToken: 't-1', ...body(chain) });
  assert.equal(retry.StackId, first.StackId);
  const dup = await h.fails('CreateStack', { StackName: 'app', ClientRequestToken: 't-2', ...body(chain) });
  assert.equal(dup.code, 'AlreadyExistsException');
  assert.equal(dup.message, 'Stack [app] already exists');
  const busy = await h.fails('UpdateStack', { StackName: 'app', ...body({ Resources: { T: { Type: 'AWS::SNS::Topic' } } }) });
  assert.equal(busy.message, `Stack:${String(first.StackId)} is in CREATE_IN_PROGRESS state and can not be updated.`);
  await h.settle();
  const events1 = (await h.call('DescribeStackEvents', { StackName: 'app' })).StackEvents as Record<string, string>[];
  assert.ok(events1.every((e) => e.ClientRequestToken === 't-1'));
  const update = { StackName: 'app', ClientRequestToken: 'u-1', ...body({ ...chain, Resources: { ...chain.Resources, Extra: { Type: 'AWS::SNS::Topic' } } }) };
  await h.call('UpdateStack', update);
  await h.settle();
  const count = ((await h.call('DescribeStackEvents', { StackName: 'app' })).StackEvents as unknown[]).length;
  await h.call('UpdateStack', update);
  await h.settle();
  assert.equal(((await h.call('DescribeStackEvents', { StackName: 'app' })).StackEvents as unknown[]).length, count);
});

test('template and parameter checks answer with AWS texts', async () => {
  const h = harness();
  const big = { TemplateBody: 'x'.repeat(51_201) };
  assert.match((await h.fails('CreateStack', { StackName: 'a', ...big })).message, /failed to satisfy constraint: Member must have length less than or equal to 51200$/);
  assert.equal((await h.fails('CreateStack', { StackName: 'a', ...body({ Resources: {} }) })).message, 'Template format error: At least one Resources member must be defined.');
  assert.equal(
    (await h.fails('CreateStack', { StackName: 'a', ...body({ Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Nope' } } } } }) })).message,
    'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
  );
  const withParam = body({ Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } }, Resources: { A: { Type: 'AWS::SNS::Topic' } } });
  assert.equal((await h.fails('CreateStack', { StackName: 'a', ...withParam })).message, 'Parameters: [Env] must have values');
  assert.equal(
    (await h.fails('CreateStack', { StackName: 'a', ...withParam, 'Parameters.member.1.ParameterKey': 'Env', 'Parameters.member.1.ParameterValue': 'qa' })).message,
    "Parameter 'Env' must be one of AllowedValues",
  );
  assert.equal(
    (await h.fails('CreateStack', { StackName: 'a', ...withParam, 'Parameters.member.1.ParameterKey': 'Other', 'Parameters.member.1.ParameterValue': 'x' })).message,
    'Parameters: [Other] do not exist in the template',
  );
  const cycle = body({ Resources: { A: { Type: 'AWS::SNS::Topic', DependsOn: 'B' }, B: { Type: 'AWS::SNS::Topic', DependsOn: 'A' } } });
  assert.equal((await h.fails('CreateStack', { StackName: 'a', ...cycle })).message, 'Circular dependency between resources: [A, B]');
  assert.equal((await h.fails('CreateStack', { StackName: 'a', TemplateBody: '{"Resources": ' })).message.startsWith('Template format error: JSON not well-formed.'), true);
});

test('capabilities: IAM, named IAM and macros', async () => {
  const h = harness();
  const role = { Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } } } };
  const named = { Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'fixed', AssumeRolePolicyDocument: {} } } } };
  const err = await h.fails('CreateStack', { StackName: 'a', ...body(role) });
  assert.equal(err.code, 'InsufficientCapabilitiesException');
  assert.equal(err.message, 'Requires capabilities : [CAPABILITY_IAM]');
  assert.equal((await h.fails('CreateStack', { StackName: 'a', ...body(named), 'Capabilities.member.1': 'CAPABILITY_IAM' })).message, 'Requires capabilities : [CAPABILITY_NAMED_IAM]');
  assert.equal((await h.fails('CreateStack', { StackName: 'a', ...body({ ...role, Transform: 'AWS::Serverless-2016-10-31' }), 'Capabilities.member.1': 'CAPABILITY_IAM' })).message, 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]');
  await h.call('CreateStack', { StackName: 'a', ...body(named), 'Capabilities.member.1': 'CAPABILITY_NAMED_IAM' });
  await h.settle();
  const stack = await h.stack('a');
  assert.equal(stack.StackStatus, 'CREATE_COMPLETE');
  assert.deepEqual(stack.Capabilities, ['CAPABILITY_NAMED_IAM']);
  const v = await h.call('ValidateTemplate', body(role));
  assert.deepEqual(v.Capabilities, ['CAPABILITY_IAM']);
  assert.equal(v.CapabilitiesReason, 'The following resource(s) require capabilities: [AWS::IAM::Role]');
});

test('a resource without a required property fails the way schema validation does', async () => {
  const h = harness();
  await h.call('CreateStack', { StackName: 'req', ...body({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String' } } } }) });
  await h.settle();
  assert.equal((await h.stack('req')).StackStatus, 'ROLLBACK_COMPLETE');
  const failed = events(await h.call('DescribeStackEvents', { StackName: 'req' })).find((e) => e.status === 'CREATE_FAILED');
  assert.equal(failed?.reason, 'Properties validation failed for resource P with message: #: required key [Value] not found');
});

test('a poller right after UpdateStack, DeleteStack or ExecuteChangeSet already sees the new operation', async () => {
  const h = harness();
  const one = { Resources: { T: { Type: 'AWS::SNS::Topic' } } };
  await h.call('CreateStack', { StackName: 'p', ...body(one) });
  await h.settle();
  await h.call('UpdateStack', { StackName: 'p', ...body({ Resources: { ...one.Resources, U: { Type: 'AWS::SNS::Topic' } } }) });
  assert.equal((await h.stack('p')).StackStatus, 'UPDATE_IN_PROGRESS');
  await h.settle();
  await h.call('DeleteStack', { StackName: 'p' });
  assert.equal((await h.stack('p')).StackStatus, 'DELETE_IN_PROGRESS');
  await h.settle();
  await h.call('CreateChangeSet', { StackName: 'q', ChangeSetName: 'c', ChangeSetType: 'CREATE', ...body(one) });
  await h.settle();
  await h.call('ExecuteChangeSet', { StackName: 'q', ChangeSetName: 'c' });
  assert.equal((await h.stack('q')).StackStatus, 'CREATE_IN_PROGRESS');
});

test('resources in flight when another fails are cancelled, then everything is rolled back', async () => {
  const h = harness();
  h.cfn.injectFault({ operation: 'create', resourceType: 'AWS::SQS::Queue', message: 'nope' });
  await h.call('CreateStack', { StackName: 'par', ...body({ Resources: { A: { Type: 'AWS::SQS::Queue' }, B: { Type: 'AWS::SNS::Topic' } } }) });
  await h.settle();
  const ev = events(await h.call('DescribeStackEvents', { StackName: 'par' }));
  assert.equal(ev.find((e) => e.id === 'A' && e.status === 'CREATE_FAILED')?.reason, 'nope');
  assert.equal(ev.find((e) => e.id === 'B' && e.status === 'CREATE_FAILED')?.reason, 'Resource creation cancelled');
  assert.equal((await h.stack('par')).StackStatus, 'ROLLBACK_COMPLETE');
  assert.ok(ev.some((e) => e.id === 'par' && e.reason === 'The following resource(s) failed to create: [A, B]. Rollback requested by user.'));
});
