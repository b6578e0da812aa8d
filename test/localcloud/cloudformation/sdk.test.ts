// End to end: the real @aws-sdk/client-cloudformation over HTTP against localcloud, in three regions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  DetectStackResourceDriftCommand,
  DeleteChangeSetCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  ListImportsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
  ExecuteChangeSetCommand,
  ListExportsCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, DeleteBucketCommand, PutBucketEncryptionCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import { manualClock } from '../../../src/localcloud/index.js';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { admin, clientConfig, errorOf, REGIONS, s3Client, ssmClient, start } from '../helpers.js';

// The server's clock moves only when a poll below advances it, so every test sees the
// IN_PROGRESS states however slow the machine is.
const LATENCY = 15;
const clock = manualClock();
const delay = () => clock.advance(LATENCY);
let cloud: LocalCloud;
before(async () => {
  cloud = await start({ latencyMs: LATENCY, clock });
});
after(() => cloud.stop());

const cfn = (region: string) => new CloudFormationClient(clientConfig(cloud, region));

/** Polls DescribeStacks until the status stops being *_IN_PROGRESS (bounded). */
async function settled(client: CloudFormationClient, name: string, seen: string[] = []): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const out = await client.send(new DescribeStacksCommand({ StackName: name }));
    const status = out.Stacks?.[0]?.StackStatus ?? 'NONE';
    if (seen.at(-1) !== status) seen.push(status);
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await delay();
  }
  throw new Error(`stack ${name} never settled`);
}

async function changeSetDone(client: CloudFormationClient, stack: string, name: string) {
  for (let i = 0; i < 2000; i++) {
    const cs = await client.send(new DescribeChangeSetCommand({ StackName: stack, ChangeSetName: name }));
    if (cs.Status === 'CREATE_COMPLETE' || cs.Status === 'FAILED') return cs;
    await delay();
  }
  throw new Error('change set never finished');
}

const template = (paramValue: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/e2e/bucket', Type: 'String', Value: paramValue } },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { Tags: [{ Key: 'bucket', Value: { Ref: 'Bucket' } }] } },
      ...extra,
    },
    Outputs: { BucketName: { Value: { Ref: 'Bucket' } } },
  });

test('create -> IN_PROGRESS -> COMPLETE in three regions at once, events in dependency order', async () => {
  // Nothing moves before the clock does: every region is still creating after all three calls.
  await Promise.all(
    REGIONS.map(async (region) => {
      const created = await cfn(region).send(new CreateStackCommand({ StackName: 'e2e', TemplateBody: template('v1') }));
      assert.match(created.StackId ?? '', new RegExp(`^arn:aws:cloudformation:${region}:\\d{12}:stack/e2e/`));
    }),
  );
  for (const region of REGIONS) {
    const status = (await cfn(region).send(new DescribeStacksCommand({ StackName: 'e2e' }))).Stacks?.[0]?.StackStatus;
    assert.equal(status, 'CREATE_IN_PROGRESS');
  }
  await Promise.all(
    REGIONS.map(async (region) => {
      const client = cfn(region);
      assert.equal(await settled(client, 'e2e'), 'CREATE_COMPLETE');
      const ev = (await client.send(new DescribeStackEventsCommand({ StackName: 'e2e' }))).StackEvents ?? [];
      const done = ev.filter((e) => e.ResourceStatus === 'CREATE_COMPLETE').map((e) => e.LogicalResourceId).reverse();
      assert.ok(done.indexOf('Bucket') < done.indexOf('Queue'));
      assert.equal(done.at(-1), 'e2e');
      assert.ok(ev[0]?.Timestamp instanceof Date);
      const stack = (await client.send(new DescribeStacksCommand({ StackName: 'e2e' }))).Stacks?.[0];
      assert.match(stack?.Outputs?.[0]?.OutputValue ?? '', /^e2e-bucket-[a-z0-9]{12}$/);
      assert.equal(stack?.DisableRollback, false);
    }),
  );
  const state = (await admin(cloud, 'GET', 'state')).json as { cloudformation: Record<string, Record<string, unknown>> };
  assert.deepEqual(Object.keys(Object.values(state.cloudformation)[0] ?? {}).sort(), [...REGIONS].sort());
});

