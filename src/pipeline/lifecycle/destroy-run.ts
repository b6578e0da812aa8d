// A destroy run, stepped by the engine like any run (durable steps, lease, resume, approval through
// `meridian approve` or the dashboard): Approval when meridian.yaml requires it, then one delete
// step per stack in the planned order. Each deletion, the request's outcome and a rejection go to
// the audit journal. A stack that gained termination protection (or another owner) since the plan
// was made is refused at its step, and the stacks after it are left as they are.
import { deleteStack, describeStack } from '../../cloud/index.js';
import { clientToken } from '../engine/ids.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import type { RunStatus } from '../../store/index.js';
import { stepKeys } from '../engine/step-keys.js';
import { approvalState } from '../stages/approval.js';
import type { DestroyTarget } from './destroy-plan.js';
import { PIPELINE_TAG } from './orphans.js';

/** The run data of a destroy run. */
export interface DestroyRunData {
  kind: 'destroy';
  requestedBy: string;
  targets: DestroyTarget[];
}

export const isDestroyRun = (data: Record<string, unknown> | undefined): boolean => data?.kind === 'destroy';

const named = (targets: readonly DestroyTarget[]) => targets.map((t) => `${t.stack}@${t.region}`).join(', ');

async function deleteOne(ctx: RunContext, t: DestroyTarget): Promise<void> {
  const key = stepKeys.destroy(t.region, t.stack);
  const where = { stage: 'destroy' as const, region: t.region, stack: t.stack };
  const result = await ctx.step(
    key,
    where,
    async () => {
      const now = await describeStack(ctx.deps.cloud, { region: t.region }, t.stackId);
      if (!now || now.status === 'DELETE_COMPLETE') return { kind: 'succeeded' as const, status: 'DELETE_COMPLETE' };
      if (now.terminationProtection) throw new StepFailure('TERMINATION_PROTECTED', `stack ${t.stack} in ${t.region} has termination protection on; turn it off first, then destroy it again`, where);
      if (now.tags[PIPELINE_TAG] !== ctx.config.pipeline) throw new StepFailure('NOT_THIS_PIPELINE', `stack ${t.stack} in ${t.region} is no longer tagged ${PIPELINE_TAG}=${ctx.config.pipeline}`, where);
      return deleteStack(ctx.deps.cloud, { region: t.region }, t.stackId, {
        clientToken: clientToken(ctx.runId, key, 'destroy'),
        onEvent: (e) => ctx.emit({ type: 'resource', ...where, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }),
      });
    },
    (r) => (r.kind === 'succeeded' ? { status: 'succeeded', reason: 'deleted' } : { status: 'failed', reason: `${r.status}: ${r.reason}` }),
  );
  ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: result.kind === 'succeeded' ? 'deleted' : 'failed', summary: `${t.stack}: ${result.status}` });
  if (ctx.isFresh(key)) ctx.journal.audit?.({ actor: 'meridian', action: 'stack-delete', target: `${t.stack}@${t.region}`, outcome: result.kind === 'succeeded' ? 'ok' : 'failed', data: { runId: ctx.runId, stackId: t.stackId } });
  if (result.kind === 'failed') throw new StepFailure('STACK_DELETE_FAILED', `could not delete ${t.stack} in ${t.region}: ${result.reason}`, where);
}

/** How a destroy run ends (the caller finishes the run with it), or that it waits for approval. */
export type DestroyEnd = { status: Extract<RunStatus, 'succeeded' | 'rejected' | 'awaiting-approval'>; reason?: string };

/** Steps a destroy run until it ends or waits for approval; a failed deletion throws (StepFailure). */
export async function destroyStages(ctx: RunContext, data: DestroyRunData): Promise<DestroyEnd> {
  const target = named(data.targets);
  if (ctx.config.approval.required) {
    const approval = await approvalState(ctx);
    if (approval.kind === 'waiting') {
      await ctx.journal.setStatus('awaiting-approval');
      ctx.emit({ type: 'awaiting-approval', runId: ctx.runId, timeoutAt: approval.timeoutAt, approvers: ctx.config.approval.approvers });
      await ctx.journal.flush();
      return { status: 'awaiting-approval' };
    }
    await ctx.journal.setStatus('running');
    const reason = `${approval.kind} by ${approval.by}${approval.comment ? `: ${approval.comment}` : ''}`;
    if (!(await ctx.finished(stepKeys.approval()))) {
      await ctx.mark(stepKeys.approval(), { stage: 'approval' }, approval.kind === 'approved' ? 'succeeded' : 'failed', { ...approval, reason, result: approval, done: true });
      ctx.emit({ type: 'approval', runId: ctx.runId, decision: approval.kind, by: approval.by, ...(approval.comment ? { comment: approval.comment } : {}) });
      ctx.journal.audit?.({ actor: approval.by, action: 'destroy-decision', target, outcome: approval.kind, data: { runId: ctx.runId, ...(approval.comment ? { comment: approval.comment } : {}) } });
    }
    if (approval.kind === 'rejected') return { status: 'rejected', reason: `destroy ${reason}; nothing was deleted` };
  }
  try {
    for (const t of data.targets) await deleteOne(ctx, t);
  } catch (err) {
    ctx.journal.audit?.({ actor: data.requestedBy, action: 'destroy', target, outcome: 'failed', data: { runId: ctx.runId, reason: (err as Error).message } });
    throw err;
  }
  ctx.journal.audit?.({ actor: data.requestedBy, action: 'destroy', target, outcome: 'ok', data: { runId: ctx.runId } });
  return { status: 'succeeded', reason: `destroyed ${target}` };
}
