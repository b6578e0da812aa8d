// The preview's IAM and security-group tables include what nested templates change: read from the
// nested change sets against localcloud over HTTP, and listed under the nested stack's path.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudFormationClient, CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createChangeSet, discardChangeSet, type CloudDeps } from '../../../src/cloud/index.js';
import { startLocalCloud, type LocalCloud } from '../../../src/localcloud/index.js';
import { mergeNested, nestedSecurityChanges } from '../../../src/pipeline/stages/preview-security.js';
import { cloudDepsFor } from '../../helpers/cloud-deps.js';

const REGION = 'eu-west-1';
const credentials = { accessKeyId: '000000000000', secretAccessKey: 'test' };
const CHILD_V1 = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };
const CHILD_V2 = {
  Resources: {
    Topic: { Type: 'AWS::SNS::Topic' },
    Publisher: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'publish', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: 'Topic' } }] } }],
      },
    },
  },
};

let cloud: LocalCloud;
let deps: CloudDeps;
let cfn: CloudFormationClient;
let s3: S3Client;

const parent = (childKey: string) => JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${cloud.endpoint}/templates/${childKey}` } } } });

before(async () => {
  cloud = await startLocalCloud({ port: 0, latencyMs: 2 });
  deps = cloudDepsFor(cloud.endpoint);
  cfn = new CloudFormationClient({ region: REGION, endpoint: cloud.endpoint, credentials });
  s3 = new S3Client({ region: REGION, endpoint: cloud.endpoint, forcePathStyle: true, credentials });
  await s3.send(new CreateBucketCommand({ Bucket: 'templates', CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new PutObjectCommand({ Bucket: 'templates', Key: 'child-v1.json', Body: JSON.stringify(CHILD_V1) }));
  await s3.send(new PutObjectCommand({ Bucket: 'templates', Key: 'child-v2.json', Body: JSON.stringify(CHILD_V2) }));
  await cfn.send(new CreateStackCommand({ StackName: 'app', TemplateBody: parent('child-v1.json') }));
  for (let i = 0; i < 2000; i++) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: 'app' }))).Stacks?.[0]?.StackStatus ?? '';
    if (!status.endsWith('_IN_PROGRESS')) break;
    await new Promise((r) => setTimeout(r, 5));
  }
});

after(async () => {
  cfn.destroy();
  s3.destroy();
  deps.pool.destroy();
  await cloud.stop();
});

test('an IAM role added inside a nested template shows in the IAM table under Child:', async () => {
  const target = { region: REGION };
  const result = await createChangeSet(deps, target, {
    stackName: 'app',
    template: { body: parent('child-v2.json') },
    parameters: {},
    capabilities: ['CAPABILITY_IAM'],
    tags: {},
    changeSetName: 'security-preview',
    clientToken: 'security-preview',
  });
  assert.equal(result.kind, 'changes');
  if (result.kind !== 'changes') return;
  const child = result.changes.find((c) => c.logicalId === 'Child');
  assert.ok(child?.nestedChangeSetId, `the nested stack line carries its nested change set: ${result.changeSetName} ${JSON.stringify(result.changes)}`);
  const nested = await nestedSecurityChanges(deps, target, result.changes);
  await discardChangeSet(deps, target, 'app', result.changeSetName, false);
  assert.deepEqual(nested.map((n) => n.path), ['Child']);
  const tables = mergeNested({}, nested);
  const rows = (tables.iam ?? []).slice(1);
  assert.ok(rows.length > 0, 'IAM rows');
  assert.ok(rows.every((r) => r[1]?.startsWith('Child: ')), JSON.stringify(rows));
  assert.ok(rows.some((r) => r.join(' ').includes('sns:Publish')), JSON.stringify(rows));
});

test("mergeNested keeps the stack's own rows first and one header", () => {
  const own = { iam: [['', 'Resource', 'Effect'], ['+', '${Role.Arn}', 'Allow']] };
  const merged = mergeNested(own, [{ path: 'Net/Inner', tables: { iam: [['', 'Resource', 'Effect'], ['-', '${Old.Arn}', 'Allow']], securityGroups: [['', 'Group', 'Dir'], ['+', '${Sg.GroupId}', 'In']] } }]);
  assert.deepEqual(merged.iam, [['', 'Resource', 'Effect'], ['+', '${Role.Arn}', 'Allow'], ['-', 'Net/Inner: ${Old.Arn}', 'Allow']]);
  assert.deepEqual(merged.securityGroups, [['', 'Group', 'Dir'], ['+', 'Net/Inner: ${Sg.GroupId}', 'In']]);
});
