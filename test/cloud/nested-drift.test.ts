// Drift detection looks into nested stacks: CloudFormation reports the nested stack resource as
// NOT_CHECKED, so the adapter checks each child itself and names its resources Parent/Child.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { detectDrift, type CloudDeps } from '../../src/cloud/index.js';
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js';
import { cloudDepsFor } from '../helpers/cloud-deps.js';

const REGION = 'eu-west-1';
const credentials = { accessKeyId: '000000000000', secretAccessKey: 'test' };
const CHILD = `Resources:
  Flags:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /nested-drift/flags
      Type: String
      Value: search=on
`;

let cloud: LocalCloud;
let deps: CloudDeps;
let cfn: CloudFormationClient;
let childId = '';

async function settled(name: string): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus ?? '';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${name} never settled`);
}

before(async () => {
  cloud = await startLocalCloud({ port: 0, latencyMs: 2 });
  deps = cloudDepsFor(cloud.endpoint);
  const config = { region: REGION, endpoint: cloud.endpoint, credentials };
  cfn = new CloudFormationClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'templates', CreateBucketConfiguration: { LocationConstraint: REGION } }));
  await s3.send(new PutObjectCommand({ Bucket: 'templates', Key: 'child.yaml', Body: CHILD }));
  s3.destroy();
  const parent = {
    Resources: {
      Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `${cloud.endpoint}/templates/child.yaml` } },
      Topic: { Type: 'AWS::SNS::Topic' },
    },
  };
  await cfn.send(new CreateStackCommand({ StackName: 'parent', TemplateBody: JSON.stringify(parent) }));
  assert.equal(await settled('parent'), 'CREATE_COMPLETE');
  const stacks = await cfn.send(new DescribeStacksCommand({}));
  childId = stacks.Stacks?.find((s) => s.ParentId !== undefined)?.StackId ?? '';
  assert.ok(childId, 'the nested stack exists');
});

after(async () => {
  cfn.destroy();
  deps.pool.destroy();
  await cloud.stop();
});

test('a nested stack in sync: the parent is IN_SYNC and nothing is left NOT_CHECKED', async () => {
  const report = await detectDrift(deps, { region: REGION }, 'parent');
  assert.equal(report.status, 'IN_SYNC');
  assert.deepEqual(report.drifted, []);
  assert.deepEqual(report.notChecked, []);
  // Topic, the nested stack resource, and the child's parameter.
  assert.equal(report.inSync, 3);
});

test("drift inside the nested stack is the parent's drift, named Child/Flags", async () => {
  const ssm = new SSMClient({ region: REGION, endpoint: cloud.endpoint, credentials });
  await ssm.send(new PutParameterCommand({ Name: '/nested-drift/flags', Value: 'search=off', Type: 'String', Overwrite: true }));
  ssm.destroy();
  const report = await detectDrift(deps, { region: REGION }, 'parent');
  assert.equal(report.status, 'DRIFTED');
  assert.deepEqual(report.drifted.map((d) => [d.logicalId, d.status]), [['Child/Flags', 'MODIFIED']]);
  assert.equal(report.drifted[0]?.differences[0]?.actual, 'search=off');
});

test('a nested stack deleted behind the parent is reported DELETED', async () => {
  await cfn.send(new DeleteStackCommand({ StackName: childId }));
  assert.equal(await settled(childId), 'DELETE_COMPLETE');
  const report = await detectDrift(deps, { region: REGION }, 'parent');
  assert.equal(report.status, 'DRIFTED');
  assert.deepEqual(report.drifted.map((d) => [d.logicalId, d.status]), [['Child', 'DELETED']]);
});
