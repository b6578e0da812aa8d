// The cross-host differential test: the same commits through the local engine (CLI/server host:
// git, SQLite) and through the emitted Step Functions machine (aws-local-stepfunctions running the
// definition, the regional function's actions in-process, an S3 journal), each on a fresh
// localcloud. The CloudFormation calls that change something, per step, per region × stack (from
// localcloud's operations log), and each run's final status must be equal: one engine, two hosts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decide, parseConfig, startRun } from '../../src/pipeline/index.js';
import { pipelineFixture } from '../helpers/pipeline-fixture.js';
import { startSfnFixture, type Fault } from './sfn-fixture.js';

/** One commit of a scenario: files changed over the one before, what the approver says, a fault to inject first. */
interface Step {
  name: string;
  edits: Record<string, string>;
  decision: 'approve' | 'reject';
  fault?: Fault;
}

interface Operation {
  seq: number;
  region: string;
  service: string;
  action: string;
  stackName?: string;
}

/** The mutating CloudFormation calls of operations after `since`, as "region stack" -> actions in order. */
function cfnCalls(ops: Operation[], since: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const op of ops) {
    if (op.seq <= since || op.service !== 'cloudformation' || !op.stackName) continue;
    // A stack named by its id (a preview's REVIEW_IN_PROGRESS stack deleted) is the same stack by name.
    const name = /^arn:aws:cloudformation:[^:]+:\d+:stack\/([^/]+)\//.exec(op.stackName)?.[1] ?? op.stackName;
    (out[`${op.region} ${name}`] ??= []).push(op.action);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const operations = async (endpoint: string) => (await (await fetch(`${endpoint}/_localcloud/operations`)).json()) as Operation[];
const lastSeq = (ops: Operation[]) => ops.at(-1)?.seq ?? 0;
const injectFault = (endpoint: string, fault: Fault) =>
  fetch(`${endpoint}/_localcloud/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(fault) }).then((r) => assert.ok(r.ok));

interface Observed {
  status: string;
  calls: Record<string, string[]>;
}

/** The steps through the local engine: each a commit on main, `meridian run`, then approve or reject. */
async function throughLocalEngine(initial: Record<string, string>, steps: Step[]): Promise<Observed[]> {
  const fx = await pipelineFixture(initial);
  try {
    const out: Observed[] = [];
    for (const step of steps) {
      if (Object.keys(step.edits).length || out.length) fx.commit(step.edits, step.name);
      if (step.fault) await injectFault(fx.cloud.endpoint, step.fault);
      const since = lastSeq(await operations(fx.cloud.endpoint));
      let run = await startRun(fx.deps, { repo: fx.repo, ref: 'main' });
      if (run.status === 'awaiting-approval') run = await decide(fx.deps, run.runId, { kind: step.decision === 'approve' ? 'approved' : 'rejected', by: 'alice@example.com' });
      out.push({ status: run.status, calls: cfnCalls(await operations(fx.cloud.endpoint), since) });
    }
    return out;
  } finally {
    await fx.stop();
  }
}

/** The same steps through the Step Functions host: each commit a new version of the source zip, one execution each. */
async function throughStepFunctions(initial: Record<string, string>, steps: Step[]): Promise<Observed[]> {
  const sf = await startSfnFixture(initial);
  try {
    const out: Observed[] = [];
    for (const [i, step] of steps.entries()) {
      const files = await sf.commit(step.edits, `c${i}`);
      if (step.fault) await injectFault(sf.endpoint, step.fault);
      const since = lastSeq(await operations(sf.endpoint));
      const config = parseConfig(String(files['meridian.yaml']), 'meridian.yaml');
      await sf.execute(config, `exec-${i}`, `c${i}`, step.decision);
      out.push({ status: await sf.runStatus(config, `exec-${i}`), calls: cfnCalls(await operations(sf.endpoint), since) });
    }
    return out;
  } finally {
    await sf.stop();
  }
}

async function bothHostsAgree(initial: Record<string, string>, steps: Step[], expected: string[]): Promise<Observed[]> {
  const [local, aws] = await Promise.all([throughLocalEngine(initial, steps), throughStepFunctions(initial, steps)]);
  for (const [i, step] of steps.entries()) {
    assert.equal(local[i]?.status, expected[i], `${step.name}: the local engine's run`);
    assert.equal(aws[i]?.status, expected[i], `${step.name}: the Step Functions run`);
    assert.deepEqual(aws[i]?.calls, local[i]?.calls, `${step.name}: the CloudFormation calls per region and stack`);
  }
  return local;
}

const EXAMPLE_CONFIG = readFileSync(join(import.meta.dirname, '../../examples/shop-infra/meridian.yaml'), 'utf8');
const EXAMPLE_CONFIG_TEMPLATE = readFileSync(join(import.meta.dirname, '../../examples/shop-infra/templates/config.yaml'), 'utf8');

