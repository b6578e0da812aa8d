import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findAssetReferences, isLocalPath, PackageError } from '../../../src/pipeline/package/index.js';
import { applyEdits } from '../../../src/pipeline/package/rewrite-text.js';
import { parseTemplate, type ParsedTemplate } from '../../../src/template/index.js';

function parsed(text: string): ParsedTemplate {
  const r = parseTemplate(text, 't.yaml');
  assert.ok(r.ok, 'fixture parses');
  return r.template;
}
const code = ['Resources', 'F', 'Properties', 'Code'];
const NEW = { S3Bucket: 'b', S3Key: 'k.zip' };

describe('package: finding local references', () => {
  it('takes plain local paths only: S3/HTTP values, maps and intrinsics are left alone', () => {
    assert.equal(isLocalPath('./src'), true);
    assert.equal(isLocalPath('src'), true);
    assert.equal(isLocalPath('s3://b/k'), false);
    assert.equal(isLocalPath('https://s3.amazonaws.com/b/k'), false);
    assert.equal(isLocalPath({ 'Fn::Sub': './x' }), false);
    assert.equal(isLocalPath(''), false);
    const body = parsed(`Resources:
  A: { Type: AWS::Lambda::Function, Properties: { Code: !Sub "\${AWS::Region}/x" } }
  B: { Type: AWS::Serverless::Function, Properties: { CodeUri: { Bucket: b, Key: k } } }
  C: { Type: AWS::Serverless::Function, Properties: { CodeUri: src/c } }
  D: { Type: AWS::Glue::Job, Properties: { Command: { ScriptLocation: s3://b/job.py } } }
  E: { Type: AWS::S3::Bucket, Properties: { Code: ./not-a-packaged-property } }
`).body;
    assert.deepEqual(findAssetReferences(body).map((r) => [r.logicalId, r.property, r.localPath]), [['C', 'CodeUri', 'src/c']]);
  });

  it('finds SAM Globals defaults', () => {
    const body = parsed('Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: { CodeUri: ./src, Runtime: python3.12 }\n  Api: { DefinitionUri: s3://b/api.yaml }\nResources:\n  F: { Type: AWS::Serverless::Function, Properties: { Handler: a.b } }\n').body;
    assert.deepEqual(findAssetReferences(body).map((r) => [r.logicalId, r.property, r.path.join('/')]), [['Globals', 'Function.CodeUri', 'Globals/Function/CodeUri']]);
  });

  it('finds AWS::Include transforms in properties, sections and a top-level Transform list', () => {
    const body = parsed(`Transform:
  - AWS::Serverless-2016-10-31
  - Name: AWS::Include
    Parameters: { Location: top.yaml }
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body: !Transform { Name: AWS::Include, Parameters: { Location: ./api.yaml } }
  Other:
    Type: AWS::SNS::Topic
    Properties:
      Fn::Transform: { Name: SomeMacro, Parameters: { Location: ./not-include.yaml } }
`).body;
    assert.deepEqual(
      findAssetReferences(body).map((r) => [r.logicalId, r.property, r.path.join('/'), r.localPath]),
      [
        ['', 'Transform.Parameters.Location', 'Transform/1/Parameters/Location', 'top.yaml'],
        ['Api', 'Body.Fn::Transform.Parameters.Location', 'Resources/Api/Properties/Body/Fn::Transform/Parameters/Location', './api.yaml'],
      ],
    );
  });
});

describe('package: rewriting template text in place', () => {
  it('replaces plain, quoted and flow values and keeps comments and tags', () => {
    for (const value of ['./src', '"./src"', "'./src'"]) {
      const t = parsed(`Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt R.Arn # the role\n      Code: ${value}   # zipped\n`);
      const out = applyEdits(t, [{ path: code, value: NEW }]);
      assert.equal(out, `Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt R.Arn # the role\n      Code: {"S3Bucket":"b","S3Key":"k.zip"}   # zipped\n`);
    }
    const flow = parsed('Resources: { F: { Type: AWS::Lambda::Function, Properties: { Code: ./src, Handler: x } } }\n');
    assert.equal(applyEdits(flow, [{ path: code, value: NEW }]), 'Resources: { F: { Type: AWS::Lambda::Function, Properties: { Code: {"S3Bucket":"b","S3Key":"k.zip"}, Handler: x } } }\n');
  });

  it('handles block scalars, CRLF line ends and several edits on one line', () => {
    const block = parsed('Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: >-\n        ./src\n      Handler: x\n');
    const out = applyEdits(block, [{ path: code, value: NEW }]);
    assert.match(out, /Code: \{"S3Bucket":"b","S3Key":"k\.zip"\}\n {6}Handler: x\n$/);
    const crlf = parsed('Resources:\r\n  F:\r\n    Type: AWS::Lambda::Function\r\n    Properties:\r\n      Code: ./src\r\n      Handler: x\r\n');
    assert.equal(applyEdits(crlf, [{ path: code, value: 's3://b/k' }]), 'Resources:\r\n  F:\r\n    Type: AWS::Lambda::Function\r\n    Properties:\r\n      Code: "s3://b/k"\r\n      Handler: x\r\n');
    const twice = parsed('{"Resources": {"A": {"Properties": {"X": "./a", "Y": "./b"}}}}');
    assert.equal(
      applyEdits(twice, [
        { path: ['Resources', 'A', 'Properties', 'X'], value: 's3://b/1' },
        { path: ['Resources', 'A', 'Properties', 'Y'], value: { Bucket: 'b', Key: '2' } },
      ]),
      '{"Resources": {"A": {"Properties": {"X": "s3://b/1", "Y": {"Bucket":"b","Key":"2"}}}}}',
    );
  });

  it('an alias shared by two rewritten values must get the same text', () => {
    const t = parsed('Resources:\n  A: { Type: AWS::Lambda::Function, Properties: { Code: &src ./src } }\n  B: { Type: AWS::Lambda::Function, Properties: { Code: *src } }\n');
    const paths = findAssetReferences(t.body).map((r) => r.path);
    assert.equal(paths.length, 2);
    const same = applyEdits(t, paths.map((path) => ({ path, value: NEW })));
    assert.equal((same.match(/S3Bucket/g) ?? []).length, 1, 'the anchored text is written once; the alias follows it');
    assert.throws(
      () => applyEdits(t, paths.map((path, i) => ({ path, value: { ...NEW, S3Key: `${i}.zip` } }))),
      (err: unknown) => err instanceof PackageError && err.code === 'PACKAGE_REWRITE_FAILED',
    );
  });
});
