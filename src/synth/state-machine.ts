// The Step Functions definition (Amazon States Language, JSONPath) of one pipeline, with the local
// engine's stages in its order: Package -> Validate -> Preview -> Stage -> Drift -> Approval ->
// waves -> Record, and Revert when the approval is refused or times out. Regional work goes to one
// Lambda function (`${RegionalFunctionArn}`, a DefinitionSubstitutions key), because Step
// Functions' own SDK integrations only reach their own region.
import type { SynthPlan, RegionTarget, Wave } from './plan.js';

export type AslState = Record<string, unknown>;
export interface AslDefinition {
  Comment: string;
  StartAt: string;
  States: Record<string, AslState>;
}

/** Substitution keys the template fills in (DefinitionSubstitutions). */
export const FUNCTION_ARN = '${RegionalFunctionArn}';
export const DEPLOYMENT_ROLE = '${DeploymentRoleArn}';

/** Errors worth another attempt: the function's transient AWS errors and Lambda's own. */
const TRANSIENT = ['Meridian.Transient', 'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];
const ARTIFACTS = '$.run.value.artifacts';

type Next = string | { end: true };
const next = (n: Next) => (typeof n === 'string' ? { Next: n } : { End: true });

function retryOf(plan: SynthPlan): AslState {
  if (plan.retry.maxAttempts < 1) return {};
  return { Retry: [{ ErrorEquals: TRANSIENT, IntervalSeconds: plan.retry.intervalSeconds, MaxAttempts: plan.retry.maxAttempts, BackoffRate: 2, JitterStrategy: 'FULL' }] };
}

const roleOf = (t: RegionTarget) => (typeof t.roleArn === 'string' ? t.roleArn : DEPLOYMENT_ROLE);
const primaryOf = (plan: SynthPlan) => plan.regions.find((r) => r.region === plan.home) as RegionTarget;

/** A Task state that invokes the regional function; its answer lands at `resultPath` as `{ value }`. */
function invoke(plan: SynthPlan, payload: Record<string, unknown>, resultPath: string | null, then: Next): AslState {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: FUNCTION_ARN, Payload: payload },
    ResultSelector: { 'value.$': '$.Payload' },
    ResultPath: resultPath,
    ...retryOf(plan),
    ...next(then),
  };
}

/** Payload fields that put the task in the primary region (stage, approval, revert). */
function primaryPayload(plan: SynthPlan, action: string): Record<string, unknown> {
  const p = primaryOf(plan);
  return { action, 'runId.$': '$$.Execution.Name', region: p.region, roleArn: roleOf(p) };
}

/** The task inside a per-region Map: the function's answer is the iteration's output. */
function regionTask(plan: SynthPlan, action: string, copied: string[]): AslState {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: FUNCTION_ARN,
      Payload: { action, 'runId.$': '$.runId', 'region.$': '$.region', 'roleArn.$': '$.roleArn', 'artifacts.$': '$.artifacts', ...Object.fromEntries(copied.map((k) => [`${k}.$`, `$.${k}`])) },
    },
    OutputPath: '$.Payload',
    ...retryOf(plan),
    End: true,
  };
}

/** An inline Map over region targets (preview, drift, record, rollback). */
function everyRegion(plan: SynthPlan, action: string, resultPath: string | null, then: string, options: { extra?: Record<string, string>; itemsPath?: string; taskName?: string } = {}): AslState {
  const extra = options.extra ?? {};
  const taskName = options.taskName ?? action;
  return {
    Type: 'Map',
    ItemsPath: options.itemsPath ?? '$.plan.regions',
    ItemSelector: {
      'runId.$': '$$.Execution.Name', 'region.$': '$$.Map.Item.Value.region', 'roleArn.$': '$$.Map.Item.Value.roleArn', 'artifacts.$': ARTIFACTS,
      ...Object.fromEntries(Object.entries(extra).map(([k, path]) => [`${k}.$`, path])),
    },
    ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: taskName, States: { [taskName]: regionTask(plan, action, Object.keys(extra)) } },
    ResultPath: resultPath,
    Next: then,
  };
}

