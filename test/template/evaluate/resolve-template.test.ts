import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EvaluationError, evaluationDiagnostic, formatDiagnostic, parseTemplate, resolveTemplate, type EvaluationContext } from '../../../src/template/index.js';

const parse = (text: string) => {
  const r = parseTemplate(text, 't.yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics));
  return r.template;
};
const app = parse(readFileSync(new URL('fixtures/app.yaml', import.meta.url), 'utf8'));
const ctx = (parameters: Record<string, string | string[]>, over: Partial<EvaluationContext> = {}): EvaluationContext => ({
  region: 'eu-west-1',
  accountId: '123456789012',
  stackName: 'app',
  stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/app/1',
  parameters,
  ...over,
});
const values = { Env: 'prod', DbPassword: 'hunter2', Subnets: ['subnet-a', 'subnet-b'] };

test('a whole template resolved: conditions, removed resources and outputs, placeholders', () => {
  const out = resolveTemplate(app.body, ctx(values)) as Record<string, Record<string, Record<string, unknown>>>;
  assert.deepEqual(out.Conditions, { IsProd: true, IsDev: false });
  assert.deepEqual(Object.keys(out.Resources ?? {}), ['Bucket', 'Db']);
  assert.deepEqual(out.Resources?.Bucket, {
    Type: 'AWS::S3::Bucket',
    DeletionPolicy: 'Retain',
    Properties: {
      BucketName: 'app-prod-eu-west-1',
      Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'critical', Value: 'yes' }],
    },
  });
  assert.deepEqual(out.Resources?.Db?.Properties, {
    DBInstanceClass: 'm5.large',
    MasterUserPassword: 'hunter2',
    SubnetIds: ['subnet-a', 'subnet-b'],
    BackupRetentionPeriod: 7,
    Endpoint: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
    Policy: { 'Fn::Sub': 'arn:aws:s3:::${Bucket}/*' },
  });
  assert.deepEqual(out.Outputs, { BucketName: { Value: { Ref: 'Bucket' }, Export: { Name: 'app-bucket' } } });
  assert.equal(out.Parameters?.DbPassword?.Default, '****', 'NoEcho default masked');
  assert.equal(out.Parameters?.Subnets?.Default, 'subnet-a,subnet-b');
  assert.equal(out.Description as unknown, 'app stack');
});

test('the other branch: dev removes prod-only values and keeps dev resources', () => {
  const resolveResource = (id: string, attr?: string) => (attr === undefined ? `${id}-phys` : `arn:${id}:${attr}`);
  const out = resolveTemplate(app.body, ctx({ ...values, Env: 'dev' }, { resolveResource })) as Record<string, Record<string, Record<string, unknown>>>;
  assert.deepEqual(Object.keys(out.Resources ?? {}), ['Bucket', 'DevOnly', 'Db']);
  assert.equal(out.Resources?.Bucket?.DeletionPolicy, 'Delete');
  assert.deepEqual((out.Resources?.Bucket?.Properties as Record<string, unknown>).Tags, [{ Key: 'env', Value: 'dev' }]);
  const db = out.Resources?.Db?.Properties as Record<string, unknown>;
  assert.equal('BackupRetentionPeriod' in db, false);
  assert.equal(db.Endpoint, 'arn:Bucket:Arn');
  assert.equal(db.Policy, 'arn:aws:s3:::Bucket-phys/*');
  assert.deepEqual(out.Outputs?.DevQueue, { Condition: 'IsDev', Value: 'DevOnly-phys' });
});

/** `line:col CODE` of the error resolving `text`. */
function errorAt(text: string, parameters: Record<string, string | string[]> = {}): string {
  const t = parse(text);
  try {
    resolveTemplate(t.body, ctx(parameters));
  } catch (err) {
    assert.ok(err instanceof EvaluationError, String(err));
    const d = evaluationDiagnostic(err, t.file, t.sourceMap);
    return formatDiagnostic(d);
  }
  return assert.fail('expected an evaluation error');
}

