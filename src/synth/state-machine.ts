// The Step Functions definition (Amazon States Language, JSONPath) of one pipeline. It orders the
// local engine's phases — Package, Validate, Preview, Stage, Drift, Approval, waves, Finish — and
// every task calls the one regional function, whose actions run src/pipeline's stages on the run's
// journal (src/synth/lambda). The decisions (changes? drift policy? approved?) are the function's
// answers, so this file holds control flow only. Regional work goes to the function because Step
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

type Next = string | { end: true };
const next = (n: Next) => (typeof n === 'string' ? { Next: n } : { End: true });

function retryOf(plan: SynthPlan): AslState {
  if (plan.retry.maxAttempts < 1) return {};
  return { Retry: [{ ErrorEquals: TRANSIENT, IntervalSeconds: plan.retry.intervalSeconds, MaxAttempts: plan.retry.maxAttempts, BackoffRate: 2, JitterStrategy: 'FULL' }] };
}

const roleOf = (t: RegionTarget) => (typeof t.roleArn === 'string' ? t.roleArn : DEPLOYMENT_ROLE);

/** The fields every task sends: the run (the execution's name), the home region, the roles of the plan. */
const runFields = (plan: SynthPlan) => ({ 'runId.$': '$$.Execution.Name', region: plan.home, 'roles.$': '$.plan.roles' });

/** A Task state that invokes the regional function; its answer lands at `resultPath` as `{ value }`. */
function invoke(plan: SynthPlan, payload: Record<string, unknown>, resultPath: string | null, then: Next, extra: AslState = {}): AslState {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: FUNCTION_ARN, Payload: payload },
    ResultSelector: { 'value.$': '$.Payload' },
    ResultPath: resultPath,
    ...retryOf(plan),
    ...extra,
    ...next(then),
  };
}

/** An inline Map over the plan's regions running one action per region (preview, drift). */
function everyRegion(plan: SynthPlan, action: string, then: string, failed: string): AslState {
  const task = `${action[0]?.toUpperCase()}${action.slice(1)} region`;
  return {
    Type: 'Map',
    ItemsPath: '$.plan.regions',
    ItemSelector: { 'runId.$': '$$.Execution.Name', 'region.$': '$$.Map.Item.Value.region', 'roles.$': '$.plan.roles' },
    ItemProcessor: {
      ProcessorConfig: { Mode: 'INLINE' },
      StartAt: task,
      States: { [task]: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FUNCTION_ARN, Payload: { action, 'runId.$': '$.runId', 'region.$': '$.region', 'roles.$': '$.roles' } }, OutputPath: '$.Payload', ...retryOf(plan), End: true } },
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failed }],
    Next: then,
  };
}

/**
 * Calls `action` until it stops answering in-progress (a stack operation longer than one
 * invocation: the next call re-attaches through the journal), then goes on or fails.
 */
function untilDone(plan: SynthPlan, name: string, payload: Record<string, unknown>, ok: Next, failed: string, caught: string | undefined): Record<string, AslState> {
  const check = `${name}: done?`;
  return {
    [name]: invoke(plan, payload, '$.step', check, caught ? { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: caught }] } : {}),
    [check]: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.step.value.status', StringEquals: 'in-progress', Next: name },
        { Variable: '$.step.value.status', StringEquals: 'failed', Next: failed },
      ],
      ...(typeof ok === 'string' ? { Default: ok } : { Default: `${name}: succeeded` }),
    },
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
    ItemSelector: { 'runId.$': '$$.Execution.Name', 'region.$': '$$.Map.Item.Value.region', 'roles.$': '$.plan.roles', wave: index + 1 },
    ItemProcessor: {
      ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
      // State names are unique across the whole machine, Map processors included.
      StartAt: region,
      States: {
        ...untilDone(plan, region, { action: 'deploy-region', 'runId.$': '$.runId', 'region.$': '$.region', 'roles.$': '$.roles', 'wave.$': '$.wave' }, { end: true }, `${region} failed`, undefined),
        [`${region} failed`]: { Type: 'Fail', Error: 'Meridian.RegionFailed', Cause: 'a stack of this region failed to deploy' },
      },
    },
    ResultPath: null,
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failed }],
    Next: then,
  };
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
    Parameters: { FunctionName: FUNCTION_ARN, Payload: { action: 'notify', 'runId.$': '$$.Execution.Name', region: plan.home, kind, 'executionArn.$': '$$.Execution.Id', ...fields } },
    ResultPath: null,
    ...retryOf(plan),
    Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: then }],
    Next: then,
  };
  return name;
}

