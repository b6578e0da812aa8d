// The physical-name analysis as a library: naming and namespaces from the resource spec, and the
// pairs of deployments that would claim one name (each checked by line and message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, type ParsedTemplate } from '../../src/template/index.js';
import { namingOf, physicalNameFindings, type NameTarget } from '../../src/validate/index.js';

function parsed(text: string, file: string): ParsedTemplate {
  const p = parseTemplate(text, file);
  if (!p.ok) throw new Error(p.diagnostics[0]?.message);
  return p.template;
}

const target = (template: ParsedTemplate, over: Partial<NameTarget>): NameTarget => ({
  stack: 'app', variant: 'production', region: 'us-east-1', account: '111111111111', accountKnown: true, stackName: 'app', file: template.file, template, parameters: {}, ...over,
});

test('naming and namespaces come from the spec: identifiers, name-like properties, ARN templates', () => {
  assert.deepEqual(namingOf('AWS::S3::Bucket'), { parts: ['BucketName'], name: 'BucketName', scope: 'global', caseInsensitive: false });
  assert.deepEqual(namingOf('AWS::IAM::Role'), { parts: ['RoleName'], name: 'RoleName', scope: 'account', caseInsensitive: true });
  assert.deepEqual(namingOf('AWS::SQS::Queue'), { parts: ['QueueName'], name: 'QueueName', scope: 'regional', caseInsensitive: false });
  assert.deepEqual(namingOf('AWS::ECS::Service')?.parts, ['Cluster', 'ServiceName']);
  assert.equal(namingOf('AWS::IAM::Policy'), undefined, 'inline policy names belong to their principal');
  assert.equal(namingOf('AWS::EC2::VPC'), undefined);
});

test('IAM names clash regardless of case; an account-regional bucket does not leave its region', () => {
  const t = parsed(`Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !If [East, AppRole, approle]
      AssumeRolePolicyDocument: {}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: app-data
      BucketNamespace: account-regional
Conditions:
  East: !Equals [!Ref 'AWS::Region', us-east-1]
`, 'iam.yaml');
  const found = physicalNameFindings([target(t, {}), target(t, { region: 'us-west-2' })]);
  assert.deepEqual(found.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message.split(';')[0]}`), [
    "5:7 M1001 RoleName 'AppRole' of Role (AWS::IAM::Role) would be claimed by stack app in us-east-1 and stack app in us-west-2",
  ]);
});

test('two stacks claiming one queue name: M1003 at the first, naming the second template and line', () => {
  const a = parsed('Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n', 'a.yaml');
  const b = parsed('Resources:\n  Other:\n    Type: AWS::SNS::Topic\n  Work:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: jobs\n', 'b.yaml');
  const found = physicalNameFindings([target(a, {}), target(b, { stack: 'worker', stackName: 'worker' })]);
  assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`), [
    "a.yaml:5 M1003 QueueName 'jobs' of Jobs (AWS::SQS::Queue) would be claimed by stack app in us-east-1 and by Work of stack worker in us-east-1 (b.yaml:7); AWS::SQS::Queue names are unique per account and region, so the second deployment fails. Fix: put ${AWS::StackName} in one of the names",
  ]);
});

test('a stage in another account: regional names do not meet, global ones do and the message names the accounts', () => {
  const t = parsed('Resources:\n  P:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: /app/p\n      Type: String\n      Value: v\n  B:\n    Type: AWS::S3::Bucket\n    Metadata:\n      cfn-lint:\n        config:\n          ignore_checks: [M1003]\n    Properties:\n      BucketName: app-b\n', 't.yaml');
  const found = physicalNameFindings([target(t, { variant: 'stage', stackName: 'app-stage', account: '222222222222' }), target(t, {})]);
  assert.deepEqual(found.map((f) => `${f.line} ${f.ruleId} ${f.message.split(';')[0]}`), [
    "15 M1002 BucketName 'app-b' of B (AWS::S3::Bucket) would be claimed by stage stack app-stage in us-east-1 (account 222222222222) and stack app in us-east-1 (account 111111111111)",
  ]);
  assert.deepEqual(physicalNameFindings([target(t, { variant: 'stage', stackName: 'app-stage', account: '222222222222' }), target(t, {})], { ignore: ['M1002'] }), []);
});

test('a name from a value known only at deploy time is not judged', () => {
  const t = parsed('Parameters:\n  Env: { Type: String, Default: prod }\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub "q-${Env}"\n', 'q.yaml');
  assert.equal(physicalNameFindings([target(t, { variant: 'stage', stackName: 'app-stage' }), target(t, {})]).length, 1);
  assert.deepEqual(physicalNameFindings([target(t, { variant: 'stage', stackName: 'app-stage', unknownParameters: ['Env'] }), target(t, {})]), []);
});