test('errors point at the exact line and column of the bad intrinsic', () => {
  const resource = (properties: string) => `Resources:\n  R:\n    Type: T\n    Properties:\n${properties}`;
  assert.match(errorAt(resource('      A: !Select [3, [a, b]]')), /^t\.yaml:5:19: SELECT_OUT_OF_RANGE .*index 3/);
  assert.match(errorAt(resource('      A:\n        Fn::Select: [3, [a, b]]')), /^t\.yaml:6:22: SELECT_OUT_OF_RANGE/);
  assert.match(errorAt(`Mappings: {M: {a: {b: c}}}\n${resource('      A: !FindInMap [M, a, nope]')}`), /^t\.yaml:6:28: MAPPING_KEY_NOT_FOUND .*M::a::nope/);
  assert.match(errorAt(resource('      A: !Join [",", a]')), /^t\.yaml:5:22: INTRINSIC_ARGUMENTS/);
  assert.match(errorAt(resource('      A: !If [Nope, a, b]')), /^t\.yaml:5:15: UNKNOWN_CONDITION/);
  assert.match(errorAt(resource('      A: !Ref Missing')), /^t\.yaml:5:10: UNRESOLVED_REFERENCE .*\[Missing\] in the Resources block/);
  assert.match(errorAt(resource('      A: !GetAtt Gone.Arn')), /^t\.yaml:5:10: UNRESOLVED_REFERENCE .*undefined resource Gone/);
  assert.match(errorAt(resource('      A: !Sub "${Missing}"')), /^t\.yaml:5:10: UNRESOLVED_REFERENCE/);
  assert.match(errorAt(resource('      A: !Cidr [10.0.0.0/24, 9, 5]')), /^t\.yaml:5:10: CIDR_INVALID/);
  // A resource whose condition is false cannot be referenced from one that stays.
  const conditional = [
    'Conditions: {Never: !Equals [a, b]}',
    'Resources:',
    '  Gone: {Type: T, Condition: Never}',
    '  R:',
    '    Type: T',
    '    Properties: {A: !Ref Gone}',
  ].join('\n');
  assert.match(errorAt(conditional), /^t\.yaml:6:21: UNRESOLVED_REFERENCE .*\[Gone\]/);
  assert.match(errorAt('Resources:\n  R: {Type: T, Condition: Nope}'), /^t\.yaml:2:16: UNKNOWN_CONDITION/);
  assert.match(errorAt(conditional.replace('Properties: {A: !Ref Gone}', 'DependsOn: [Other, Gone]\n  Other: {Type: T}')), /^t\.yaml:6:24: UNRESOLVED_REFERENCE .*\[Gone\]/);
  assert.match(errorAt('Resources:\n  R: {Type: T, DependsOn: Nope}'), /^t\.yaml:2:16: UNRESOLVED_REFERENCE .*\[Nope\]/);
  assert.match(errorAt('Resources: {}\nOutputs:\n  O:\n    Value: !Ref Nope'), /^t\.yaml:4:12: UNRESOLVED_REFERENCE .*Outputs block/);
});

test('errors inside Fn::ForEach copies point into the loop fragment', () => {
  const text = [
    'Transform: AWS::LanguageExtensions',
    'Resources:',
    '  Fn::ForEach::Queues:',
    '    - Name',
    '    - [a, b]',
    '    - Queue${Name}:',
    '        Type: AWS::SQS::Queue',
    '        Properties:',
    '          QueueName: !Select [5, [x]]',
    'Outputs:',
    '  Fn::ForEach::Out:',
    '    - Name',
    '    - [a]',
    '    - Out${Name}:',
    '        Value: !GetAtt Missing${Name}.Arn',
  ].join('\n');
  assert.match(errorAt(text), /^t\.yaml:9:31: SELECT_OUT_OF_RANGE/);
  assert.match(errorAt(text.replace('!Select [5, [x]]', 'ok')), /^t\.yaml:15:16: UNRESOLVED_REFERENCE .*Missinga/);
  assert.match(errorAt(text.replace('Type: AWS::SQS::Queue', 'Condition: Nope')), /^t\.yaml:7:9: UNKNOWN_CONDITION/);
});