/**
 * Deploys one region: call the function, and call again while it answers 'in-progress' (a stack
 * operation longer than one invocation), then go on or fail the region.
 */
function deployLoop(plan: SynthPlan, name: string, payload: Record<string, unknown>, ok: Next, failed: string): Record<string, AslState> {
  const [call, check, again] = [name, `${name}: done?`, `${name}: continue`];
  return {
    [`${name}: start`]: { Type: 'Pass', Result: { cursor: { done: [] } }, ResultPath: '$.deploy', Next: call },
    [call]: invoke(plan, { ...payload, action: 'deploy-region', 'artifacts.$': '$.artifacts', 'cursor.$': '$.deploy.cursor' }, '$.deployResult', check),
    [check]: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.deployResult.value.status', StringEquals: 'in-progress', Next: again },
        { Variable: '$.deployResult.value.status', StringEquals: 'failed', Next: failed },
      ],
      ...(typeof ok === 'string' ? { Default: ok } : { Default: `${name}: succeeded` }),
    },
    [again]: { Type: 'Pass', InputPath: '$.deployResult.value', ResultPath: '$.deploy', Next: call },
    ...(typeof ok === 'string' ? {} : { [`${name}: succeeded`]: { Type: 'Succeed' } }),
  };
}

/** One wave: a Distributed Map over its regions, so tolerance is Step Functions' own. */
function waveState(plan: SynthPlan, wave: Wave, index: number, then: string, failed: string): AslState {
  const region = `Wave ${index + 1} region`;
  const tolerance = 'count' in wave.tolerance ? { ToleratedFailureCount: wave.tolerance.count } : { ToleratedFailurePercentage: wave.tolerance.percent };
  return {
    Type: 'Map',
    Label: `Wave${index + 1}`,
    ItemsPath: `$.plan.waves[${index}]`,
    MaxConcurrency: wave.maxConcurrency,
    ...tolerance,
    ItemSelector: { 'runId.$': '$$.Execution.Name', 'region.$': '$$.Map.Item.Value.region', 'roleArn.$': '$$.Map.Item.Value.roleArn', 'artifacts.$': ARTIFACTS },
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      // State names are unique across the whole machine, Map processors included.
      StartAt: `${region}: start`,
      States: {
        ...deployLoop(plan, region, { 'runId.$': '$.runId', 'region.$': '$.region', 'roleArn.$': '$.roleArn', variant: 'production' }, { end: true }, `${region} failed`),
        [`${region} failed`]: { Type: 'Fail', Error: 'Meridian.RegionFailed', Cause: 'a stack of this region failed to deploy' },
      },
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: plan.config.rollout.onFailure === 'rollback' ? rollbackName(index) : failed }],
    Next: then,
  };
}

const rollbackName = (index: number) => `Roll back waves 1-${index + 1}`;

/** rollout.onFailure rollback: every region of the waves so far goes back to its last approved artifact. */
function rollbackState(plan: SynthPlan, index: number, then: string): AslState {
  return everyRegion(plan, 'rollback', '$.rollback', then, { itemsPath: `$.plan.rollback[${index}]`, taskName: `Roll back region (waves 1-${index + 1})` });
}

type NoticeKind = 'succeeded' | 'failed' | 'rejected' | 'drift' | 'no-changes';

/**
 * Announces `kind` on the way to `then`: a Notify task when meridian.yaml has webhooks for it
 * (else `then` itself). The task's failure goes on to `then` too: a webhook never fails a run.
 */
function noticeBefore(plan: SynthPlan, states: Record<string, AslState>, kind: NoticeKind, then: string, fields: Record<string, unknown>): string {
  if (!plan.config.notifications.some((n) => n.on.includes(kind))) return then;
  const name = `Notify: ${kind} (${then})`;
  states[name] = {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: FUNCTION_ARN, Payload: { ...primaryPayload(plan, 'notify'), kind, 'executionArn.$': '$$.Execution.Id', ...fields } },
    ResultPath: null,
    ...retryOf(plan),
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: then }],
    Next: then,
  };
  return name;
}

