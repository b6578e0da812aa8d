// What CloudFormation refuses when a template is submitted, and the shape checks of resource
// properties (SPEC.md "Templates"), through the service with fake S3/SSM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { body, harness } from './helpers.js';

test('a resource Type that is not a string, and unknown types, are refused with their names', async () => {
  const h = harness();
  const notString = await h.fails('CreateStack', { StackName: 't', ...body({ Resources: { Network: { Type: { 'Rain::Module': 'vpc.yml' } } } }) });
  assert.equal(notString.message, 'Template format error: [/Resources/Network] Every Type member must be a string.');
  const unknown = await h.fails('CreateStack', { StackName: 't', ...body({ Resources: { A: { Type: 'AWS::Nope::Thing' }, B: { Type: 'Acme::Widget' } } }) });
  assert.equal(unknown.message, 'Template format error: Unrecognized resource types: [AWS::Nope::Thing, Acme::Widget]');
});

test('a Fn::FindInMap whose key is missing is refused by CreateStack and CreateChangeSet; one in a branch not taken is not', async () => {
  const h = harness();
  const template = (region: string) => ({
    Mappings: { RegionMap: { [region]: { Ami: 'ami-1' } } },
    Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
    Resources: {
      P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::FindInMap': ['RegionMap', { Ref: 'AWS::Region' }, 'Ami'] } } },
      Q: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::If': ['Never', { 'Fn::FindInMap': ['RegionMap', 'nowhere', 'Ami'] }, 'fine'] } } },
    },
  });
  const create = await h.fails('CreateStack', { StackName: 'maps', ...body(template('eu-west-1')) }, 'us-east-1');
  assert.equal(create.message, 'Template error: Unable to get mapping for RegionMap::us-east-1::Ami');
  const changeSet = await h.fails('CreateChangeSet', { StackName: 'maps', ChangeSetName: 'c', ChangeSetType: 'CREATE', ...body(template('eu-west-1')) }, 'us-east-1');
  assert.equal(changeSet.message, create.message);
  await h.call('CreateStack', { StackName: 'maps', ...body(template('us-east-1')) }, 'us-east-1');
  await h.settle();
  assert.equal((await h.stack('maps')).StackStatus, 'CREATE_COMPLETE');
});

test('an inline Fn::Transform naming a macro that is not deployed is refused as AWS refuses it', async () => {
  const h = harness();
  const template = { Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { 'Fn::Transform': { Name: 'Uppercase', Parameters: {} }, DisplayName: 'x' } } } };
  const err = await h.fails('CreateStack', { StackName: 'macro', ...body(template), 'Capabilities.member.1': 'CAPABILITY_AUTO_EXPAND' });
  assert.equal(err.message, 'No transform named 000000000000::Uppercase found.');
  const top = await h.fails('CreateStack', { StackName: 'macro', ...body({ Transform: 'Uppercase', Resources: { T: { Type: 'AWS::SNS::Topic' } } }), 'Capabilities.member.1': 'CAPABILITY_AUTO_EXPAND' });
  assert.equal(top.message, 'No transform named 000000000000::Uppercase found.');
  const include = await h.fails('CreateStack', { StackName: 'macro', ...body({ Resources: { T: { Type: 'AWS::SNS::Topic', Properties: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } } } } }) });
  assert.equal(include.message, 'Transform AWS::Include is not supported by localcloud');
});

test('an object where the schema wants a string fails the resource as schema validation does', async () => {
  const h = harness();
  const template = {
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: 'arn:aws:iam::000000000000:role/r', Runtime: 'python3.12', Handler: 'index.handler', Code: { ZipFile: { 'Rain::Embed': 'handler.py' } } } },
    },
  };
  await h.call('CreateStack', { StackName: 'shape', ...body(template), 'Capabilities.member.1': 'CAPABILITY_IAM' });
  await h.settle();
  const stack = await h.stack('shape');
  assert.equal(stack.StackStatus, 'ROLLBACK_COMPLETE');
  const events = (await h.call('DescribeStackEvents', { StackName: 'shape' })).StackEvents as Record<string, string>[];
  const failed = events.find((e) => e.LogicalResourceId === 'Fn' && e.ResourceStatus === 'CREATE_FAILED');
  assert.equal(failed?.ResourceStatusReason, 'Properties validation failed for resource Fn with message: #/Code/ZipFile: expected type: String, found: JSONObject');
});

test('imports in a Fn::If branch not taken, or in an output whose condition is false, are not needed', async () => {
  const h = harness();
  const template = {
    Parameters: { Parent: { Type: 'String', Default: '' } },
    Conditions: { HasParent: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Parent' }, ''] }] } },
    Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: { 'Fn::If': ['HasParent', { 'Fn::ImportValue': { 'Fn::Sub': '${Parent}-Id' } }, 'none'] } } } },
    Outputs: { Id: { Condition: 'HasParent', Value: { 'Fn::ImportValue': { 'Fn::Sub': '${Parent}-Id' } } } },
  };
  await h.call('CreateStack', { StackName: 'imports', ...body(template) });
  await h.settle();
  assert.equal((await h.stack('imports')).StackStatus, 'CREATE_COMPLETE');
});