test('with another transform (SAM), references to resources it creates stay unresolved', () => {
  const body = { Transform: 'AWS::Serverless-2016-10-31', Resources: { F: { Type: 'AWS::Serverless::Function', Properties: { Role: { 'Fn::GetAtt': ['FRole', 'Arn'] } } } } };
  const out = resolveTemplate(body, ctx({})) as { Resources: { F: { Properties: unknown } } };
  assert.deepEqual(out.Resources.F.Properties, { Role: { 'Fn::GetAtt': ['FRole', 'Arn'] } });
});

test('names that are also Object.prototype members are ordinary names', () => {
  const body = {
    Conditions: { toString: { 'Fn::Equals': ['a', 'a'] } },
    Resources: {
      constructor: { Type: 'T', Condition: 'toString' },
      R: { Type: 'T', Properties: { A: { Ref: 'constructor' }, B: { 'Fn::If': ['toString', 'yes', 'no'] } } },
    },
  };
  const out = resolveTemplate(body, ctx({})) as { Resources: Record<string, { Properties?: unknown }> };
  assert.deepEqual(out.Resources.R?.Properties, { A: { Ref: 'constructor' }, B: 'yes' });
  assert.throws(() => resolveTemplate({ Resources: { R: { Type: 'T', Condition: 'valueOf' } } }, ctx({})), /Unresolved condition dependency valueOf/);
});

test('positions in JSON templates too', () => {
  const json = ['{', '  "Resources": {', '    "R": {', '      "Type": "T",', '      "Properties": { "A": { "Fn::Select": [ "7", [ "a" ] ] } }', '    }', '  }', '}'].join('\n');
  assert.match(errorAt(json), /^t\.yaml:5:46: SELECT_OUT_OF_RANGE .*index 7/);
});

test('Fn::ForEach without the AWS::LanguageExtensions transform is an error at the loop', () => {
  const text = 'Resources:\n  R:\n    Type: T\n    Properties:\n      Tags:\n        Fn::ForEach::T: [X, [a], {"${X}": 1}]';
  assert.match(errorAt(text), /^t\.yaml:6:9: FOREACH_INVALID .*needs the AWS::LanguageExtensions transform/);
});

test('sections that are not maps are errors', () => {
  assert.match(errorAt("Conditions:\n  - IsProd: !Equals [a, 'prod']\nResources: {}"), /^t\.yaml:1:1: SECTION_INVALID Template format error: Conditions must be a map/);
  assert.match(errorAt('Resources: []'), /^t\.yaml:1:1: SECTION_INVALID/);
});

test('onError collects every bad attribute and keeps it as written', () => {
  const t = parse('Resources:\n  A: {Type: T, Properties: {X: !Select [3, [a]], Y: !Ref AWS::Region}}\n  B: {Type: T, Properties: {Z: !Ref Missing}}');
  const errors: EvaluationError[] = [];
  const out = resolveTemplate(t.body, ctx({}), { onError: (err) => errors.push(err) }) as { Resources: Record<string, { Properties: unknown }> };
  assert.deepEqual(errors.map((e) => e.code), ['SELECT_OUT_OF_RANGE', 'UNRESOLVED_REFERENCE']);
  // The attribute holding the error (here all of Properties) is kept as written.
  assert.deepEqual(out.Resources.A?.Properties, { X: { 'Fn::Select': [3, ['a']] }, Y: { Ref: 'AWS::Region' } });
  assert.deepEqual(out.Resources.B?.Properties, { Z: { Ref: 'Missing' } });
});