test('a failing resource -> ROLLBACK_COMPLETE, then delete and re-create', async () => {
  const client = cfn('eu-west-1');
  const fault = await admin(cloud, 'POST', 'faults', { region: 'eu-west-1', resourceType: 'AWS::SQS::Queue', operation: 'create', message: 'boom' });
  assert.ok(fault.status < 300);
  await client.send(new CreateStackCommand({ StackName: 'fails', TemplateBody: template('x').replace('/e2e/bucket', '/e2e/fails') }));
  assert.equal(await settled(client, 'fails'), 'ROLLBACK_COMPLETE');
  const err = await errorOf(client.send(new UpdateStackCommand({ StackName: 'fails', TemplateBody: template('y') })));
  assert.equal(err.name, 'ValidationError');
  assert.match(err.message, /^Stack:arn:aws:cloudformation:eu-west-1:\d+:stack\/fails\/[0-9a-f-]+ is in ROLLBACK_COMPLETE state and can not be updated\.$/);
  await client.send(new DeleteStackCommand({ StackName: 'fails' }));
  await settled(client, 'fails').catch(() => 'gone');
  const gone = await errorOf(client.send(new DescribeStacksCommand({ StackName: 'fails' })));
  assert.equal(gone.message, 'Stack with id fails does not exist');
  await client.send(new CreateStackCommand({ StackName: 'fails', TemplateBody: template('x').replace('/e2e/bucket', '/e2e/fails') }));
  assert.equal(await settled(client, 'fails'), 'CREATE_COMPLETE');
});

test('empty update and empty change set, then an update with replacement through a change set', async () => {
  const client = cfn('ap-southeast-2');
  const empty = await errorOf(client.send(new UpdateStackCommand({ StackName: 'e2e', TemplateBody: template('v1') })));
  assert.equal(empty.name, 'ValidationError');
  assert.equal(empty.message, 'No updates are to be performed.');
  await client.send(new CreateChangeSetCommand({ StackName: 'e2e', ChangeSetName: 'nothing', TemplateBody: template('v1') }));
  const none = await changeSetDone(client, 'e2e', 'nothing');
  assert.equal(none.Status, 'FAILED');
  assert.equal(none.StatusReason, "The submitted information didn't contain changes. Submit different information to create a change set.");
  const renamed = template('v2').replace('"Bucket":{"Type":"AWS::S3::Bucket"}', '"Bucket":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"e2e-renamed-ap"}}');
  await client.send(new CreateChangeSetCommand({ StackName: 'e2e', ChangeSetName: 'rename', TemplateBody: renamed }));
  const cs = await changeSetDone(client, 'e2e', 'rename');
  const bucket = cs.Changes?.find((c) => c.ResourceChange?.LogicalResourceId === 'Bucket')?.ResourceChange;
  assert.equal(bucket?.Action, 'Modify');
  assert.equal(bucket?.Replacement, 'True');
  assert.equal(bucket?.Details?.[0]?.Target?.RequiresRecreation, 'Always');
  await client.send(new ExecuteChangeSetCommand({ StackName: 'e2e', ChangeSetName: 'rename' }));
  const seen: string[] = [];
  assert.equal(await settled(client, 'e2e', seen), 'UPDATE_COMPLETE');
  assert.ok(seen.includes('UPDATE_IN_PROGRESS') || seen.includes('UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'));
  assert.ok(cloud.s3.bucketInfo('e2e-renamed-ap'));
  assert.equal(cloud.ssm.get(cloud.s3.bucketInfo('e2e-renamed-ap')?.account ?? '', 'ap-southeast-2', '/e2e/bucket')?.value, 'v2');
});

test('drift after an out-of-band PutParameter and an S3 bucket deletion', async () => {
  const region = 'us-east-1';
  const client = cfn(region);
  await ssmClient(cloud, region).send(new PutParameterCommand({ Name: '/e2e/bucket', Value: 'changed', Type: 'String', Overwrite: true }));
  const stack = (await client.send(new DescribeStacksCommand({ StackName: 'e2e' }))).Stacks?.[0];
  const bucketName = stack?.Outputs?.[0]?.OutputValue ?? '';
  await s3Client(cloud, region).send(new DeleteBucketCommand({ Bucket: bucketName }));
  const { StackDriftDetectionId } = await client.send(new DetectStackDriftCommand({ StackName: 'e2e' }));
  let status;
  for (let i = 0; i < 2000; i++) {
    status = await client.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId }));
    if (status.DetectionStatus !== 'DETECTION_IN_PROGRESS') break;
    await delay();
  }
  assert.equal(status?.DetectionStatus, 'DETECTION_COMPLETE');
  assert.equal(status?.StackDriftStatus, 'DRIFTED');
  const drifts = (await client.send(new DescribeStackResourceDriftsCommand({ StackName: 'e2e' }))).StackResourceDrifts ?? [];
  const byId = Object.fromEntries(drifts.map((d) => [d.LogicalResourceId, d]));
  assert.equal(byId.Bucket?.StackResourceDriftStatus, 'DELETED');
  assert.equal(byId.Param?.StackResourceDriftStatus, 'MODIFIED');
  assert.deepEqual(byId.Param?.PropertyDifferences, [{ PropertyPath: '/Value', ExpectedValue: 'v1', ActualValue: 'changed', DifferenceType: 'NOT_EQUAL' }]);
});

