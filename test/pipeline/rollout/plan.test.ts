// The rollout plan from meridian.yaml alone: waves (explicit, derived, per-wave settings), tolerance
// counts, the stack DAG per region, accounts, and the config errors cross-region values cause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan, ConfigError, formatPlan, parseConfig, toleranceCount } from '../../../src/pipeline/index.js';

const base = (rollout: string, extra = '') => `pipeline: fleet
regions: { primary: us-east-1, secondaries: [us-west-2, eu-west-1, ap-southeast-2, eu-central-1] }
${extra}
stacks:
  - name: net
    template: net.yaml
  - name: logs
    template: logs.yaml
  - name: app
    template: app.yaml
    dependsOn: [net]
    parameters:
      LogBucket: { output: { stack: logs, name: Bucket } }
    secondaryParameters:
      PrimaryArn: { output: { stack: app, region: primary, name: Arn } }
rollout:
${rollout}
`;

test('derived waves: the primary alone, then every secondary; defaults apply to both', () => {
  const plan = buildPlan(parseConfig(base('  maxConcurrent: 3\n  failureTolerance: "50%"'), 'meridian.yaml'));
  assert.deepEqual(plan.waves.map((w) => w.regions.map((r) => r.region)), [['us-east-1'], ['us-west-2', 'eu-west-1', 'ap-southeast-2', 'eu-central-1']]);
  assert.deepEqual(plan.waves.map((w) => [w.maxConcurrent, w.failureTolerance]), [[3, 0], [3, 2]], '50% of 1 region is 0, of 4 regions is 2');
});

test('explicit waves keep maxConcurrent and failureTolerance independent per wave', () => {
  const config = parseConfig(
    base(`  maxConcurrent: 1
  failureTolerance: 0
  waves:
    - [us-east-1]
    - { regions: [us-west-2, eu-west-1], maxConcurrent: 2 }
    - { regions: [ap-southeast-2, eu-central-1], failureTolerance: 1 }`),
    'meridian.yaml',
  );
  assert.deepEqual(config.rollout.waves, [['us-east-1'], ['us-west-2', 'eu-west-1'], ['ap-southeast-2', 'eu-central-1']], 'waves stay region lists for every reader');
  const plan = buildPlan(config);
  assert.deepEqual(plan.waves.map((w) => [w.wave, w.maxConcurrent, w.failureTolerance]), [[1, 1, 0], [2, 2, 0], [3, 1, 1]]);
});

test('stacks form a DAG per region: independent stacks share a level, dependents wait', () => {
  const plan = buildPlan(parseConfig(base('  maxConcurrent: 1'), 'meridian.yaml'));
  const east = plan.waves[0]?.regions[0];
  assert.deepEqual(east?.stacks.map((s) => [s.stack, s.level, s.after.sort()]), [['net', 0, []], ['logs', 0, []], ['app', 1, ['logs', 'net']]]);
  assert.deepEqual(plan.waves[1]?.regions[0]?.reads, ['us-east-1'], 'a secondary reads the primary');
  const text = formatPlan(plan).join('\n');
  assert.match(text, /1\. net \| logs\n\s+2\. app \(after net, logs\)/);
});

test('tolerance: a count stays a count, a percentage rounds down', () => {
  assert.equal(toleranceCount(2, 10), 2);
  assert.equal(toleranceCount('25%', 10), 2);
  assert.equal(toleranceCount('25%', 3), 0);
  assert.equal(toleranceCount('100%', 3), 3);
});

test('a region reading a value from a region of the same or a later wave is a config error', () => {
  const text = base(
    '  waves: [[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2, eu-central-1]]',
  ).replace('      PrimaryArn: { output: { stack: app, region: primary, name: Arn } }', '      PrimaryArn: { output: { stack: app, region: primary, name: Arn } }\n    regionParameters:\n      us-west-2: { Peer: { ssm: { name: /x, region: eu-west-1 } } }\n      eu-west-1: { Far: { output: { stack: net, region: eu-central-1, name: Id } } }');
  assert.throws(
    () => parseConfig(text, 'meridian.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      const fields = e.issues.map((i) => i.field).sort();
      assert.deepEqual(fields, ['stacks[2].regionParameters.eu-west-1.Far.output.region', 'stacks[2].regionParameters.us-west-2.Peer.ssm.region']);
      assert.match(e.message, /app in eu-west-1 \(wave 2\) reads an output of net in eu-central-1 \(wave 3\); eu-central-1 must deploy in an earlier wave/);
      assert.ok(e.issues.every((i) => i.line > 0));
      return true;
    },
  );
  // The same reads are fine once the regions they read deploy earlier.
  const ok = text.replace('[[us-east-1], [us-west-2, eu-west-1], [ap-southeast-2, eu-central-1]]', '[[us-east-1], [eu-central-1], [eu-west-1], [us-west-2, ap-southeast-2]]');
  assert.deepEqual(buildPlan(parseConfig(ok, 'meridian.yaml')).waves.find((w) => w.wave === 4)?.regions[0]?.reads.sort(), ['eu-west-1', 'us-east-1']);
});