/** The plan the states read: region targets and waves (role ARNs may be substitution keys). */
function planState(plan: SynthPlan): AslState {
  const target = (region: string) => {
    const t = plan.regions.find((r) => r.region === region) as RegionTarget;
    return { region, roleArn: roleOf(t) };
  };
  const waves = plan.waves.map((w) => w.regions.map(target));
  const rollback = plan.config.rollout.onFailure === 'rollback' ? { rollback: waves.map((_, k) => waves.slice(0, k + 1).flat()) } : {};
  return { Type: 'Pass', Result: { regions: plan.regions.map((r) => target(r.region)), waves, ...rollback }, ResultPath: '$.plan', Next: 'Package' };
}

/** The Cause of each Fail state, also the reason its notice gives. */
const CAUSES = {
  deploy: 'a wave failed more regions than rollout.failureTolerance allows; later waves were not started',
  drift: 'drift detected on a production stack (drift.onDrift: block)',
  rejected: 'the approval was refused or timed out; the stage stacks were reverted',
};

/** Approval (a task token the approval links complete), and Revert on a refusal or timeout. */
function approvalStates(plan: SynthPlan, afterApproval: string, onRejected: string): Record<string, AslState> {
  return {
    Approval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: {
        FunctionName: FUNCTION_ARN,
        Payload: { ...primaryPayload(plan, 'request-approval'), 'taskToken.$': '$$.Task.Token', 'commit.$': '$.run.value.commit', 'author.$': '$.run.value.author', 'executionArn.$': '$$.Execution.Id' },
      },
      TimeoutSeconds: Math.max(1, Math.round(plan.config.approval.timeout / 1000)),
      ResultPath: '$.approval',
      ...retryOf(plan),
      Catch: [{ ErrorEquals: ['Meridian.Rejected', 'States.Timeout'], ResultPath: '$.approval', Next: 'Revert' }],
      Next: afterApproval,
    },
    Revert: invoke(plan, primaryPayload(plan, 'revert'), '$.revert', onRejected),
    Rejected: { Type: 'Fail', Error: 'Meridian.Rejected', Cause: CAUSES.rejected },
  };
}