test('export in use, capabilities, ClientRequestToken idempotency, TemplateURL from localcloud S3', async () => {
  const region = 'eu-west-1';
  const client = cfn(region);
  const s3 = s3Client(cloud, region);
  await s3.send(new CreateBucketCommand({ Bucket: 'cfn-artifacts-eu', CreateBucketConfiguration: { LocationConstraint: region } }));
  const producer = JSON.stringify({ Resources: { T: { Type: 'AWS::SNS::Topic' } }, Outputs: { Arn: { Value: { Ref: 'T' }, Export: { Name: 'topic-arn' } } } });
  await s3.send(new PutObjectCommand({ Bucket: 'cfn-artifacts-eu', Key: 'producer.json', Body: producer }));
  const url = `${cloud.endpoint}/cfn-artifacts-eu/producer.json`;
  const first = await client.send(new CreateStackCommand({ StackName: 'producer', TemplateURL: url, ClientRequestToken: 'tok-1' }));
  const retry = await client.send(new CreateStackCommand({ StackName: 'producer', TemplateURL: url, ClientRequestToken: 'tok-1' }));
  assert.equal(retry.StackId, first.StackId);
  assert.equal(await settled(client, 'producer'), 'CREATE_COMPLETE');
  const ops = (await admin(cloud, 'GET', 'operations')).json as { action: string; stackName?: string }[];
  assert.equal(ops.filter((o) => o.action === 'CreateStack' && o.stackName === 'producer').length, 2);
  const creates = ((await client.send(new DescribeStackEventsCommand({ StackName: 'producer' }))).StackEvents ?? []).filter((e) => e.LogicalResourceId === 'producer' && e.ResourceStatus === 'CREATE_IN_PROGRESS');
  assert.equal(creates.length, 1);
  assert.equal(creates[0]?.ClientRequestToken, 'tok-1');
  const consumer = JSON.stringify({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, Description: { 'Fn::ImportValue': 'topic-arn' } } } } });
  const caps = await errorOf(client.send(new CreateStackCommand({ StackName: 'consumer', TemplateBody: consumer })));
  assert.equal(caps.name, 'InsufficientCapabilitiesException');
  assert.equal(caps.message, 'Requires capabilities : [CAPABILITY_IAM]');
  await client.send(new CreateStackCommand({ StackName: 'consumer', TemplateBody: consumer, Capabilities: ['CAPABILITY_IAM'] }));
  assert.equal(await settled(client, 'consumer'), 'CREATE_COMPLETE');
  const exports = (await client.send(new ListExportsCommand({}))).Exports ?? [];
  assert.deepEqual(exports.map((e) => e.Name), ['topic-arn']);
  await client.send(new DeleteStackCommand({ StackName: 'producer' }));
  assert.equal(await settled(client, 'producer'), 'DELETE_FAILED');
  const reason = (await client.send(new DescribeStacksCommand({ StackName: 'producer' }))).Stacks?.[0]?.StackStatusReason;
  assert.equal(reason, 'Cannot delete export topic-arn as it is in use by consumer');
});

test('drift after out-of-band S3 versioning and encryption changes', async () => {
  const region = 'ap-southeast-2';
  const client = cfn(region);
  const bucket = {
    Resources: {
      Secure: {
        Type: 'AWS::S3::Bucket',
        Properties: {
          BucketName: 'drift-secure-ap',
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        },
      },
    },
  };
  await client.send(new CreateStackCommand({ StackName: 'secure', TemplateBody: JSON.stringify(bucket) }));
  assert.equal(await settled(client, 'secure'), 'CREATE_COMPLETE');
  const before = (await client.send(new DetectStackResourceDriftCommand({ StackName: 'secure', LogicalResourceId: 'Secure' }))).StackResourceDrift;
  assert.equal(before?.StackResourceDriftStatus, 'IN_SYNC');
  const s3 = s3Client(cloud, region);
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'drift-secure-ap', VersioningConfiguration: { Status: 'Suspended' } }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'drift-secure-ap',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/x' } }] },
    }),
  );
  const after = (await client.send(new DetectStackResourceDriftCommand({ StackName: 'secure', LogicalResourceId: 'Secure' }))).StackResourceDrift;
  assert.equal(after?.StackResourceDriftStatus, 'MODIFIED');
  const diffs = Object.fromEntries((after?.PropertyDifferences ?? []).map((d) => [d.PropertyPath, [d.ExpectedValue, d.ActualValue, d.DifferenceType]]));
  assert.deepEqual(diffs['/VersioningConfiguration/Status'], ['Enabled', 'Suspended', 'NOT_EQUAL']);
  assert.deepEqual(diffs['/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm'], ['AES256', 'aws:kms', 'NOT_EQUAL']);
  assert.deepEqual(diffs['/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/KMSMasterKeyID'], ['null', 'alias/x', 'ADD']);
});

