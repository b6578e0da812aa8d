// The orchestration of one run: deterministic given the store, so a run that stopped anywhere
// (killed process, approval wait) continues by calling it again: finished steps replay from the journal.
import type { RunStatus } from '../../store/index.js';
import { approvalState } from '../stages/approval.js';
import { deployStage } from '../stages/deploy.js';
import { driftStage } from '../stages/drift.js';
import { packageStage } from '../stages/package.js';
import { previewStage } from '../stages/preview.js';
import { recordStage } from '../stages/record.js';
import { revertStage } from '../stages/revert.js';
import { deleteStageStacks, stageStage } from '../stages/stage.js';
import { validateStage } from '../stages/validate.js';
import { checkValueReads } from '../rollout/check-values.js';
import { rollbackRegions } from '../rollout/rollback.js';
import { withoutRegions } from '../rollout/narrow.js';
import { StepFailure, type RunContext } from './run-context.js';

export type RunOutcome = { status: RunStatus; reason?: string };

/** Runs (or continues) a run until it ends or waits for approval. Never throws for a failed run. */
export async function runPipeline(ctx: RunContext, commit: string): Promise<RunOutcome> {
  try {
    return await stages(ctx, commit);
  } catch (err) {
    const e = err as Error & { code?: string };
    const reason = err instanceof StepFailure ? err.message : `${e.code ? `${e.code}: ` : ''}${e.message}`;
    ctx.log('error', reason, err instanceof StepFailure ? err.meta : {});
    return finish(ctx, 'failed', reason);
  }
}

function finish(ctx: RunContext, status: RunStatus, reason?: string): RunOutcome {
  const { store } = ctx.deps;
  const terminal = status !== 'awaiting-approval';
  store.setRunStatus(ctx.runId, status, terminal);
  if (reason) store.mergeRunData(ctx.runId, { reason });
  if (terminal) store.releaseLock(`pipeline:${ctx.config.pipeline}`, ctx.runId);
  ctx.emit({ type: 'run-finished', runId: ctx.runId, status, ...(reason ? { reason } : {}) });
  return { status, ...(reason ? { reason } : {}) };
}

async function stages(ctx: RunContext, commit: string): Promise<RunOutcome> {
  const artifacts = await packageStage(ctx);
  checkValueReads(ctx, artifacts);
  await validateStage(ctx);
  const preview = await previewStage(ctx, artifacts);
  if (!preview.anyChanges) return finish(ctx, 'no-changes', 'no stack changes in any region');

  const staged = await stageStage(ctx, artifacts);
  if (staged.failed) return finish(ctx, 'failed', `stage deployment failed in ${staged.region}`);

  const drift = await driftStage(ctx);
  if (drift.drifted) {
    const where = drift.reports.filter((r) => r.drifted.length).map((r) => `${r.stackName}@${r.region}`).join(', ');
    if (ctx.config.drift.onDrift === 'block') {
      // Nobody will approve this run: the stage stacks go back to what was last approved, as on a rejection.
      await revertStage(ctx);
      return finish(ctx, 'failed', `drift detected on ${where} (drift.onDrift: block)`);
    }
    ctx.log('warn', `drift detected on ${where}; continuing (drift.onDrift: warn)`, { stage: 'drift' });
  }

  if (ctx.config.approval.required) {
    const approval = approvalState(ctx);
    if (approval.kind === 'waiting') {
      ctx.deps.store.setRunStatus(ctx.runId, 'awaiting-approval');
      ctx.emit({ type: 'awaiting-approval', runId: ctx.runId, timeoutAt: approval.timeoutAt, approvers: ctx.config.approval.approvers });
      return { status: 'awaiting-approval' };
    }
    ctx.deps.store.setRunStatus(ctx.runId, 'running');
    ctx.mark('approval', { stage: 'approval' }, approval.kind === 'approved' ? 'succeeded' : 'failed', { ...approval });
    ctx.emit({ type: 'approval', runId: ctx.runId, decision: approval.kind, by: approval.by, ...(approval.comment ? { comment: approval.comment } : {}) });
    if (approval.kind === 'rejected') {
      const how = await revertStage(ctx);
      ctx.emit({ type: 'stage-finished', stage: 'revert', outcome: how, summary: how === 'deleted' ? 'stage stacks deleted' : 'stage stacks back to the last approved artifact' });
      return finish(ctx, 'rejected', approval.timedOut ? 'approval timed out' : `rejected by ${approval.by}`);
    }
  }
  if (!ctx.config.stage.retain) await deleteStageStacks(ctx, 'stage');

  const deployed = await deployStage(ctx, artifacts);
  if (deployed.failed) {
    const failed = deployed.regions.filter((r) => r.failed).map((r) => r.region);
    const skipped = deployed.skipped.length ? `; not started: ${deployed.skipped.join(', ')}` : '';
    const reason = `deployment failed in ${failed.join(', ')}${skipped}`;
    if (ctx.config.rollout.onFailure !== 'rollback') return finish(ctx, 'failed', reason);
    const rolledBack = await rollbackRegions(ctx, deployed);
    ctx.deps.store.mergeRunData(ctx.runId, { rollback: rolledBack });
    const bad = rolledBack.filter((r) => r.status === 'failed').map((r) => r.region);
    if (bad.length > 0) return finish(ctx, 'failed', `${reason}; rollback failed in ${bad.join(', ')}`);
    return finish(ctx, 'rolled-back', `${reason}; rolled back: ${rolledBack.map((r) => r.region).join(', ') || 'nothing had changed'}`);
  }
  // Regions that failed within tolerance keep their last approved artifact: only the others are recorded.
  const recorded = withoutRegions(ctx, deployed.tolerated);
  if (recorded) await recordStage(recorded, artifacts, commit);
  return finish(ctx, 'succeeded', deployed.tolerated.length ? `failed within tolerance: ${deployed.tolerated.join(', ')}` : undefined);
}
