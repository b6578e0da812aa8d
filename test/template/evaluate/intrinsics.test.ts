import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvaluationError, evaluate, modelOf, type EvaluationContext } from '../../../src/template/index.js';

const ctx = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({
  region: 'us-east-1',
  accountId: '123456789012',
  stackName: 'shop',
  stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1',
  parameters: { Env: 'prod', Subnets: ['s-1', 's-2'], Count: '2' },
  ...over,
});
const conditions = { IsProd: true, IsDev: false };
const ev = (value: unknown, over: Partial<EvaluationContext> = {}) => evaluate(value, ctx(over), conditions);
const fails = (value: unknown, code: string, path?: (string | number)[], over: Partial<EvaluationContext> = {}) =>
  assert.throws(
    () => ev(value, over),
    (err: unknown) => {
      assert.ok(err instanceof EvaluationError, String(err));
      assert.equal(err.code, code);
      if (path) assert.deepEqual(err.path, path);
      return true;
    },
  );

test('pseudo parameters per region and partition', () => {
  const pseudo = ['AWS::Region', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::AccountId', 'AWS::StackName', 'AWS::StackId', 'AWS::NotificationARNs'];
  const at = (region: string) => pseudo.map((p) => ev({ Ref: p }, { region }));
  assert.deepEqual(at('us-east-1').slice(0, 3), ['us-east-1', 'aws', 'amazonaws.com']);
  assert.deepEqual(at('cn-north-1').slice(0, 3), ['cn-north-1', 'aws-cn', 'amazonaws.com.cn']);
  assert.deepEqual(at('us-gov-west-1').slice(0, 3), ['us-gov-west-1', 'aws-us-gov', 'amazonaws.com']);
  assert.deepEqual(at('us-iso-east-1').slice(1, 3), ['aws-iso', 'c2s.ic.gov']);
  assert.deepEqual(at('us-east-1').slice(3), ['123456789012', 'shop', 'arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1', []]);
  assert.deepEqual(ev({ Ref: 'AWS::NotificationARNs' }, { notificationArns: ['arn:sns'] }), ['arn:sns']);
  assert.equal(ev({ Ref: 'AWS::URLSuffix' }, { partition: 'aws-cn' }), 'amazonaws.com.cn');
  assert.equal(ev({ Ref: 'AWS::NoValue' }), undefined);
  fails({ Ref: 'AWS::Nope' }, 'UNRESOLVED_REFERENCE');
});

test('Ref: parameters, resources known and unknown', () => {
  assert.equal(ev({ Ref: 'Env' }), 'prod');
  assert.deepEqual(ev({ Ref: 'Subnets' }), ['s-1', 's-2']);
  assert.deepEqual(ev({ Ref: 'Bucket' }), { Ref: 'Bucket' });
  assert.equal(ev({ Ref: 'Bucket' }, { resolveResource: (id, attr) => (attr === undefined ? `${id}-physical` : undefined) }), 'Bucket-physical');
  fails({ Ref: ['x'] }, 'INTRINSIC_ARGUMENTS', ['Ref']);
  // With the template known, a name it does not declare is an error.
  const model = modelOf({ Parameters: { P: { Type: 'String' } }, Resources: { B: { Type: 'AWS::S3::Bucket' } } });
  assert.deepEqual(evaluate({ Ref: 'P' }, ctx(), {}, { model }), { Ref: 'P' });
  assert.deepEqual(evaluate({ Ref: 'B' }, ctx(), {}, { model }), { Ref: 'B' });
  // Narrowed to the resources that exist, a reference to another one is an error.
  assert.throws(() => evaluate({ Ref: 'B' }, ctx(), {}, { model, resources: new Set() }), (err: EvaluationError) => err.code === 'UNRESOLVED_REFERENCE');
  assert.throws(() => evaluate({ Ref: 'Missing' }, ctx(), {}, { model, path: ['Outputs', 'O', 'Value'] }), (err: EvaluationError) => {
    assert.equal(err.code, 'UNRESOLVED_REFERENCE');
    assert.deepEqual(err.path, ['Outputs', 'O', 'Value', 'Ref']);
    return true;
  });
});

test('Fn::GetAtt: list form, dotted string form, computed attribute, unknown stays', () => {
  const resolveResource = (id: string, attr?: string) => (attr ? `${id}.${attr}!` : undefined);
  assert.equal(ev({ 'Fn::GetAtt': ['B', 'Arn'] }, { resolveResource }), 'B.Arn!');
  assert.equal(ev({ 'Fn::GetAtt': 'B.Endpoint.Address' }, { resolveResource }), 'B.Endpoint.Address!');
  assert.equal(ev({ 'Fn::GetAtt': ['B', { Ref: 'Env' }] }, { resolveResource }), 'B.prod!');
  assert.deepEqual(ev({ 'Fn::GetAtt': ['B', 'Arn'] }), { 'Fn::GetAtt': ['B', 'Arn'] });
  assert.deepEqual(ev({ 'Fn::GetAtt': 'B.Arn' }), { 'Fn::GetAtt': ['B', 'Arn'] });
  fails({ 'Fn::GetAtt': ['B'] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::GetAtt': 'NoDot' }, 'INTRINSIC_ARGUMENTS');
});

test('Fn::Sub: string form, variables map, ${!Literal}, GetAtt, partial resolution', () => {
  assert.equal(ev({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Env}-b' }), 'arn:aws:s3:::prod-b');
  assert.equal(ev({ 'Fn::Sub': ['${A}-${Env}', { A: { Ref: 'AWS::Region' } }] }), 'us-east-1-prod');
  assert.equal(ev({ 'Fn::Sub': 'keep ${!Literal} and ${!AWS::Region}' }), 'keep ${Literal} and ${AWS::Region}');
  assert.equal(ev({ 'Fn::Sub': 'x' }), 'x');
  assert.equal(ev({ 'Fn::Sub': '${B.Arn}' }, { resolveResource: (id, a) => (a ? `${id}:${a}` : undefined) }), 'B:Arn');
  // Unknown parts stay in a smaller Fn::Sub; known ones are substituted, literals stay escaped.
  assert.deepEqual(ev({ 'Fn::Sub': '${Env}/${B.Arn}/${!Lit}' }), { 'Fn::Sub': 'prod/${B.Arn}/${!Lit}' });
  assert.deepEqual(ev({ 'Fn::Sub': ['${X}-${Y}-${Bucket}', { X: { 'Fn::GetAtt': ['B', 'Arn'] }, Y: 'lit' }] }), {
    'Fn::Sub': ['${X}-lit-${Bucket}', { X: { 'Fn::GetAtt': ['B', 'Arn'] } }],
  });
  fails({ 'Fn::Sub': '${Subnets}' }, 'SUB_INVALID', ['Fn::Sub']);
  fails({ 'Fn::Sub': '${a b}' }, 'SUB_INVALID');
  fails({ 'Fn::Sub': ['x'] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Sub': 5 }, 'INTRINSIC_ARGUMENTS');
});

test('Fn::Join and Fn::Split', () => {
  assert.equal(ev({ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, 3]] }), 'a-prod-3');
  assert.equal(ev({ 'Fn::Join': [',', { Ref: 'Subnets' }] }), 's-1,s-2');
  assert.equal(ev({ 'Fn::Join': ['', []] }), '');
  assert.deepEqual(ev({ 'Fn::Join': ['-', ['a', { 'Fn::GetAtt': ['B', 'Arn'] }]] }), { 'Fn::Join': ['-', ['a', { 'Fn::GetAtt': ['B', 'Arn'] }]] });
  fails({ 'Fn::Join': ['-'] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Join': ['-', 'abc'] }, 'INTRINSIC_ARGUMENTS', ['Fn::Join', 1]);
  fails({ 'Fn::Join': ['-', ['a', ['nested']]] }, 'INTRINSIC_ARGUMENTS', ['Fn::Join', 1, 1]);
  assert.deepEqual(ev({ 'Fn::Split': [',', 'a,b,,c'] }), ['a', 'b', '', 'c']);
  assert.deepEqual(ev({ 'Fn::Split': ['|', 'solo'] }), ['solo']);
  assert.deepEqual(ev({ 'Fn::Split': [',', { 'Fn::ImportValue': 'x' }] }), { 'Fn::Split': [',', { 'Fn::ImportValue': 'x' }] });
  fails({ 'Fn::Split': [',', ['a']] }, 'INTRINSIC_ARGUMENTS');
});

test('Fn::Select: number or numeric string index, out of range, partial lists', () => {
  assert.equal(ev({ 'Fn::Select': [1, ['a', 'b']] }), 'b');
  assert.equal(ev({ 'Fn::Select': ['0', { Ref: 'Subnets' }] }), 's-1');
  assert.equal(ev({ 'Fn::Select': [{ Ref: 'Count' }, ['a', 'b', 'c']] }), 'c');
  // The chosen element is known even if another is not.
  assert.equal(ev({ 'Fn::Select': [0, ['a', { Ref: 'Bucket' }]] }), 'a');
  const pendingList = { 'Fn::Split': [',', { 'Fn::ImportValue': 'subnets' }] };
  assert.deepEqual(ev({ 'Fn::Select': [0, pendingList] }), { 'Fn::Select': [0, pendingList] });
  fails({ 'Fn::Select': [2, ['a', 'b']] }, 'SELECT_OUT_OF_RANGE', ['Fn::Select', 0]);
  fails({ 'Fn::Select': ['x', ['a']] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Select': [-1, ['a']] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Select': [0, 'a'] }, 'INTRINSIC_ARGUMENTS');
  assert.throws(() => ev({ 'Fn::Select': [5, ['a']] }), /Fn::Select cannot select nonexistent value at index 5/);
});

test('Fn::If: branches, nesting, AWS::NoValue removed from maps and lists', () => {
  assert.equal(ev({ 'Fn::If': ['IsProd', 'big', 'small'] }), 'big');
  assert.equal(ev({ 'Fn::If': ['IsDev', 'big', 'small'] }), 'small');
  assert.equal(ev({ 'Fn::If': ['IsDev', 'a', { 'Fn::If': ['IsProd', 'nested-yes', 'nested-no'] }] }), 'nested-yes');
  assert.deepEqual(
    ev({
      Keep: 1,
      Drop: { 'Fn::If': ['IsDev', 'x', { Ref: 'AWS::NoValue' }] },
      Direct: { Ref: 'AWS::NoValue' },
      List: ['a', { 'Fn::If': ['IsProd', { Ref: 'AWS::NoValue' }, 'b'] }, 'c'],
    }),
    { Keep: 1, List: ['a', 'c'] },
  );
  // The branch not taken is not evaluated: it may name something absent.
  assert.equal(ev({ 'Fn::If': ['IsProd', 'ok', { 'Fn::Select': [9, []] }] }), 'ok');
  fails({ 'Fn::If': ['Nope', 'a', 'b'] }, 'UNKNOWN_CONDITION', ['Fn::If', 0]);
  fails({ 'Fn::If': ['IsProd', 'a'] }, 'INTRINSIC_ARGUMENTS', ['Fn::If']);
});

test('condition functions and Condition references', () => {
  assert.equal(ev({ 'Fn::Equals': ['prod', { Ref: 'Env' }] }), true);
  assert.equal(ev({ 'Fn::Equals': ['dev', { Ref: 'Env' }] }), false);
  assert.equal(ev({ 'Fn::Equals': [2, { Ref: 'Count' }] }), true);
  assert.equal(ev({ 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Equals': ['a', 'a'] }] }), true);
  assert.equal(ev({ 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsDev' }] }), false);
  assert.equal(ev({ 'Fn::Or': [{ Condition: 'IsDev' }, { Condition: 'IsProd' }] }), true);
  assert.equal(ev({ 'Fn::Or': [{ Condition: 'IsDev' }, { 'Fn::Equals': ['a', 'b'] }] }), false);
  assert.equal(ev({ 'Fn::Not': [{ Condition: 'IsDev' }] }), true);
  assert.equal(ev({ 'Fn::Not': [{ Condition: 'IsProd' }] }), false);
  assert.equal(ev({ Condition: 'IsProd' }), true);
  // A property named Condition holding a map is data, not a reference.
  assert.deepEqual(ev({ Condition: { StringEquals: { k: 'v' } } }), { Condition: { StringEquals: { k: 'v' } } });
  fails({ 'Fn::And': [{ Condition: 'IsProd' }] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Not': [{ Condition: 'IsProd' }, { Condition: 'IsDev' }] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Or': ['yes', { Condition: 'IsProd' }] }, 'INTRINSIC_ARGUMENTS', ['Fn::Or', 0]);
  fails({ 'Fn::Equals': ['a'] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Equals': [{ Ref: 'Bucket' }, 'a'] }, 'CONDITION_UNRESOLVED', ['Fn::Equals', 0]);
});

test('Fn::FindInMap with nested keys and DefaultValue', () => {
  const model = modelOf({
    Mappings: { Regions: { 'us-east-1': { Ami: 'ami-1', Zones: ['a', 'b'] } }, Names: { prod: { Key: 'us-east-1' } } },
    Resources: { I: { Type: 'AWS::EC2::Instance' } },
  });
  const find = (args: unknown[]) => evaluate({ 'Fn::FindInMap': args }, ctx(), {}, { model, path: ['X'] });
  assert.equal(find(['Regions', { Ref: 'AWS::Region' }, 'Ami']), 'ami-1');
  assert.deepEqual(find(['Regions', 'us-east-1', 'Zones']), ['a', 'b']);
  assert.equal(find(['Regions', { 'Fn::FindInMap': ['Names', { Ref: 'Env' }, 'Key'] }, 'Ami']), 'ami-1');
  assert.equal(find(['Regions', 'eu-west-1', 'Ami', { DefaultValue: 'ami-default' }]), 'ami-default');
  assert.equal(find(['Regions', 'us-east-1', 'Nope', { DefaultValue: { Ref: 'Env' } }]), 'prod');
  assert.throws(() => find(['Regions', 'eu-west-1', 'Ami']), (err: EvaluationError) => {
    assert.equal(err.code, 'MAPPING_KEY_NOT_FOUND');
    assert.deepEqual(err.path, ['X', 'Fn::FindInMap', 1]);
    assert.match(err.message, /Unable to get mapping for Regions::eu-west-1/);
    return true;
  });
  assert.throws(() => find(['Nope', 'a', 'b']), /MAPPING|mapping for Nope/);
  // Keys are read before resources exist: a resource attribute cannot be one.
  assert.throws(() => find(['Regions', { Ref: 'AWS::Region' }, { 'Fn::GetAtt': ['I', 'AZ'] }]), (err: EvaluationError) => {
    assert.equal(err.code, 'INTRINSIC_ARGUMENTS');
    assert.deepEqual(err.path, ['X', 'Fn::FindInMap', 2]);
    return true;
  });
  assert.throws(() => find(['Regions', 'us-east-1', 'Ami', { Other: 1 }]), (err: EvaluationError) => err.code === 'INTRINSIC_ARGUMENTS');
  assert.throws(() => find(['Regions', 'us-east-1']), (err: EvaluationError) => err.code === 'INTRINSIC_ARGUMENTS');
});

test('Fn::GetAZs, Fn::Base64, Fn::ImportValue', () => {
  assert.deepEqual(ev({ 'Fn::GetAZs': '' }), ['us-east-1a', 'us-east-1b', 'us-east-1c']);
  assert.deepEqual(ev({ 'Fn::GetAZs': { Ref: 'AWS::Region' } }, { region: 'eu-west-1' }), ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']);
  assert.deepEqual(ev({ 'Fn::GetAZs': 'ap-south-1' }, { availabilityZones: (r) => [`${r}-z`] }), ['ap-south-1-z']);
  fails({ 'Fn::GetAZs': 'us-east-1a' }, 'INTRINSIC_ARGUMENTS', ['Fn::GetAZs']);
  fails({ 'Fn::GetAZs': { 'Fn::GetAtt': ['Subnet', 'AvailabilityZone'] } }, 'INTRINSIC_ARGUMENTS', ['Fn::GetAZs']);
  assert.equal(ev({ 'Fn::Base64': { 'Fn::Sub': '#!/bin/sh\necho ${Env}' } }), Buffer.from('#!/bin/sh\necho prod').toString('base64'));
  assert.deepEqual(ev({ 'Fn::Base64': { Ref: 'Bucket' } }), { 'Fn::Base64': { Ref: 'Bucket' } });
  fails({ 'Fn::Base64': ['a'] }, 'INTRINSIC_ARGUMENTS');
  const resolveImport = (name: string) => (name === 'net-VpcId' ? 'vpc-1' : undefined);
  assert.equal(ev({ 'Fn::ImportValue': { 'Fn::Sub': 'net-VpcId' } }, { resolveImport }), 'vpc-1');
  assert.deepEqual(ev({ 'Fn::ImportValue': 'other' }, { resolveImport }), { 'Fn::ImportValue': 'other' });
  fails({ 'Fn::ImportValue': ['a'] }, 'INTRINSIC_ARGUMENTS');
});

test('Fn::Length and Fn::ToJsonString', () => {
  assert.equal(ev({ 'Fn::Length': [1, 2, { Ref: 'Bucket' }] }), 3);
  assert.equal(ev({ 'Fn::Length': { Ref: 'Subnets' } }), 2);
  assert.equal(ev({ 'Fn::Length': ['a', { 'Fn::If': ['IsDev', 'b', { Ref: 'AWS::NoValue' }] }] }), 1);
  assert.deepEqual(ev({ 'Fn::Length': { Ref: 'Bucket' } }), { 'Fn::Length': { Ref: 'Bucket' } });
  fails({ 'Fn::Length': 'abc' }, 'INTRINSIC_ARGUMENTS');
  assert.equal(ev({ 'Fn::ToJsonString': { a: { Ref: 'Env' }, b: [1, true] } }), '{"a":"prod","b":[1,true]}');
  assert.equal(ev({ 'Fn::ToJsonString': [{ Ref: 'AWS::Region' }] }), '["us-east-1"]');
  assert.deepEqual(ev({ 'Fn::ToJsonString': { a: { Ref: 'Bucket' } } }), { 'Fn::ToJsonString': { a: { Ref: 'Bucket' } } });
  fails({ 'Fn::ToJsonString': 'text' }, 'INTRINSIC_ARGUMENTS');
});

test('Fn::Cidr through evaluate; unknown functions and Fn::Transform stay', () => {
  assert.deepEqual(ev({ 'Fn::Cidr': ['10.0.0.0/16', '2', '8'] }), ['10.0.0.0/24', '10.0.1.0/24']);
  assert.deepEqual(ev({ 'Fn::Cidr': [{ 'Fn::ImportValue': 'cidr' }, 2, 8] }), { 'Fn::Cidr': [{ 'Fn::ImportValue': 'cidr' }, 2, 8] });
  fails({ 'Fn::Cidr': ['10.0.0.0/16', 2] }, 'INTRINSIC_ARGUMENTS');
  fails({ 'Fn::Cidr': ['nope', 2, 8] }, 'CIDR_INVALID');
  const transform = { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } };
  assert.deepEqual(ev(transform), transform);
});

test('functions the evaluator does not know stay as written, arguments evaluated', () => {
  assert.deepEqual(ev({ 'Fn::GetStackOutput': { StackName: { Ref: 'Env' }, OutputName: 'Topic' } }), {
    'Fn::GetStackOutput': { StackName: 'prod', OutputName: 'Topic' },
  });
  // ...and make the function holding them wait too.
  assert.deepEqual(ev({ 'Fn::Join': ['-', ['a', { 'Fn::Future': 'x' }]] }), { 'Fn::Join': ['-', ['a', { 'Fn::Future': 'x' }]] });
  const transform = { 'Fn::Transform': { Name: 'DynamicUserData' } };
  assert.deepEqual(ev({ 'Fn::Sub': transform }), { 'Fn::Sub': transform });
  fails({ 'Fn::Sub': { 'Fn::Split': [',', 'a'] } }, 'INTRINSIC_ARGUMENTS');
});

test('Ref and Fn::GetAtt names may be computed (AWS::LanguageExtensions)', () => {
  const resolveResource = (id: string, attr?: string) => (attr ? `${id}/${attr}` : `${id}-id`);
  assert.equal(ev({ Ref: { 'Fn::Sub': '${Env}Bucket' } }, { resolveResource }), 'prodBucket-id');
  assert.equal(ev({ 'Fn::GetAtt': [{ 'Fn::Sub': 'Bucket${Env}' }, 'Arn'] }, { resolveResource }), 'Bucketprod/Arn');
  assert.deepEqual(ev({ Ref: { 'Fn::ImportValue': 'x' } }), { Ref: { 'Fn::ImportValue': 'x' } });
  fails({ Ref: { 'Fn::Split': [',', 'a'] } }, 'INTRINSIC_ARGUMENTS', ['Ref']);
});