/** The plan the states read: region targets, waves and each region's role (role ARNs may be substitution keys). */
function planState(plan: SynthPlan): AslState {
  const waves = plan.waves.map((w) => w.regions.map((region) => ({ region })));
  const roles = Object.fromEntries(plan.regions.map((r) => [r.region, roleOf(r)]));
  return { Type: 'Pass', Result: { regions: plan.regions.map((r) => ({ region: r.region })), waves, roles }, ResultPath: '$.plan', Next: 'Package' };
}

/** The Cause of each Fail state, also the reason its notice gives. */
const CAUSES = {
  deploy: 'a wave failed more regions than rollout.failureTolerance allows; later waves were not started',
  drift: 'drift detected on a production stack (drift.onDrift: block)',
  rejected: 'the approval was refused or timed out; the stage stacks were reverted',
  stage: 'the stage deployment failed; the stage stacks were reverted',
};

/** Approval (a task token the approval links complete); its outcome, whichever it is, goes to the function's `decided`. */
function approvalStates(plan: SynthPlan, afterApproval: string, onRejected: string, failed: string): Record<string, AslState> {
  return {
    Approval: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: FUNCTION_ARN, Payload: { ...runFields(plan), action: 'request-approval', 'taskToken.$': '$$.Task.Token', 'executionArn.$': '$$.Execution.Id' } },
      TimeoutSeconds: Math.max(1, Math.round(plan.config.approval.timeout / 1000)),
      ResultPath: '$.approval',
      ...retryOf(plan),
      Catch: [{ ErrorEquals: ['Meridian.Rejected', 'States.Timeout'], ResultPath: '$.refused', Next: 'Decided (refused)' }],
      Next: 'Decided',
    },
    Decided: invoke(plan, { ...runFields(plan), action: 'decided', 'decision.$': '$.approval' }, '$.decided', 'Approved?', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failed }] }),
    'Decided (refused)': invoke(plan, { ...runFields(plan), action: 'decided', 'error.$': '$.refused.Error', 'cause.$': '$.refused.Cause' }, '$.decided', 'Approved?', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: failed }] }),
    'Approved?': { Type: 'Choice', Choices: [{ Variable: '$.decided.value.approved', BooleanEquals: false, Next: onRejected }], Default: afterApproval },
    Rejected: { Type: 'Fail', Error: 'Meridian.Rejected', Cause: CAUSES.rejected },
  };
}

