// The demo's two gates (issue 14): a physical name the stage stack and production would both claim,
// refused at Validate before any stack operation, and a bake between waves that an alarm closes.
// The alarm is made and flipped through the real CloudWatch client, as an on-call engineer would with
// `aws cloudwatch put-metric-alarm` / `set-alarm-state`; an endpoint without CloudWatch alarms
// (docs/localstack.md) gets a line saying the bake gate is left out, and the fix rolls out without it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as CloudWatch from '@aws-sdk/client-cloudwatch';
import type { EventSink, PipelineDeps } from '../../pipeline/index.js';

export type Credentials = { accessKeyId: string; secretAccessKey: string } | undefined;

/** What the demo's story gives its steps: where the repository is, how to commit, print and check. */
export interface DemoStory {
  repo: string;
  deps: PipelineDeps;
  credentials: Credentials;
  write(text: string): void;
  title(n: number, text: string): void;
  expect(what: string, got: string, want: string, note?: string): void;
  /** Writes the files (relative paths) and commits them as the demo's developer. */
  commit(message: string, files: Record<string, string>): void;
  /** Sees every event of the runs the story starts, after the printer (undefined: stop watching). */
  watch(sink: EventSink | undefined): void;
}

const ALICE = 'alice@example.com';
const FIXED_NAME = '/shop/checkout-limits';
const ALARM = 'shop-orders-backlog';
const PRIMARY = 'us-east-1';
// The bake is the demo's only wait on the real clock: one poll interval (the least allowed) is enough
// for the alarm flipped at its start to be read.
const BAKE = `\nrollout:\n  onFailure: rollback\n  bake: { duration: 1s, pollInterval: 1s, alarms: [${ALARM}] }\n`;

const checkoutLimits = (name: string) =>
  `  CheckoutLimits:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Name: ${name}\n      Type: String\n      Value: max-items=50\n      Description: Limits the checkout service enforces.\n`;

/** config.yaml with the checkout limits parameter named `name`, before the Outputs. */
function configWith(repo: string, name: string): string {
  const text = readFileSync(join(repo, 'templates/config.yaml'), 'utf8').replace(/  CheckoutLimits:\n(?: {4,}.*\n)+/, '');
  return text.replace('\nOutputs:\n', `\n${checkoutLimits(name)}Outputs:\n`);
}

/** Step `n`: a parameter with a fixed name is refused at Validate, with the rule, its line and the fix. */
export async function nameCollisionStep(story: DemoStory, n: number): Promise<void> {
  const { startRun, runView } = await import('../../pipeline/index.js');
  story.title(n, `A parameter with a fixed name: Validate refuses the run before any stack operation`);
  story.commit('config: checkout limits', { 'templates/config.yaml': configWith(story.repo, FIXED_NAME) });
  story.write(`\ntemplates/config.yaml names a new SSM parameter ${FIXED_NAME}. The stage stack shop-config-stage and shop-config both deploy to ${PRIMARY}, where SSM names are unique:\n`);
  const run = await startRun(story.deps, { repo: story.repo, ref: 'main' });
  const view = runView(story.deps.store, run.runId);
  const finding = (view?.validation?.findings as { ruleId?: string; file?: string; line?: number; column?: number }[] | undefined)?.find((f) => f.ruleId === 'M1002');
  // Steps are journaled before their side effects: none of these means no stack was touched.
  const touched = view?.steps.filter((s) => ['preview', 'stage', 'deploy'].includes(s.stage)) ?? [];
  const got = !finding ? `${run.status} without M1002` : touched.length ? `${run.status} after ${touched[0]?.stage} started` : run.status;
  story.expect('name collision refused at Validate', got, 'failed', finding ? `M1002 at ${finding.file}:${finding.line}:${finding.column}, no stack operation` : undefined);
}

/** Whether the production parameter exists in the primary region (the rollback removes what the run added). */
async function parameterExists(story: DemoStory, name: string): Promise<boolean> {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const ssm = new SSMClient({ region: PRIMARY, endpoint: story.deps.endpoint, ...(story.credentials ? { credentials: story.credentials } : {}) });
  try {
    return await ssm.send(new GetParameterCommand({ Name: name })).then(
      () => true,
      (err: { name?: string }) => {
        if (err.name === 'ParameterNotFound') return false;
        throw err;
      },
    );
  } finally {
    ssm.destroy();
  }
}

type CloudWatchModule = typeof CloudWatch;

/** An endpoint that does not serve CloudWatch alarms answers 501 or names the action unknown. */
function unsupported(err: unknown): string | undefined {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const text = `${e.name ?? 'Error'}: ${e.message ?? ''}`;
  return e.$metadata?.httpStatusCode === 501 || /not (yet )?implemented|unknown ?operation|invalid ?action/i.test(text) ? text : undefined;
}