/** The whole definition. */
export function stateMachineDefinition(plan: SynthPlan): AslDefinition {
  const { config } = plan;
  const waveNames = plan.waves.map((w, i) => `Wave ${i + 1}: ${w.regions.join(', ')}`);
  const afterApproval = (config.stage.retain ? waveNames[0] : 'Delete stage stacks') as string;
  const afterDrift = config.approval.required ? 'Approval' : afterApproval;
  const p = primaryOf(plan);
  const notices: Record<string, AslState> = {};
  // Once Package has run, the commit is known ($.run); a path that is missing would stop the whole
  // execution (States.Runtime cannot be caught), so the early-failure notice reads only $.failure.
  const notice = (kind: NoticeKind, then: string, reason?: string) =>
    noticeBefore(plan, notices, kind, then, { 'commit.$': '$.run.value.commit', ...(reason ? { reason } : {}) });
  const early = noticeBefore(plan, notices, 'failed', 'Run failed', { 'reason.$': '$.failure.Cause' });
  // Package, Validate and Preview fail the run with their own error; with a `failed` webhook they are
  // caught, announced, and the Fail state re-raises the same error and cause.
  const announceEarly = (state: AslState): AslState =>
    early === 'Run failed' ? state : { ...state, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: early }] };
  const stageCause = `stage deployment failed in ${p.region}`;
  const deployFailed = notice('failed', 'Deployment failed', CAUSES.deploy);
  // Drift is announced whatever the policy; with `block` the run then fails.
  const driftTo = config.drift.onDrift === 'block' ? 'Drift detected' : afterDrift;
  const driftNotice = notice('drift', driftTo, config.drift.onDrift === 'block' ? CAUSES.drift : 'drift found on a production stack (drift.onDrift: warn)');
  const states: Record<string, AslState> = {
    Plan: planState(plan),
    Package: announceEarly(invoke(plan, { ...primaryPayload(plan, 'package'), 'source.$': '$.source', 'targets.$': '$.plan.regions' }, '$.run', 'Validate')),
    Validate: announceEarly(invoke(plan, { ...primaryPayload(plan, 'validate'), 'source.$': '$.source' }, null, 'Preview')),
    Preview: announceEarly(everyRegion(plan, 'preview', '$.preview', 'Any changes?')),
    // Two steps: a Path with [*] collects the flags, then ArrayContains reads a plain reference path.
    'Any changes?': { Type: 'Pass', Parameters: { 'flags.$': '$.preview[*].changed' }, ResultPath: '$.changes', Next: 'Changes anywhere' },
    'Changes anywhere': { Type: 'Pass', Parameters: { 'changed.$': 'States.ArrayContains($.changes.flags, true)' }, ResultPath: '$.changes', Next: 'Changes?' },
    'Changes?': { Type: 'Choice', Choices: [{ Variable: '$.changes.changed', BooleanEquals: false, Next: notice('no-changes', 'No changes') }], Default: 'Stage: artifacts' },
    'No changes': { Type: 'Succeed', Comment: 'no stack changes in any region' },
    'Stage: artifacts': { Type: 'Pass', InputPath: ARTIFACTS, ResultPath: '$.artifacts', Next: 'Stage: start' },
    ...deployLoop(plan, 'Stage', { 'runId.$': '$$.Execution.Name', region: p.region, roleArn: roleOf(p), variant: 'stage' }, 'Drift', notice('failed', 'Stage failed', stageCause)),
    'Stage failed': { Type: 'Fail', Error: 'Meridian.StageFailed', Cause: stageCause },
    Drift: everyRegion(plan, 'drift', '$.drift', 'Any drift?'),
    'Any drift?': { Type: 'Pass', Parameters: { 'flags.$': '$.drift[*].drifted' }, ResultPath: '$.drifted', Next: 'Drift anywhere' },
    'Drift anywhere': { Type: 'Pass', Parameters: { 'drifted.$': 'States.ArrayContains($.drifted.flags, true)' }, ResultPath: '$.drifted', Next: driftNotice !== afterDrift ? 'Drift policy' : afterDrift },
    'Deployment failed': { Type: 'Fail', Error: 'Meridian.DeployFailed', Cause: CAUSES.deploy },
    Record: everyRegion(plan, 'record', null, notice('succeeded', 'Succeeded'), { extra: { commit: '$.run.value.commit' } }),
    Succeeded: { Type: 'Succeed' },
  };
  if (driftNotice !== afterDrift) states['Drift policy'] = { Type: 'Choice', Choices: [{ Variable: '$.drifted.drifted', BooleanEquals: true, Next: driftNotice }], Default: afterDrift };
  if (config.drift.onDrift === 'block') states['Drift detected'] = { Type: 'Fail', Error: 'Meridian.DriftDetected', Cause: CAUSES.drift };
  if (config.approval.required) Object.assign(states, approvalStates(plan, afterApproval, notice('rejected', 'Rejected', CAUSES.rejected)));
  if (!config.stage.retain) states['Delete stage stacks'] = invoke(plan, primaryPayload(plan, 'delete-stage'), null, waveNames[0] as string);
  plan.waves.forEach((w, i) => (states[waveNames[i] as string] = waveState(plan, w, i, waveNames[i + 1] ?? 'Record', deployFailed)));
  if (config.rollout.onFailure === 'rollback') plan.waves.forEach((_, i) => (states[rollbackName(i)] = rollbackState(plan, i, deployFailed)));
  if (early !== 'Run failed') states['Run failed'] = { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' };
  Object.assign(states, notices);
  return { Comment: `Meridian pipeline ${plan.pipeline} (generated by meridian synth stepfunctions; do not edit)`, StartAt: 'Plan', States: states };
}