/** The whole definition. */
export function stateMachineDefinition(plan: SynthPlan): AslDefinition {
  const { config } = plan;
  const waveNames = plan.waves.map((w, i) => `Wave ${i + 1}: ${w.regions.join(', ')}`);
  const notices: Record<string, AslState> = {};
  const notice = (kind: NoticeKind, then: string, reason?: string) => noticeBefore(plan, notices, kind, then, { ...(reason ? { reason } : {}) });
  // Any failure before the rollout: the function ends the run (restoring the stage), then the
  // Fail state re-raises the same error and cause. A path that is missing would stop the whole
  // execution (States.Runtime cannot be caught), so this reads only $.failure.
  const runFailed = 'Run failed: end the run';
  const firstWave = waveNames[0] as string;
  const afterDrift = config.approval.required ? 'Approval' : config.stage.retain ? firstWave : 'Delete stage stacks';
  const states: Record<string, AslState> = {
    Plan: planState(plan),
    Package: invoke(plan, { ...runFields(plan), action: 'package', 'source.$': '$.source' }, '$.run', 'Validate', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: runFailed }] }),
    Validate: invoke(plan, { ...runFields(plan), action: 'validate' }, null, 'Preview', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: runFailed }] }),
    Preview: everyRegion(plan, 'preview', 'Changes', runFailed),
    Changes: invoke(plan, { ...runFields(plan), action: 'changes' }, '$.changes', 'Changes?', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: runFailed }] }),
    'Changes?': { Type: 'Choice', Choices: [{ Variable: '$.changes.value.changed', BooleanEquals: false, Next: notice('no-changes', 'No changes') }], Default: 'Stage' },
    'No changes': { Type: 'Succeed', Comment: 'no stack changes in any region' },
    ...untilDone(plan, 'Stage', { ...runFields(plan), action: 'stage' }, config.drift.enabled ? 'Drift' : afterDrift, 'Stage failed: end the run', runFailed),
    'Stage failed: end the run': invoke(plan, { ...runFields(plan), action: 'fail', 'reason.$': '$.step.value.reason' }, null, notice('failed', 'Stage failed', CAUSES.stage), { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Stage failed' }] }),
    'Stage failed': { Type: 'Fail', Error: 'Meridian.StageFailed', Cause: CAUSES.stage },
    [runFailed]: invoke(plan, { ...runFields(plan), action: 'fail', 'reason.$': '$.failure.Cause' }, null, noticeBefore(plan, notices, 'failed', 'Run failed', { 'reason.$': '$.failure.Cause' }), { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Run failed' }] }),
    'Run failed': { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
    'Deploy failed: end the run': invoke(plan, { ...runFields(plan), action: 'deploy-failed' }, null, notice('failed', 'Deployment failed', CAUSES.deploy), { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'Deployment failed' }] }),
    'Deployment failed': { Type: 'Fail', Error: 'Meridian.DeployFailed', Cause: CAUSES.deploy },
    // A failed record ends the run too (its journal would otherwise stay running).
    Finish: invoke(plan, { ...runFields(plan), action: 'finish' }, null, notice('succeeded', 'Succeeded'), { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: runFailed }] }),
    Succeeded: { Type: 'Succeed' },
  };
  if (config.drift.enabled) {
    states.Drift = everyRegion(plan, 'drift', 'Drift policy', runFailed);
    states['Drift policy'] = invoke(plan, { ...runFields(plan), action: 'drift-policy' }, '$.drift', 'Drifted?', { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: runFailed }] });
    // Drift is announced whatever the policy; with `block` the function has ended the run already.
    states['Drifted?'] = {
      Type: 'Choice',
      Choices: [
        { Variable: '$.drift.value.kind', StringEquals: 'block', Next: notice('drift', 'Drift detected', CAUSES.drift) },
        { Variable: '$.drift.value.kind', StringEquals: 'warn', Next: notice('drift', afterDrift, 'drift found on a production stack (drift.onDrift: warn)') },
      ],
      Default: afterDrift,
    };
    states['Drift detected'] = { Type: 'Fail', Error: 'Meridian.DriftDetected', Cause: CAUSES.drift };
  }
  if (!config.approval.required && !config.stage.retain) states['Delete stage stacks'] = invoke(plan, { ...runFields(plan), action: 'delete-stage' }, null, firstWave, { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: runFailed }] });
  if (config.approval.required) Object.assign(states, approvalStates(plan, firstWave, notice('rejected', 'Rejected', CAUSES.rejected), runFailed));
  plan.waves.forEach((w, i) => (states[waveNames[i] as string] = waveState(plan, w, i, waveNames[i + 1] ?? 'Finish', 'Deploy failed: end the run')));
  Object.assign(states, notices);
  return { Comment: `Meridian pipeline ${plan.pipeline} (generated by meridian synth stepfunctions; do not edit)`, StartAt: 'Plan', States: states };
}
