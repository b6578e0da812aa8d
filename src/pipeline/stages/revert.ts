// Revert (after a rejection or an approval timeout): the stage stacks go back to the last approved
// artifact, or are deleted if none was ever approved. With `stage: { retain: false }` no stage stack
// outlives a run, so they are deleted.
import type { ArtifactSet, StackArtifact } from '../engine/artifact.js';
import { artifactKey } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { stackOrder } from '../engine/stack-order.js';
import { applyStacks } from './apply-stacks.js';
import { deleteStageStacks } from './stage.js';

export async function revertStage(ctx: RunContext): Promise<'deleted' | 'reverted'> {
  const region = ctx.config.regions.primary;
  const stacks = stackOrder(ctx.config, region);
  const approved: ArtifactSet = {};
  for (const stack of stacks) {
    const last = ctx.deps.store.getLastApproved(ctx.config.pipeline, stack.name, region);
    if (!last) continue;
    const d = last.data as Partial<StackArtifact>;
    approved[artifactKey(stack.name, region)] = {
      stack: stack.name, region, sha256: String(d.sha256 ?? ''), url: String(d.url ?? ''), useUrl: Boolean(d.useUrl), body: String(d.body ?? ''),
      parameters: Array.isArray(d.parameters) ? d.parameters.map(String) : [],
    };
  }
  if (!ctx.config.stage.retain) {
    // Stage stacks are not kept between runs: none may linger.
    await deleteStageStacks(ctx, 'revert');
    return 'deleted';
  }
  // Stacks never approved are deleted (dependents first), the others go back to what was approved.
  const neverApproved = new Set(stacks.filter((s) => !approved[artifactKey(s.name, region)]).map((s) => s.name));
  if (neverApproved.size > 0) await deleteStageStacks(ctx, 'revert', neverApproved);
  if (neverApproved.size === stacks.length) return 'deleted';
  const outcome = await applyStacks(ctx, approved, region, 'stage', 'revert', new Set(Object.values(approved).map((a) => a.stack)));
  if (outcome.failed) throw new Error(`reverting the stage stacks failed in ${region}`);
  return 'reverted';
}