/** The on-call's alarm on the orders queue in the primary region; undefined when it could be made. */
async function makeAlarm(cw: InstanceType<CloudWatchModule['CloudWatchClient']>, sdk: CloudWatchModule): Promise<string | undefined> {
  try {
    await cw.send(
      new sdk.PutMetricAlarmCommand({
        AlarmName: ALARM,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: 'shop-app-OrdersQueue' }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 100,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    return undefined;
  } catch (err) {
    const why = unsupported(err);
    if (why) return why;
    throw err;
  }
}

/** Step `n`: the fix passes Validate; during the bake after wave 1 the alarm goes off, and the rollout stops. */
export async function bakeGateStep(story: DemoStory, n: number): Promise<void> {
  const { startRun, decide } = await import('../../pipeline/index.js');
  const sdk = await import('@aws-sdk/client-cloudwatch');
  const cw = new sdk.CloudWatchClient({ region: PRIMARY, endpoint: story.deps.endpoint, maxAttempts: 2, ...(story.credentials ? { credentials: story.credentials } : {}) });
  try {
    const noAlarms = await makeAlarm(cw, sdk);
    story.title(n, noAlarms ? 'The fix goes through Validate (no bake gate: this endpoint has no CloudWatch alarms)' : `The fix, with a bake gate: an alarm goes off while ${PRIMARY} bakes, so wave 2 never starts and ${PRIMARY} rolls back`);
    const fixed = configWith(story.repo, '!Sub /shop/${AWS::StackName}/checkout-limits');
    if (noAlarms) {
      story.write(`\nThis endpoint has no CloudWatch alarms (${noAlarms}): the bake gate is left out, and the fix rolls out without one.\n`);
      story.commit('config: checkout limits named per stack', { 'templates/config.yaml': fixed });
    } else {
      story.write(`\nThe fix names the parameter per stack (!Sub /shop/\${AWS::StackName}/checkout-limits), and meridian.yaml bakes 1s after wave 1 watching ${ALARM} (made in ${PRIMARY} with PutMetricAlarm):\n${BAKE.trim()}\n`);
      const config = `${readFileSync(join(story.repo, 'meridian.yaml'), 'utf8').trimEnd()}\n${BAKE}`;
      story.commit(`config: checkout limits named per stack; bake 1s after wave 1 watching ${ALARM}`, { 'templates/config.yaml': fixed, 'meridian.yaml': config });
    }
    const run = await startRun(story.deps, { repo: story.repo, ref: 'main' });
    story.expect('run with the fix waits for approval', run.status, 'awaiting-approval');
    if (noAlarms) {
      const out = await decide(story.deps, run.runId, { kind: 'approved', by: ALICE, comment: 'checkout limits' });
      story.expect('rollout without a bake gate', out.status, 'succeeded', 'the endpoint has no CloudWatch alarms');
      return;
    }
    // The on-call sees the backlog grow once wave 1 is out: the alarm is set by hand during the bake.
    let flipped: Promise<unknown> | undefined;
    story.watch((_runId, e) => {
      if (flipped || e.type !== 'log' || e.stage !== 'deploy' || !/^wave 1 deployed; baking/.test(e.message)) return;
      story.write(`  ${e.message}\n  on call: ${ALARM} set to ALARM in ${PRIMARY} (SetAlarmState, as aws cloudwatch set-alarm-state does)\n`);
      flipped = cw.send(new sdk.SetAlarmStateCommand({ AlarmName: ALARM, StateValue: 'ALARM', StateReason: 'orders backlog 250 > 100, set by hand' })).catch((err: Error) => err);
    });
    story.write(`\n${ALICE} approves: wave 1 is ${PRIMARY}, then the bake, then wave 2 (us-west-2, eu-west-1):\n`);
    const out = await decide(story.deps, run.runId, { kind: 'approved', by: ALICE, comment: 'checkout limits' });
    story.watch(undefined);
    const flipError = await flipped;
    if (out.status === 'rolled-back') story.write(`\nThe alarm closed the gate: us-west-2 and eu-west-1 never started, ${PRIMARY} went back to its approved record (the deploy row after the skipped ones) and the stage stacks to theirs.\n`);
    const restored = out.status === 'rolled-back' ? !(await parameterExists(story, '/shop/shop-config/checkout-limits')) : false;
    const reason = out.reason ?? '';
    const stopped = [`alarm ${ALARM} is in ALARM in ${PRIMARY}`, 'not started: us-west-2, eu-west-1', `rolled back: ${PRIMARY}`].every((part) => reason.includes(part));
    let got: string = out.status;
    if (flipError instanceof Error) got = `${out.status} (SetAlarmState failed: ${flipError.message})`;
    else if (out.status === 'rolled-back' && !stopped) got = `${out.status}: ${reason}`;
    else if (out.status === 'rolled-back' && !restored) got = `${out.status}, but shop-config's new parameter is still in ${PRIMARY}`;
    story.expect('bake gate', got, 'rolled-back', `${ALARM} in ALARM after wave 1: us-west-2, eu-west-1 not started, ${PRIMARY} back to its approved record`);
  } finally {
    cw.destroy();
  }
}
