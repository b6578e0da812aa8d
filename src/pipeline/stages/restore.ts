// Undo, written once: puts stacks of one region back to their approved records (record-store.ts),
// exactly — template and every parameter value as approved, secrets read again and checked against
// their digests. A stack with no record is deleted where the caller says so (a stage stack never
// approved, a production stack this run created), dependents first. Revert (stage) and rollback
// (production) are this with different stacks and variants.
import { deleteStack } from '../../cloud/index.js';
import type { StackConfig } from '../config/schema.js';
import type { Variant } from '../record/approved-record.js';
import { readRecord } from '../record/record-store.js';
import type { StageName } from '../engine/events.js';
import { clientToken } from '../engine/ids.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import { deploymentFromRecord } from '../engine/stack-deployment.js';
import { checkStackOwnership } from '../engine/stack-ownership.js';
import { stackNameOf } from '../engine/stack-parameters.js';
import { stepKeys } from '../engine/step-keys.js';
import { applyStacks } from './apply-stacks.js';

export interface StackRestore {
  stack: string;
  action: 'redeployed' | 'unchanged' | 'deleted' | 'kept' | 'failed';
  detail?: string;
}

export interface RestoreRequest {
  purpose: 'revert' | 'rollback';
  stage: StageName;
  region: string;
  variant: Variant;
  /** The stacks to put back, in dependency order. */
  stacks: StackConfig[];
  /** For a stack without a record: delete it (true) or keep it as it is (false, with the reason). */
  withoutRecord: (stack: StackConfig) => { delete: true } | { delete: false; why: string };
}

async function deleteOne(ctx: RunContext, req: RestoreRequest, stack: StackConfig): Promise<StackRestore> {
  const { region } = req;
  const name = stackNameOf(ctx, stack.name, req.variant);
  const key = stepKeys.delete(req.purpose, region, stack.name);
  const where = { stage: req.stage, region, stack: stack.name };
  const result = await ctx.step(
    key,
    where,
    async () => {
      await checkStackOwnership(ctx, region, name, where);
      return deleteStack(ctx.deps.cloud, { region }, name, {
        clientToken: clientToken(ctx.runId, key, 'delete'),
        onEvent: (e) => ctx.emit({ type: 'resource', ...where, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }),
      });
    },
    (r) => (r.kind === 'succeeded' ? { status: 'succeeded', reason: 'deleted: it had no approved record' } : { status: 'failed', reason: `${r.status}: ${r.reason}` }),
  );
  ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: result.kind === 'succeeded' ? 'deleted' : 'failed', summary: `${name}: ${result.status}` });
  return result.kind === 'succeeded' ? { stack: stack.name, action: 'deleted' } : { stack: stack.name, action: 'failed', detail: `${result.status}: ${result.reason}` };
}

/** Restores `req.stacks`; the report says per stack what happened (it never claims a restore that did not happen). */
export async function restoreStacks(ctx: RunContext, req: RestoreRequest): Promise<StackRestore[]> {
  const { region } = req;
  const where = { stage: req.stage, region };
  const records = new Map<string, Awaited<ReturnType<typeof readRecord>>>();
  for (const stack of req.stacks) records.set(stack.name, await readRecord(ctx.deps.cloud, { region }, ctx.config.pipeline, stack.name, req.variant));
  const incomplete = [...records].filter(([, r]) => r.kind === 'incomplete');
  if (incomplete.length > 0) {
    throw new StepFailure('RECORD_INCOMPLETE', `cannot restore ${incomplete.map(([s]) => s).join(', ')} in ${region} exactly: ${incomplete.map(([, r]) => (r.kind === 'incomplete' ? r.why : '')).join('; ')}`, where);
  }
  const report: StackRestore[] = [];
  // Dependents first: a stack deleted here may use one that goes back to an older template.
  for (const stack of [...req.stacks].reverse()) {
    if (records.get(stack.name)?.kind !== 'none') continue;
    const decision = req.withoutRecord(stack);
    if (decision.delete) report.push(await deleteOne(ctx, req, stack));
    else report.push({ stack: stack.name, action: 'kept', detail: decision.why });
  }
  if (report.some((r) => r.action === 'failed')) return report;
  const restore = req.stacks.filter((s) => records.get(s.name)?.kind === 'record');
  if (restore.length === 0) return report;
  const back = await applyStacks(ctx, {
    purpose: req.purpose, stage: req.stage, region, stacks: restore,
    deploymentOf: async (stack) => {
      const found = records.get(stack.name);
      if (found?.kind !== 'record') throw new Error(`no record for ${stack.name}`);
      return deploymentFromRecord(ctx, found.record, { ...where, stack: stack.name });
    },
  });
  for (const s of back.stacks) {
    const kind = s.outcome.kind;
    report.push({ stack: s.stack, action: kind === 'deployed' ? 'redeployed' : kind === 'no-changes' ? 'unchanged' : 'failed', ...(kind === 'failed' ? { detail: s.outcome.reason } : {}) });
  }
  for (const s of restore) if (!back.stacks.some((b) => b.stack === s.name)) report.push({ stack: s.name, action: 'failed', detail: 'not started: a stack it needs failed to go back' });
  return report;
}
