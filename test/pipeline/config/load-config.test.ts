import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig, parseDuration } from '../../../src/pipeline/index.js';

const FULL = `pipeline: shop-infra
source: { branch: main }
accounts:
  prod: { id: "111111111111", role: "arn:aws:iam::111111111111:role/meridian-deploy" }
regions: { primary: us-east-1, secondaries: [us-west-2, eu-west-1] }
stacks:
  - name: shop-network
    template: templates/network.yaml
  - name: shop-app
    template: templates/app.yaml
    dependsOn: [shop-network]
    capabilities: [CAPABILITY_IAM]
    tags: { team: shop }
    parameters:
      InstanceType: t3.small
      VpcId: { output: { stack: shop-network, name: VpcId } }
    secondaryParameters:
      PrimaryBucketArn: { output: { stack: shop-app, region: primary, name: BucketArn } }
    regionParameters: { eu-west-1: { InstanceType: t3.micro } }
stage: { retain: false }
validation: { failOn: error }
drift: { onDrift: block }
approval:
  required: true
  timeout: 7d
  approvers: [alice@example.com, bob@example.com]
  allowSelfApproval: false
rollout:
  waves: [[us-east-1], [us-west-2, eu-west-1]]
  maxConcurrent: 2
  failureTolerance: 0
  onFailure: stop
  retries: { attempts: 3, backoff: 2s }
notifications: [{ webhook: "https://hooks.example/x", on: [approval, failed, succeeded, drift] }]
server: { pollInterval: 60s, webhookSecret: { env: MERIDIAN_WEBHOOK_SECRET } }
`;

function issuesOf(text: string, exists?: (p: string) => boolean) {
  try {
    parseConfig(text, 'meridian.yaml', exists);
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.issues;
  }
  assert.fail('expected a ConfigError');
}

test('the documented meridian.yaml is accepted with its values', () => {
  const c = parseConfig(FULL, 'meridian.yaml');
  assert.equal(c.pipeline, 'shop-infra');
  assert.deepEqual(c.regions.secondaries, ['us-west-2', 'eu-west-1']);
  assert.equal(c.approval.timeout, 7 * 86_400_000);
  assert.equal(c.rollout.retries.backoff, 2000);
  assert.equal(c.server.pollInterval, 60_000);
  assert.deepEqual(c.stacks[1]?.parameters.VpcId, { output: { stack: 'shop-network', name: 'VpcId' } });
  assert.equal(c.stacks[0]?.dependsOn.length, 0);
});

test('defaults fill a minimal config', () => {
  const c = parseConfig('pipeline: p\nregions: { primary: eu-west-1 }\nstacks: [{ name: s, template: t.yaml }]\n', 'm.yaml');
  assert.equal(c.source.branch, 'main');
  assert.equal(c.approval.required, true);
  assert.equal(c.approval.allowSelfApproval, false);
  assert.equal(c.drift.onDrift, 'block');
  assert.equal(c.rollout.maxConcurrent, 1);
  assert.equal(c.stage.retain, false);
});

test('schema errors name the field, line and column', () => {
  const issues = issuesOf('pipeline: Shop_Infra\nregions: { primary: us-east-1 }\nstacks:\n  - name: s\n    template: t.yaml\n    capabilites: [CAPABILITY_IAM]\napproval: { timeout: soon }\n');
  const byField = Object.fromEntries(issues.map((i) => [i.field, i]));
  assert.equal(byField.pipeline?.line, 1);
  assert.match(byField.pipeline?.message ?? '', /lowercase/);
  assert.deepEqual([byField['stacks[0].capabilites']?.line, byField['stacks[0].capabilites']?.column], [6, 5]);
  assert.match(byField['stacks[0].capabilites']?.message ?? '', /unknown key 'capabilites'/);
  assert.equal(byField['approval.timeout']?.line, 7);
  assert.match(byField['approval.timeout']?.message ?? '', /not a duration/);
});

test('cross-field errors: unknown stacks, cycles, regions, waves, missing templates', () => {
  const text = `pipeline: p
regions: { primary: us-east-1, secondaries: [us-east-1, eu-west-1] }
stacks:
  - name: a
    template: a.yaml
    dependsOn: [b]
  - name: b
    template: missing.yaml
    dependsOn: [a, c]
    parameters:
      X: { output: { stack: zz, name: Out } }
rollout:
  waves: [[eu-west-1], [us-east-1, ap-south-1]]
`;
  const issues = issuesOf(text, (p) => p !== 'missing.yaml');
  const messages = issues.map((i) => `${i.line}:${i.field}: ${i.message}`);
  assert.ok(messages.includes('2:regions.secondaries[0]: us-east-1 is the primary region; list it only once'), messages.join('\n'));
  assert.ok(messages.includes("8:stacks[1].template: template file 'missing.yaml' does not exist"));
  assert.ok(messages.includes("9:stacks[1].dependsOn[1]: unknown stack 'c'"));
  assert.ok(messages.includes("11:stacks[1].parameters.X.output.stack: unknown stack 'zz'"));
  assert.ok(messages.some((m) => m.includes('cycle: a -> b -> a')));
  assert.ok(messages.some((m) => m.includes("ap-south-1 is not one of the pipeline's regions")));
  assert.ok(messages.some((m) => m.includes('the first wave must contain the primary region us-east-1')));
});

test('YAML syntax errors in meridian.yaml carry a position', () => {
  const issues = issuesOf('pipeline: p\nregions:\n  - a\n  b: 1\n');
  assert.equal(issues[0]?.line, 4);
});

test('durations', () => {
  assert.equal(parseDuration('1h30m'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('7 days'), undefined);
});

test('server.s3Trigger: an s3:// object and a region; anything else is named by field and line', () => {
  const ok = parseConfig(FULL.replace('server: { pollInterval: 60s', 'server: { s3Trigger: { object: "s3://releases/shop/latest.txt" }, pollInterval: 60s'), 'meridian.yaml');
  assert.deepEqual(ok.server.s3Trigger, { object: 's3://releases/shop/latest.txt', region: 'us-east-1' });
  const issues = issuesOf(FULL.replace('server: { pollInterval: 60s', 'server: { s3Trigger: { object: "https://x/y", region: Ohio }, pollInterval: 60s'));
  const byField = Object.fromEntries(issues.map((i) => [i.field, i]));
  assert.match(byField['server.s3Trigger.object']?.message ?? '', /s3:\/\/bucket\/key/);
  assert.match(byField['server.s3Trigger.region']?.message ?? '', /region name/);
  assert.equal(byField['server.s3Trigger.object']?.line, FULL.split('\n').findIndex((l) => l.startsWith('server:')) + 1);
});
