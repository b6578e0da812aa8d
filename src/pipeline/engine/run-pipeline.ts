// The local host's orchestration of one run: deterministic given the journal, so a run that stopped
// anywhere (killed process, approval wait) continues by calling it again: finished steps replay.
// The AWS-native host orders the same phases in its state machine (src/synth); every decision
// (changes? drift policy? which regions to roll back?) is one of the functions called here.
import type { RunStatus } from '../../store/index.js';
import { approvalState } from '../stages/approval.js';
import { deployStage } from '../stages/deploy.js';
import { driftDecision, driftStage } from '../stages/drift.js';
import { packageStage } from '../stages/package.js';
import { previewStage } from '../stages/preview.js';
import { recordStage } from '../stages/record.js';
import { revertStage, stageTouched } from '../stages/revert.js';
import { deleteStageStacks, stageStage } from '../stages/stage.js';
import { validateStage } from '../stages/validate.js';
import { destroyStages, isDestroyRun, type DestroyRunData } from '../lifecycle/destroy-run.js';
import { orphanStage } from '../lifecycle/orphan-step.js';
import { checkValueReads } from '../rollout/check-values.js';
import { rollbackRegions } from '../rollout/rollback.js';
import { OwnershipLost } from './journal.js';
import { StepFailure, type RunContext } from './run-context.js';
import { isOwnershipFailure } from './stack-ownership.js';
import { stepKeys } from './step-keys.js';

/** `userError`: the run failed for a reason the user must resolve (a stack another pipeline owns, an untagged stack without --adopt): the CLI exits 2. */
export type RunOutcome = { status: RunStatus; reason?: string; userError?: true };

/** Runs (or continues) a run until it ends or waits for approval. Never throws for a failed run. */
export async function runPipeline(ctx: RunContext): Promise<RunOutcome> {
  try {
    return await stages(ctx);
  } catch (err) {
    // Another process holds the run now: it is that process's to finish.
    if (err instanceof OwnershipLost && err.code === 'RUN_LEASE_LOST') throw err;
    if (err instanceof OwnershipLost) return endCancelled(ctx, err.message);
    const e = err as Error & { code?: string };
    const reason = err instanceof StepFailure ? err.message : `${e.code ? `${e.code}: ` : ''}${e.message}`;
    ctx.log('error', reason, err instanceof StepFailure ? err.meta : {});
    const outcome = await finishRun(ctx, 'failed', await withUndo(ctx, reason));
    return isOwnershipFailure(err) ? { ...outcome, userError: true } : outcome;
  }
}

/** Ends the run in `status`; the journal, the run view and the event stream all say the same. */
export async function finishRun(ctx: RunContext, status: RunStatus, reason?: string): Promise<RunOutcome> {
  const terminal = status !== 'awaiting-approval';
  await ctx.journal.setStatus(status, terminal);
  if (reason) await ctx.journal.mergeData({ reason });
  ctx.emit({ type: 'run-finished', runId: ctx.runId, status, ...(reason ? { reason } : {}) });
  await ctx.journal.flush();
  return { status, ...(reason ? { reason } : {}) };
}

/**
 * After any failure once Stage has started, the stage stacks go back to their last approved record
 * (nobody will approve this run). The reason says whether that worked.
 */
export async function withUndo(ctx: RunContext, reason: string): Promise<string> {
  if (!(await stageTouched(ctx))) return reason;
  try {
    const reverted = await revertStage(ctx);
    if (reverted.how === 'failed') return `${reason}; reverting the stage stacks failed: ${reverted.stacks.filter((s) => s.action === 'failed').map((s) => `${s.stack} ${s.detail ?? ''}`).join('; ')}`;
    return `${reason}; stage stacks ${reverted.how === 'deleted' ? 'deleted' : 'back to their last approved record'}`;
  } catch (err) {
    return `${reason}; reverting the stage stacks failed: ${(err as Error).message}`;
  }
}

async function endCancelled(ctx: RunContext, reason: string): Promise<RunOutcome> {
  ctx.log('warn', reason);
  return finishRun(ctx, 'cancelled', await withUndo(ctx, reason));
}