test('an output of a stack not deployed in that region, and a region in two accounts, are config errors', () => {
  const text = base('  maxConcurrent: 1', 'accounts:\n  a: { id: "111111111111", regions: [us-west-2] }\n  b: { id: "222222222222", role: "arn:aws:iam::222222222222:role/deploy", regions: [us-west-2, eu-west-1] }')
    .replace('  - name: logs\n    template: logs.yaml', '  - name: logs\n    template: logs.yaml\n    regions: [us-east-1]');
  assert.throws(
    () => parseConfig(text, 'meridian.yaml'),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /accounts\.b\.regions\[0\]: us-west-2 already deploys to account a/);
      assert.match(e.message, /stacks\[2\]\.parameters\.LogBucket\.output\.stack: stack logs is not deployed in us-west-2/);
      return true;
    },
  );
});

test('accounts: each region plans with its account', () => {
  const text = base('  maxConcurrent: 1', 'accounts:\n  b: { id: "222222222222", role: "arn:aws:iam::222222222222:role/deploy", regions: [eu-west-1] }');
  const plan = buildPlan(parseConfig(text, 'meridian.yaml'));
  const eu = plan.waves[1]?.regions.find((r) => r.region === 'eu-west-1');
  assert.deepEqual(eu?.account, { name: 'b', id: '222222222222', role: 'arn:aws:iam::222222222222:role/deploy' });
  assert.equal(plan.waves[0]?.regions[0]?.account, undefined, 'other regions use the caller account');
});

test('`meridian plan --json` prints the plan of meridian.yaml without deploying', async (t) => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { main } = await import('../../../src/cli/main.js');
  const dir = mkdtempSync(join(tmpdir(), 'meridian-plan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const name of ['net', 'logs', 'app']) writeFileSync(join(dir, `${name}.yaml`), 'Resources: {}\n');
  writeFileSync(join(dir, 'meridian.yaml'), base('  waves: [[us-east-1], { regions: [us-west-2, eu-west-1], maxConcurrent: 2 }, [ap-southeast-2, eu-central-1]]'));
  const out: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  let code: number;
  try {
    code = await main(['plan', '--repo', dir, '--json']);
  } finally {
    process.stdout.write = write;
  }
  assert.equal(code, 0);
  const plan = JSON.parse(out.join('')) as { waves: { wave: number; maxConcurrent: number; regions: { region: string; stacks: { stack: string }[] }[] }[] };
  assert.deepEqual(plan.waves.map((w) => [w.wave, w.maxConcurrent, w.regions.map((r) => r.region)]), [[1, 1, ['us-east-1']], [2, 2, ['us-west-2', 'eu-west-1']], [3, 1, ['ap-southeast-2', 'eu-central-1']]]);
  assert.deepEqual(plan.waves[0]?.regions[0]?.stacks.map((s) => s.stack), ['net', 'logs', 'app']);
});

test('a region of another account is reached through its role, with a session name that names the run', async () => {
  const { accountRouter } = await import('../../../src/pipeline/rollout/accounts.js');
  const config = parseConfig(base('  maxConcurrent: 1', 'accounts:\n  b: { id: "222222222222", role: "arn:aws:iam::222222222222:role/deploy", regions: [eu-west-1] }'), 'meridian.yaml');
  const route = accountRouter(config, 'r20261122T201500-3fa9');
  assert.deepEqual(route({ region: 'eu-west-1' }), { region: 'eu-west-1', roleArn: 'arn:aws:iam::222222222222:role/deploy', sessionName: 'meridian-r20261122T201500-3fa9' });
  assert.deepEqual(route({ region: 'us-east-1' }), { region: 'us-east-1' }, 'the caller account needs no role');
  assert.deepEqual(route({ region: 'eu-west-1', roleArn: 'arn:aws:iam::333333333333:role/x' }).roleArn, 'arn:aws:iam::333333333333:role/x', 'an explicit role is kept');
});
