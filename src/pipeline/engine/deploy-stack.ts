// Applies one deployment to one stack through a change set, and re-attaches when resumed. Before
// ExecuteChangeSet the step keeps a checkpoint (the change set, the stack id, the event to stream
// after) and moves the event cursor as the wait goes; a resumed step reads it back, so it neither
// executes twice nor repeats old events nor mistakes an old failure for the new operation's.
import { changeSetExecutionStatus, createChangeSet, executeChangeSet, waitForStack, type ResourceEvent, type StackOperationResult } from '../../cloud/index.js';
import type { StageName } from './events.js';
import { changeSetName, clientToken } from './ids.js';
import type { RunContext, StepMeta } from './run-context.js';
import type { StackDeployment } from './stack-deployment.js';
import { changeSetSettings, settingsAfterDeploy, settingsBeforeUpdate } from './stack-governance.js';
import { stepKeys, type StepKey } from './step-keys.js';

export type DeployOutcome =
  | { kind: 'no-changes'; stackName: string }
  | { kind: 'deployed'; stackName: string; status: string; changes: number; outputs?: Record<string, string> }
  | { kind: 'failed'; stackName: string; status: string; reason: string; failures: { logicalId: string; resourceType: string; status: string; reason?: string }[] };

interface Checkpoint {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  changes: number;
  /** UPDATE or CREATE: an update runs under the commit's stack policy, a new stack gets it afterwards. */
  type?: 'CREATE' | 'UPDATE';
  afterEventId?: string;
  cursor?: string;
}

export interface DeployOptions {
  stage: StageName;
  /** The step whose data keeps this deploy's checkpoint. */
  stepKey: StepKey;
  /** 1, or the retry's number: a retry is a new change set with its own tokens and checkpoint. */
  attempt: number;
  meta: StepMeta;
  /** Distinguishes change sets of one run (deploy, stage, revert, rollback). */
  purpose: string;
}

function outcomeOf(stackName: string, op: StackOperationResult, changes: number): DeployOutcome {
  if (op.kind === 'failed') {
    return { kind: 'failed', stackName, status: op.status, reason: op.reason, failures: op.failures.map((f) => ({ logicalId: f.logicalId, resourceType: f.resourceType, status: f.status, ...(f.reason ? { reason: f.reason } : {}) })) };
  }
  return { kind: 'deployed', stackName, status: op.status, changes, ...(op.stack ? { outputs: op.stack.outputs } : {}) };
}

/** Creates and executes a change set, then sets what no change set carries; "no changes" is an outcome, not an error. */
export async function deployStack(ctx: RunContext, d: StackDeployment, o: DeployOptions): Promise<DeployOutcome> {
  const outcome = await applyChangeSet(ctx, d, o);
  if (outcome.kind === 'failed') return outcome;
  const changed = await settingsAfterDeploy(ctx, d.region, d.stackName, d.governance);
  if (changed.length > 0) ctx.log('info', `${d.stackName} in ${d.region}: ${changed.join(', ')}`, o.meta);
  return outcome;
}

async function applyChangeSet(ctx: RunContext, d: StackDeployment, o: DeployOptions): Promise<DeployOutcome> {
  const target = { region: d.region };
  const onEvent = (e: ResourceEvent) =>
    ctx.emit({ type: 'resource', stage: o.stage, region: d.region, stack: d.stack, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, ...(e.reason ? { reason: e.reason } : {}) });
  const field = o.attempt === 1 ? 'deploy' : `deploy#${o.attempt}`;
  const tokenKey = stepKeys.retry(o.stepKey, o.attempt);
  const save = (cp: Checkpoint) => ctx.checkpoint(o.stepKey, o.meta, { [field]: cp });
  const saved = (await ctx.journal.getStep(o.stepKey))?.data[field] as Checkpoint | undefined;
  const tokens = { exec: clientToken(ctx.runId, tokenKey, 'exec') };
  if (saved) {
    const status = await changeSetExecutionStatus(ctx.deps.cloud, target, saved.changeSetId);
    let cp = saved;
    const onCursor = async (cursor: string) => save((cp = { ...cp, cursor }));
    if (status === 'AVAILABLE' && saved.type === 'UPDATE') await settingsBeforeUpdate(ctx, d.region, d.stackName, d.governance);
    const op =
      status === 'AVAILABLE'
        ? await executeChangeSet(ctx.deps.cloud, target, { stackName: d.stackName, changeSetName: saved.changeSetName, clientToken: tokens.exec, executionStatus: status, onEvent, onCursor })
        : await waitForStack(ctx.deps.cloud, target, saved.stackId, { ...((saved.cursor ?? saved.afterEventId) ? { afterEventId: (saved.cursor ?? saved.afterEventId) as string } : {}), onEvent, onCursor });
    return outcomeOf(d.stackName, op, saved.changes);
  }
  const name = changeSetName(ctx.runId, `${o.attempt === 1 ? o.purpose : `${o.purpose}-retry${o.attempt}`}-${d.stackName}`, d.region);
  const created = await createChangeSet(ctx.deps.cloud, target, {
    stackName: d.stackName,
    template: d.template,
    parameters: d.parameters,
    capabilities: d.capabilities,
    tags: d.tags,
    changeSetName: name,
    clientToken: clientToken(ctx.runId, tokenKey, 'cs'),
    description: `Meridian run ${ctx.runId}`,
    ...changeSetSettings(d.governance),
  });
  if (created.kind === 'no-changes') return { kind: 'no-changes', stackName: d.stackName };
  let cp: Checkpoint = { changeSetId: created.changeSetId, changeSetName: created.changeSetName, stackId: created.stackId, changes: created.changes.length, type: created.type };
  if (created.type === 'UPDATE') await settingsBeforeUpdate(ctx, d.region, d.stackName, d.governance);
  const op = await executeChangeSet(ctx.deps.cloud, target, {
    stackName: d.stackName,
    // Not `name`: a change set AWS could not plan with nested change sets was made again without them, under another name.
    changeSetName: created.changeSetName,
    clientToken: tokens.exec,
    executionStatus: created.executionStatus,
    onEvent,
    beforeExecute: (stackId, afterEventId) => save((cp = { ...cp, stackId, ...(afterEventId ? { afterEventId } : {}) })),
    onCursor: (cursor) => save((cp = { ...cp, cursor })),
  });
  return outcomeOf(d.stackName, op, created.changes.length);
}
