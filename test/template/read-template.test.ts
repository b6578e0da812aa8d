import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../src/template/index.js';

const ok = (text: string) => {
  const r = parseTemplate(text, 't.yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics));
  return r.template;
};
const bad = (text: string, file = 't.yaml') => {
  const r = parseTemplate(text, file);
  assert.ok(!r.ok, 'expected a parse failure');
  return r.diagnostics;
};

test('short-form tags become long-form intrinsics', () => {
  const t = ok(
    [
      'A: !Ref Foo',
      'B: !GetAtt Res.Attr.Nested',
      'C: !GetAtt [Res, Arn]',
      'D: !Sub "x-${AWS::Region}"',
      'E: !Sub ["${a}", {a: !Ref P}]',
      'F: !Join [",", [a, b]]',
      'G: !Select [0, !GetAZs ""]',
      'H: !Split [",", "a,b"]',
      'I: !If [Cond, 1, !Ref AWS::NoValue]',
      'J: !Equals [a, b]',
      'K: !And [!Condition X, !Not [!Or [!Condition Y, !Condition Z]]]',
      'L: !FindInMap [M, k1, k2]',
      'M: !Base64 text',
      'N: !ImportValue exp',
      'O: !Cidr [10.0.0.0/16, 4, 8]',
      'P: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}',
      'Q: !GetAZs',
      'R: !Ref 012',
    ].join('\n'),
  );
  assert.deepEqual(t.body, {
    A: { Ref: 'Foo' },
    B: { 'Fn::GetAtt': ['Res', 'Attr.Nested'] },
    C: { 'Fn::GetAtt': ['Res', 'Arn'] },
    D: { 'Fn::Sub': 'x-${AWS::Region}' },
    E: { 'Fn::Sub': ['${a}', { a: { Ref: 'P' } }] },
    F: { 'Fn::Join': [',', ['a', 'b']] },
    G: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
    H: { 'Fn::Split': [',', 'a,b'] },
    I: { 'Fn::If': ['Cond', 1, { Ref: 'AWS::NoValue' }] },
    J: { 'Fn::Equals': ['a', 'b'] },
    K: { 'Fn::And': [{ Condition: 'X' }, { 'Fn::Not': [{ 'Fn::Or': [{ Condition: 'Y' }, { Condition: 'Z' }] }] }] },
    L: { 'Fn::FindInMap': ['M', 'k1', 'k2'] },
    M: { 'Fn::Base64': 'text' },
    N: { 'Fn::ImportValue': 'exp' },
    O: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
    P: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
    Q: { 'Fn::GetAZs': '' },
    R: { Ref: '012' },
  });
});

test('every value keeps its line and column', () => {
  const t = ok('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub "${AWS::StackName}-b"\n');
  assert.deepEqual(t.sourceMap.locate(['Resources', 'Bucket', 'Type']).start, { line: 3, column: 5 });
  assert.deepEqual(t.sourceMap.value(['Resources', 'Bucket', 'Type'])?.start, { line: 3, column: 11 });
  assert.deepEqual(t.sourceMap.value(['Resources', 'Bucket', 'Properties', 'BucketName', 'Fn::Sub'])?.start, { line: 5, column: 24 });
  // A path below a scalar falls back to the nearest ancestor with a position.
  assert.deepEqual(t.sourceMap.locate(['Resources', 'Bucket', 'Type', 'x']).start, { line: 3, column: 5 });
});

test('JSON keeps positions too', () => {
  const r = parseTemplate('{\n  "Resources": {\n    "Q": {"Type": "AWS::SQS::Queue"}\n  }\n}\n', 't.json');
  assert.ok(r.ok);
  assert.equal(r.template.format, 'json');
  assert.deepEqual(r.template.sourceMap.locate(['Resources', 'Q', 'Type']).start, { line: 3, column: 11 });
});

test('duplicate keys are reported at every occurrence', () => {
  const d = bad('Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n');
  assert.deepEqual(d.map((x) => [x.code, x.range.start.line, x.range.start.column]), [['E0000', 2, 3], ['E0000', 4, 3]]);
  const j = bad('{"A": 1,\n "A": 2}', 't.json');
  assert.deepEqual(j.map((x) => [x.range.start.line, x.range.start.column]), [[1, 2], [2, 2]]);
});

test('bad tags, empty files, non-map top level and syntax errors name line and column', () => {
  const tag = bad('A:\n  B: !Reff X\n');
  assert.equal(tag[0]?.code, 'E0000');
  assert.match(tag[0]?.message ?? '', /Unknown tag !Reff/);
  assert.deepEqual(tag[0]?.range.start, { line: 2, column: 6 });
  assert.deepEqual(bad('')[0]?.range.start, { line: 1, column: 1 });
  assert.equal(bad('# only a comment\n')[0]?.code, 'E1001');
  assert.deepEqual(bad('- a\n- b\n')[0]?.message, 'Template needs to be an object.');
  const json = bad('{\n\t"A": {\n\t\t"B" {}\n}}', 't.json');
  assert.deepEqual(json[0]?.range.start, { line: 3, column: 7 });
  const yaml = bad('A:\n  - x\n  y: 1\n');
  assert.equal(yaml[0]?.range.start.line, 3);
  const key = bad('A: {!Ref X: 1}\n');
  assert.deepEqual(key[0]?.range.start, { line: 1, column: 5 });
});

test('templates over CloudFormation limits are refused with a position', () => {
  const big = `Description: "${'x'.repeat(1_000_001)}"\n`;
  assert.equal(bad(big)[0]?.code, 'E1002');
  const many = ['Resources:', ...Array.from({ length: 501 }, (_, i) => `  R${i}: {Type: AWS::SNS::Topic}`)].join('\n');
  const d = bad(many);
  assert.equal(d[0]?.code, 'E3010');
  assert.deepEqual(d[0]?.range.start, { line: 1, column: 1 });
});

test('parseDocument reads non-template YAML with positions and no template limits', async () => {
  const { parseDocument } = await import('../../src/template/index.js');
  const r = parseDocument('pipeline: shop\nregions:\n  primary: us-east-1\n', 'meridian.yaml');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { pipeline: 'shop', regions: { primary: 'us-east-1' } });
  assert.deepEqual(r.sourceMap.locate(['regions', 'primary']).start, { line: 3, column: 3 });
  const dup = parseDocument('a: 1\na: 2\n', 'm.yaml');
  assert.ok(!dup.ok);
  assert.equal(dup.diagnostics.length, 2);
  const empty = parseDocument('', 'm.yaml');
  assert.ok(empty.ok && empty.value === null);
});

test('Rules-only functions and the non-specific tag are read', () => {
  const t = ok('Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], !Ref P]\n      - Assert: !EachMemberEquals [!ValueOfAll [T, Tags], x]\nX: ! "Ref"\n');
  assert.deepEqual(t.body.Rules, {
    R: { Assertions: [{ Assert: { 'Fn::Contains': [['a'], { Ref: 'P' }] } }, { Assert: { 'Fn::EachMemberEquals': [{ 'Fn::ValueOfAll': ['T', 'Tags'] }, 'x'] } }] },
  });
  assert.equal(t.body.X, 'Ref');
});