async function stages(ctx: RunContext): Promise<RunOutcome> {
  // `meridian destroy` records a run of its own kind: approval (when required), then deletions.
  const data = (await ctx.journal.run())?.data;
  if (isDestroyRun(data)) {
    const end = await destroyStages(ctx, data as unknown as DestroyRunData);
    return end.status === 'awaiting-approval' ? { status: end.status } : finishRun(ctx, end.status, end.reason);
  }
  const artifacts = await packageStage(ctx);
  checkValueReads(ctx, artifacts);
  await validateStage(ctx);
  const preview = await previewStage(ctx, artifacts);
  await orphanStage(ctx);
  if (!preview.anyChanges) return finishRun(ctx, 'no-changes', 'no stack changes in any region');

  const staged = await stageStage(ctx, artifacts);
  if (staged.failed) return finishRun(ctx, 'failed', await withUndo(ctx, `stage deployment failed in ${staged.region}`));

  if (ctx.config.drift.enabled) {
    const drift = await driftStage(ctx);
    const decision = driftDecision(ctx.config, drift.reports);
    if (decision.kind === 'block') {
      // Nobody will approve this run: the stage stacks go back to what was last approved, as on a rejection.
      return finishRun(ctx, 'failed', await withUndo(ctx, decision.reason));
    }
    if (decision.kind === 'warn' && drift.fresh) ctx.log('warn', decision.reason, { stage: 'drift' });
  }

  if (ctx.config.approval.required) {
    const approval = await approvalState(ctx);
    if (approval.kind === 'waiting') {
      await ctx.journal.setStatus('awaiting-approval');
      ctx.emit({ type: 'awaiting-approval', runId: ctx.runId, timeoutAt: approval.timeoutAt, approvers: ctx.config.approval.approvers });
      await ctx.journal.flush();
      return { status: 'awaiting-approval' };
    }
    await ctx.journal.setStatus('running');
    await ctx.mark(stepKeys.approval(), { stage: 'approval' }, approval.kind === 'approved' ? 'succeeded' : 'failed', { ...approval, reason: `${approval.kind} by ${approval.by}${approval.comment ? `: ${approval.comment}` : ''}` });
    ctx.emit({ type: 'approval', runId: ctx.runId, decision: approval.kind, by: approval.by, ...(approval.comment ? { comment: approval.comment } : {}) });
    if (approval.kind === 'rejected') {
      const why = approval.timedOut ? 'approval timed out' : `rejected by ${approval.by}`;
      const reason = await withUndo(ctx, why);
      ctx.emit({ type: 'stage-finished', stage: 'revert', outcome: reason.includes('failed') ? 'failed' : 'succeeded', summary: reason.slice(why.length + 2) });
      if (reason.includes('reverting the stage stacks failed')) return finishRun(ctx, 'failed', reason);
      return finishRun(ctx, 'rejected', reason);
    }
  }
  if (!ctx.config.stage.retain) await deleteStageStacks(ctx, 'stage');

  const deployed = await deployStage(ctx, artifacts);
  if (deployed.failed) {
    const failed = deployed.regions.filter((r) => r.failed).map((r) => r.region);
    const skipped = deployed.skipped.length ? `; not started: ${deployed.skipped.join(', ')}` : '';
    const reason = deployed.bakeFailure && failed.length === 0 ? `${deployed.bakeFailure.reason}${skipped}` : `deployment failed in ${failed.join(', ')}${skipped}`;
    if (ctx.config.rollout.onFailure !== 'rollback') return finishRun(ctx, 'failed', `${await withUndo(ctx, reason)}; \`meridian rollback ${ctx.runId}\` restores the regions it changed`);
    const rolledBack = await rollbackRegions(ctx);
    await ctx.journal.mergeData({ rollback: rolledBack });
    const bad = rolledBack.filter((r) => r.status === 'failed').map((r) => r.region);
    const undone = await withUndo(ctx, reason);
    if (bad.length > 0) return finishRun(ctx, 'failed', `${undone}; rollback failed in ${bad.join(', ')}`);
    return finishRun(ctx, 'rolled-back', `${undone}; rolled back: ${rolledBack.map((r) => r.region).join(', ') || 'nothing had changed'}`);
  }
  // Regions that failed within tolerance keep their last approved record: only the others are recorded.
  const recorded = [ctx.config.regions.primary, ...ctx.config.regions.secondaries].filter((r) => !deployed.tolerated.includes(r));
  await recordStage(ctx, recorded);
  return finishRun(ctx, 'succeeded', deployed.tolerated.length ? `failed within tolerance: ${deployed.tolerated.join(', ')}` : undefined);
}
