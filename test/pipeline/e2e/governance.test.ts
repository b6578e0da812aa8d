// Governance keys through the real engine on localcloud over HTTP: the service role, notification
// topics, rollback triggers (alarm names made ARNs of each region), termination protection and the
// stack policy reach CloudFormation in every region, `plan` lists them, termination protection
// refuses a delete, and the stack policy refuses the replacement it denies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, DeleteStackCommand, DescribeStacksCommand, GetStackPolicyCommand } from '@aws-sdk/client-cloudformation';
import { buildPlan, formatPlan, parseConfig, startRun } from '../../../src/pipeline/index.js';
import { pipelineFixture } from '../../helpers/pipeline-fixture.js';
import { fleetConfig } from '../rollout/fleet.js';

const ROLE = 'arn:aws:iam::000000000000:role/cfn-exec';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:ops';
const POLICY = JSON.stringify({
  Statement: [
    { Effect: 'Allow', Action: 'Update:*', Principal: '*', Resource: '*' },
    { Effect: 'Deny', Action: 'Update:Replace', Principal: '*', Resource: 'LogicalResourceId/OrderEvents' },
  ],
}, null, 2);
const GOVERNED = [
  '    capabilities: [CAPABILITY_IAM]',
  `    roleArn: ${ROLE}`,
  '    stackPolicy: policies/app.json',
  `    notificationArns: [${TOPIC}]`,
  '    rollbackTriggers: { alarms: [api-errors], monitoringTime: 5m }',
  '    terminationProtection: true',
].join('\n');
const CONFIG = fleetConfig('  waves: [[us-east-1], [us-west-2, eu-west-1, ap-southeast-2]]').replace('    capabilities: [CAPABILITY_IAM]', GOVERNED);

test('governance keys reach CloudFormation in every region, plan lists them, protection refuses a delete, the policy refuses a replacement', async (t) => {
  const fx = await pipelineFixture({ 'meridian.yaml': CONFIG, 'policies/app.json': POLICY });
  t.after(() => fx.stop());
  const cfn = (region: string) => new CloudFormationClient({ region, endpoint: fx.cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'x' } });

  const lines = formatPlan(buildPlan(parseConfig(CONFIG, 'meridian.yaml')));
  assert.deepEqual(lines.slice(lines.indexOf('governance:')), [
    'governance:',
    `  shop-app: service role ${ROLE}; stack policy policies/app.json; notifications ${TOPIC}; rollback triggers api-errors (monitoring 5m); termination protection on`,
  ]);
  assert.deepEqual(buildPlan(parseConfig(CONFIG, 'meridian.yaml')).governance, [
    { stack: 'shop-app', roleArn: ROLE, stackPolicy: 'policies/app.json', notificationArns: [TOPIC], rollbackTriggers: { alarms: ['api-errors'], monitoringTimeMs: 300_000 }, terminationProtection: true },
  ]);

  const first = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(first.status, 'succeeded', first.reason);
  for (const region of ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2']) {
    const client = cfn(region);
    const s = (await client.send(new DescribeStacksCommand({ StackName: 'shop-app' }))).Stacks?.[0];
    assert.equal(s?.RoleARN, ROLE, region);
    assert.deepEqual(s?.NotificationARNs, [TOPIC], region);
    assert.deepEqual(s?.RollbackConfiguration, { RollbackTriggers: [{ Arn: `arn:aws:cloudwatch:${region}:000000000000:alarm:api-errors`, Type: 'AWS::CloudWatch::Alarm' }], MonitoringTimeInMinutes: 5 }, region);
    assert.equal(s?.EnableTerminationProtection, true, region);
    assert.equal((await client.send(new GetStackPolicyCommand({ StackName: 'shop-app' }))).StackPolicyBody, POLICY, region);
    // shop-config sets none of the keys: CloudFormation's defaults.
    const plain = (await client.send(new DescribeStacksCommand({ StackName: 'shop-config' }))).Stacks?.[0];
    assert.deepEqual([plain?.RoleARN, plain?.EnableTerminationProtection], [undefined, false], region);
    client.destroy();
  }
  const refused = await cfn('us-west-2').send(new DeleteStackCommand({ StackName: 'shop-app' })).catch((err: Error) => err);
  assert.ok(refused instanceof Error);
  assert.equal(refused.message, 'Stack [shop-app] cannot be deleted while TerminationProtection is enabled');

  // Naming the topic replaces it: the stage stack is created (a policy governs updates only), then
  // the production update in the first wave is refused by the policy and rolled back.
  const app = readFileSync(join(fx.repo, 'templates/app.yaml'), 'utf8');
  fx.commit({ 'templates/app.yaml': app.replace('      KmsMasterKeyId: alias/aws/sns', '      KmsMasterKeyId: alias/aws/sns\n      TopicName: !Sub ${AWS::StackName}-order-events') }, 'name the topic');
  const second = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
  assert.equal(second.status, 'failed');
  const cell = fx.store.listSteps(second.runId).find((s) => s.key === 'deploy:us-east-1:shop-app');
  assert.match(String(cell?.data.reason), /Action denied by stack policy: Statement \[#2\] does not allow \[Update:Replace\] for resource \[LogicalResourceId\/OrderEvents\]/);
  assert.equal(fx.store.listSteps(second.runId).find((s) => s.key === 'deploy:us-west-2')?.status, 'skipped');
});