test('the read actions, templates and change set housekeeping through the SDK', async () => {
  const client = cfn('us-east-1');
  const yaml = ['Description: reads', 'Parameters:', '  Secret: { Type: String, NoEcho: true, Default: s3cr3t }', 'Metadata: { Owner: team }', 'Resources:', '  Topic: { Type: AWS::SNS::Topic, Metadata: { Note: hi } }', 'Outputs:', '  Arn: { Value: !Ref Topic, Export: { Name: reads-topic } }', ''].join('\n');
  const v = await client.send(new ValidateTemplateCommand({ TemplateBody: yaml }));
  assert.deepEqual(v.Parameters?.map((p) => [p.ParameterKey, p.NoEcho]), [['Secret', true]]);
  const summary = await client.send(new GetTemplateSummaryCommand({ TemplateBody: yaml }));
  assert.deepEqual(summary.ResourceTypes, ['AWS::SNS::Topic']);
  assert.equal(summary.Metadata, '{"Owner":"team"}');
  await client.send(new CreateStackCommand({ StackName: 'reads', TemplateBody: yaml }));
  assert.equal(await settled(client, 'reads'), 'CREATE_COMPLETE');
  const stack = (await client.send(new DescribeStacksCommand({ StackName: 'reads' }))).Stacks?.[0];
  assert.deepEqual(stack?.Parameters, [{ ParameterKey: 'Secret', ParameterValue: '****' }]);
  assert.ok(stack?.CreationTime instanceof Date);
  const listed = (await client.send(new ListStacksCommand({ StackStatusFilter: ['CREATE_COMPLETE'] }))).StackSummaries ?? [];
  assert.ok(listed.some((s) => s.StackName === 'reads' && s.TemplateDescription === 'reads'));
  const detail = (await client.send(new DescribeStackResourceCommand({ StackName: 'reads', LogicalResourceId: 'Topic' }))).StackResourceDetail;
  assert.equal(detail?.Metadata, '{"Note":"hi"}');
  assert.match(detail?.PhysicalResourceId ?? '', /^arn:aws:sns:us-east-1:\d{12}:reads-Topic-/);
  const byPhysical = (await client.send(new DescribeStackResourcesCommand({ PhysicalResourceId: detail?.PhysicalResourceId }))).StackResources ?? [];
  assert.deepEqual(byPhysical.map((r) => r.StackName), ['reads']);
  const summaries = (await client.send(new ListStackResourcesCommand({ StackName: 'reads' }))).StackResourceSummaries ?? [];
  assert.deepEqual(summaries.map((r) => [r.LogicalResourceId, r.ResourceStatus, r.DriftInformation?.StackResourceDriftStatus]), [['Topic', 'CREATE_COMPLETE', 'NOT_CHECKED']]);
  const tpl = await client.send(new GetTemplateCommand({ StackName: 'reads', TemplateStage: 'Original' }));
  assert.equal(tpl.TemplateBody, yaml);
  assert.deepEqual(tpl.StagesAvailable, ['Original', 'Processed']);
  const notImported = await errorOf(client.send(new ListImportsCommand({ ExportName: 'reads-topic' })));
  assert.equal(notImported.message, "Export 'reads-topic' is not imported by any stack.");
  await client.send(new CreateChangeSetCommand({ StackName: 'reads', ChangeSetName: 'later', TemplateBody: yaml.replace('Note: hi', 'Note: bye') }));
  assert.equal((await changeSetDone(client, 'reads', 'later')).Status, 'CREATE_COMPLETE');
  const sets = (await client.send(new ListChangeSetsCommand({ StackName: 'reads' }))).Summaries ?? [];
  assert.deepEqual(sets.map((c) => [c.ChangeSetName, c.ExecutionStatus]), [['later', 'AVAILABLE']]);
  await client.send(new DeleteChangeSetCommand({ StackName: 'reads', ChangeSetName: 'later' }));
  assert.deepEqual((await client.send(new ListChangeSetsCommand({ StackName: 'reads' }))).Summaries, []);
  const missing = await errorOf(client.send(new DescribeChangeSetCommand({ StackName: 'reads', ChangeSetName: 'later' })));
  assert.equal(missing.name, 'ChangeSetNotFoundException');
});
