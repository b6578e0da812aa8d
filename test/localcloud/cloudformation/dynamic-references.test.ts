// {{resolve:ssm|ssm-secure|secretsmanager:...}} in resource properties through the real SDK
// (SPEC.md "Dynamic references").
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, DetectStackDriftCommand, DescribeStackDriftDetectionStatusCommand, UpdateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetParameterCommand, PutParameterCommand } from '@aws-sdk/client-ssm';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { LocalCloud } from '../../../src/localcloud/index.js';
import { clientConfig, errorOf, ssmClient, start } from '../helpers.js';

let cloud: LocalCloud;
let cfn: CloudFormationClient;
let ssm: SSMClient;
before(async () => {
  cloud = await start({ latencyMs: 1 });
  cfn = new CloudFormationClient(clientConfig(cloud, 'eu-west-1'));
  ssm = ssmClient(cloud, 'eu-west-1');
});
after(() => cloud.stop());

async function settled(name: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const status = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0]?.StackStatus ?? '';
    if (!status.endsWith('_IN_PROGRESS')) return status;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('gave up waiting');
}

const value = async (name: string) => (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;

test('ssm and ssm-secure references resolve into the resource; the stack keeps the reference, so a new value is no change', async () => {
  await ssm.send(new PutParameterCommand({ Name: '/app/host', Value: 'db-1.internal', Type: 'String' }));
  await ssm.send(new PutParameterCommand({ Name: '/app/host', Value: 'db-2.internal', Type: 'String', Overwrite: true }));
  await ssm.send(new PutParameterCommand({ Name: '/app/password', Value: 's3cret', Type: 'SecureString' }));
  const template = JSON.stringify({
    Resources: {
      Latest: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/copy/latest', Type: 'String', Value: 'host={{resolve:ssm:/app/host}}' } },
      First: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/copy/first', Type: 'String', Value: '{{resolve:ssm:/app/host:1}}' } },
      Secret: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/copy/secret', Type: 'String', Value: '{{resolve:ssm-secure:/app/password}}' } },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'refs', TemplateBody: template }));
  assert.equal(await settled('refs'), 'CREATE_COMPLETE');
  assert.deepEqual([await value('/copy/latest'), await value('/copy/first'), await value('/copy/secret')], ['host=db-2.internal', 'db-1.internal', 's3cret']);
  const events = JSON.stringify((await cfn.send(new DescribeStackEventsCommand({ StackName: 'refs' }))).StackEvents);
  assert.ok(!events.includes('s3cret') && events.includes('{{resolve:ssm-secure:/app/password}}'), 'events show the reference, never the value');
  await ssm.send(new PutParameterCommand({ Name: '/app/host', Value: 'db-3.internal', Type: 'String', Overwrite: true }));
  const again = await errorOf(cfn.send(new UpdateStackCommand({ StackName: 'refs', TemplateBody: template })));
  assert.equal(again.message, 'No updates are to be performed.');
  const id = (await cfn.send(new DetectStackDriftCommand({ StackName: 'refs' }))).StackDriftDetectionId;
  let drift = '';
  for (let i = 0; i < 200 && !drift; i++) {
    const s = await cfn.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }));
    if (s.DetectionStatus !== 'DETECTION_IN_PROGRESS') drift = s.StackDriftStatus ?? '';
    else await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(drift, 'IN_SYNC');
});

test('a reference to a parameter or version that does not exist is refused when the template is submitted', async () => {
  const refuse = async (ref: string) =>
    (await errorOf(cfn.send(new CreateStackCommand({ StackName: 'missing', TemplateBody: JSON.stringify({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: ref } } } }) })))).message;
  assert.equal(await refuse('{{resolve:ssm:/nope}}'), 'Parameters: [ssm:/nope] cannot be found.');
  assert.equal(await refuse('{{resolve:ssm:/app/host:9}}'), 'Parameters: [ssm:/app/host:9] cannot be found.');
  assert.equal(await refuse('{{resolve:ssm-secure:/nope}}'), 'Parameters: [ssm-secure:/nope] cannot be found.');
});

test('secretsmanager references read secrets that stacks created, JSON keys too; a missing secret fails the resource', async () => {
  const secrets = JSON.stringify({
    Resources: {
      Db: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'db-credentials', GenerateSecretString: { SecretStringTemplate: '{"username":"admin"}', GenerateStringKey: 'password', PasswordLength: 20 } } },
      Plain: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'plain', SecretString: 'hello' } },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'secrets', TemplateBody: secrets }));
  assert.equal(await settled('secrets'), 'CREATE_COMPLETE');
  const reader = JSON.stringify({
    Resources: {
      User: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/read/user', Type: 'String', Value: '{{resolve:secretsmanager:db-credentials:SecretString:username}}' } },
      Password: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/read/password', Type: 'String', Value: '{{resolve:secretsmanager:db-credentials:SecretString:password}}' } },
      Plain: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/read/plain', Type: 'String', Value: '{{resolve:secretsmanager:plain}}' } },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: 'reader', TemplateBody: reader }));
  assert.equal(await settled('reader'), 'CREATE_COMPLETE');
  assert.equal(await value('/read/user'), 'admin');
  assert.match((await value('/read/password')) ?? '', /^[A-Za-z0-9]{20}$/);
  assert.equal(await value('/read/plain'), 'hello');
  await cfn.send(new CreateStackCommand({ StackName: 'nosecret', TemplateBody: JSON.stringify({ Resources: { P: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: '{{resolve:secretsmanager:nope:SecretString:x}}' } } } }) }));
  assert.equal(await settled('nosecret'), 'ROLLBACK_COMPLETE');
  const failed = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'nosecret' }))).StackEvents?.find((e) => e.ResourceStatus === 'CREATE_FAILED');
  assert.equal(failed?.ResourceStatusReason, "Secrets Manager can't find the specified secret.");
});
