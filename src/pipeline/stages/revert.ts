// Revert (after a rejection, an approval timeout, a drift block, a cancel, or any failure after Stage):
// the stage stacks go back to their last approved record, exactly, or are deleted if none was ever
// approved. With `stage: { retain: false }` no stage stack outlives a run, so they are deleted.
import type { RunContext } from '../engine/run-context.js';
import { stageStacks } from '../config/stage-settings.js';
import { stageContext } from '../engine/stage-context.js';
import { stepKeys } from '../engine/step-keys.js';
import { restoreStacks, type StackRestore } from './restore.js';
import { deleteStageStacks, stageRegion } from './stage.js';

export type RevertResult = { how: 'deleted' | 'reverted' | 'failed'; stacks: StackRestore[] };

/**
 * True when this run deployed (or started to deploy) a stage stack that is still there: only then is
 * there something to revert (with stage.retain false the stacks go once approved).
 */
export async function stageTouched(ctx: RunContext): Promise<boolean> {
  const region = stageRegion(ctx);
  let touched = false;
  let deleted = true;
  for (const stack of stageStacks(ctx.config)) {
    if (await ctx.journal.getStep(stepKeys.apply('stage', region, stack.name))) touched = true;
    if ((await ctx.journal.getStep(stepKeys.delete('stage', region, stack.name)))?.status !== 'succeeded') deleted = false;
  }
  return touched && !deleted;
}

export async function revertStage(ctx: RunContext): Promise<RevertResult> {
  const region = stageRegion(ctx);
  const stacks = stageStacks(ctx.config);
  let result: RevertResult;
  if (!ctx.config.stage.retain) {
    await deleteStageStacks(ctx, 'revert');
    result = { how: 'deleted', stacks: stacks.map((s) => ({ stack: s.name, action: 'deleted' })) };
  } else {
    // The approved record of a stage stack lives where the stage does (its region and account).
    const report = await restoreStacks(stageContext(ctx), { purpose: 'revert', stage: 'revert', region, variant: 'stage', stacks, withoutRecord: () => ({ delete: true }) });
    const how = report.some((r) => r.action === 'failed') ? 'failed' : report.every((r) => r.action === 'deleted') ? 'deleted' : 'reverted';
    result = { how, stacks: report };
  }
  const failed = result.stacks.filter((s) => s.action === 'failed');
  await ctx.mark(stepKeys.summary('revert'), { stage: 'revert', region }, result.how === 'failed' ? 'failed' : 'succeeded', {
    reason: result.how === 'failed' ? `revert failed: ${failed.map((f) => `${f.stack} ${f.detail ?? ''}`).join('; ')}` : result.how === 'deleted' ? 'stage stacks deleted (none approved)' : 'stage stacks back to their last approved record',
    result,
  });
  return result;
}