describe('one engine, two hosts: the same calls per region and stack', () => {
  it('a first deploy of two dependent stacks; the same tree again; a parameter-only change rejected', async () => {
    const steps: Step[] = [
      { name: 'first deploy', edits: {}, decision: 'approve' },
      { name: 'no change', edits: {}, decision: 'approve' },
      { name: 'parameter only, rejected', edits: { 'meridian.yaml': EXAMPLE_CONFIG.replace('Greeting: hello', 'Greeting: howdy') }, decision: 'reject' },
    ];
    const local = await bothHostsAgree({}, steps, ['succeeded', 'no-changes', 'rejected']);
    // The calls compared are the ones that matter: shop-app follows shop-config in each region, and
    // the rejection puts the stage stack back (a second update of it), production untouched.
    const first = local[0]?.calls ?? {};
    assert.deepEqual(Object.keys(first).filter((k) => k.startsWith('us-east-1')), ['us-east-1 shop-app', 'us-east-1 shop-app-stage', 'us-east-1 shop-config', 'us-east-1 shop-config-stage']);
    assert.deepEqual(local[1]?.calls, Object.fromEntries(Object.entries(local[1]?.calls ?? {}).filter(([, a]) => a.every((x) => x === 'CreateChangeSet' || x === 'DeleteChangeSet'))), 'no change: previews only');
    assert.deepEqual(local[2]?.calls['us-east-1 shop-app-stage']?.filter((a) => a === 'ExecuteChangeSet').length, 2, 'staged, then reverted');
    assert.equal(local[2]?.calls['us-east-1 shop-app']?.includes('ExecuteChangeSet'), false);
  });

  it('a wave failure with onFailure: rollback, where one stack existed before the run', async () => {
    const configOnly = EXAMPLE_CONFIG.replace(/  - name: shop-app[\s\S]*?(?=stage:)/, '').replace('approval:\n', 'rollout: { onFailure: rollback }\napproval:\n');
    const steps: Step[] = [
      { name: 'shop-config alone', edits: { 'meridian.yaml': configOnly }, decision: 'approve' },
      {
        name: 'shop-app added and shop-config changed; eu-west-1 fails',
        edits: { 'meridian.yaml': EXAMPLE_CONFIG.replace('approval:\n', 'rollout: { onFailure: rollback }\napproval:\n'), 'templates/config.yaml': EXAMPLE_CONFIG_TEMPLATE.replace('search=on', 'search=v2') },
        decision: 'approve',
        fault: { region: 'eu-west-1', resourceType: 'AWS::Lambda::Function', operation: 'create', message: 'injected failure' },
      },
    ];
    const local = await bothHostsAgree({}, steps, ['succeeded', 'rolled-back']);
    // shop-config existed before the run: rolled back by an update, never deleted; shop-app, new, is deleted.
    const calls = local[1]?.calls ?? {};
    for (const region of ['us-east-1', 'us-west-2']) {
      assert.equal(calls[`${region} shop-config`]?.includes('DeleteStack'), false, region);
      assert.equal(calls[`${region} shop-app`]?.at(-1), 'DeleteStack', region);
    }
  });

  it('a nested stack whose nested change set cannot be planned deploys through the -flat change set', async () => {
    const nested = {
      'meridian.yaml': [
        'pipeline: nest',
        'cloud: local',
        'source: { branch: main }',
        'regions: { primary: us-east-1, secondaries: [eu-west-1] }',
        'stacks:',
        '  - name: nest-app',
        '    template: templates/parent.yaml',
        'stage: { retain: true }',
        'drift: { onDrift: block }',
        'approval: { required: true, approvers: [] }',
        '',
      ].join('\n'),
      // The child's parameter is only known once the parent's queue exists; planning the nested
      // change set with a placeholder fails its pattern, as AWS fails such hierarchies.
      'templates/parent.yaml': ['Resources:', '  Queue:', '    Type: AWS::SQS::Queue', '  Child:', '    Type: AWS::CloudFormation::Stack', '    Properties:', '      TemplateURL: child.yaml', '      Parameters:', '        QueueArn: !GetAtt Queue.Arn', 'Outputs:', '  Marker:', '    Value: !GetAtt Child.Outputs.Marker', ''].join('\n'),
      'templates/child.yaml': ['Parameters:', '  QueueArn:', '    Type: String', "    AllowedPattern: 'arn:aws:sqs:.+'", 'Resources:', '  Marker:', '    Type: AWS::SSM::Parameter', '    Properties:', '      Type: String', '      Value: !Ref QueueArn', 'Outputs:', '  Marker:', '    Value: !Ref Marker', ''].join('\n'),
    };
    const local = await bothHostsAgree(nested, [{ name: 'first deploy', edits: {}, decision: 'approve' }], ['succeeded']);
    // Preview and deploy each make the nested change set, which fails, discard it (and its
    // REVIEW_IN_PROGRESS stack), then make the flat one; the deploy executes that.
    const tried = ['CreateChangeSet', 'DeleteChangeSet', 'DeleteStack'];
    assert.deepEqual(local[0]?.calls['eu-west-1 nest-app'], [...tried, ...tried, ...tried, 'CreateChangeSet', 'ExecuteChangeSet']);
  });
});
