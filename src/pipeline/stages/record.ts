// Record: once a change is approved and deployed, the approved record of every stack it deployed —
// production per region, and the stage stacks as staged — exactly as applied (approved-record.ts).
// Undo reads these back; both hosts write and read them in the cloud (record-store.ts).
import type { ApprovedRecord } from '../record/approved-record.js';
import { writeRecord } from '../record/record-store.js';
import type { RunContext } from '../engine/run-context.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';
import { stepKeys, type ApplyPurpose } from '../engine/step-keys.js';
import type { AppliedStack } from './apply-stacks.js';
import { stageRegion } from './stage.js';
import { stageStacks } from '../config/stage-settings.js';
import { stageContext } from '../engine/stage-context.js';

export { lastApprovedParameter } from '../record/record-store.js';

async function recordOne(ctx: RunContext, rec: ApprovedRecord): Promise<boolean> {
  const key = stepKeys.record(rec.variant, rec.region, rec.stack);
  await ctx.step(key, { stage: 'record', region: rec.region, stack: rec.stack }, async () => {
    await writeRecord(ctx.deps.cloud, { region: rec.region }, rec);
    ctx.journal.noteApproved?.({ stack: rec.stack, region: rec.region, account: rec.account, variant: rec.variant, data: rec as unknown as Record<string, unknown> });
    return true;
  });
  return ctx.isFresh(key);
}

/** The record an apply step left (a deploy that changed nothing keeps the record it had: nothing to write). */
async function appliedRecord(ctx: RunContext, purpose: ApplyPurpose, region: string, stack: string): Promise<ApprovedRecord | undefined> {
  const applied = await ctx.finished<AppliedStack>(stepKeys.apply(purpose, region, stack));
  if (!applied || applied.outcome.kind === 'failed') return undefined;
  return applied.record;
}

/**
 * Writes the records of `regions` (those the run deployed successfully; regions that failed within
 * tolerance keep theirs) and of the stage stacks.
 */
export async function recordStage(ctx: RunContext, regions = allRegions(ctx.config)): Promise<void> {
  let fresh = false;
  for (const region of regions) {
    for (const stack of stackOrder(ctx.config, region)) {
      const rec = await appliedRecord(ctx, 'deploy', region, stack.name);
      if (rec) fresh = (await recordOne(ctx, rec)) || fresh;
    }
  }
  // With stage.retain false the stage stacks were deleted after approval: there is nothing to go back to.
  if (ctx.config.stage.retain) {
    const region = stageRegion(ctx);
    const stage = stageContext(ctx);
    for (const stack of stageStacks(ctx.config)) {
      const rec = await appliedRecord(stage, 'stage', region, stack.name);
      if (rec) fresh = (await recordOne(stage, rec)) || fresh;
    }
  }
  if (fresh) ctx.emit({ type: 'stage-finished', stage: 'record', outcome: 'succeeded', summary: 'approved records written' });
}
