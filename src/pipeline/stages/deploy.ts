// Deploy: the primary region first, then the secondaries; stacks in dependency order within a
// region. A failure stops the regions not yet started, and the report says so per region.
// (Waves, concurrency and failure tolerance: the rollout planner extends this.)
import type { ArtifactSet } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { allRegions } from '../engine/stack-order.js';
import { applyStacks, type RegionOutcome } from './apply-stacks.js';

export interface DeployStageResult {
  regions: RegionOutcome[];
  /** Regions not started because an earlier one failed. */
  skipped: string[];
  failed: boolean;
}

export async function deployStage(ctx: RunContext, artifacts: ArtifactSet): Promise<DeployStageResult> {
  const result: DeployStageResult = { regions: [], skipped: [], failed: false };
  for (const region of allRegions(ctx.config)) {
    if (result.failed) {
      result.skipped.push(region);
      ctx.mark(`deploy:${region}`, { stage: 'deploy', region }, 'skipped', { reason: 'an earlier region failed' });
      ctx.emit({ type: 'stage-finished', stage: 'deploy', region, outcome: 'skipped', summary: 'not started: an earlier region failed' });
      continue;
    }
    const outcome = await applyStacks(ctx, artifacts, region, 'production', 'deploy');
    result.regions.push(outcome);
    ctx.mark(`deploy:${region}`, { stage: 'deploy', region }, outcome.failed ? 'failed' : 'succeeded');
    if (outcome.fresh) {
      const changed = outcome.stacks.filter((s) => s.outcome.kind === 'deployed').length;
      ctx.emit({ type: 'stage-finished', stage: 'deploy', region, outcome: outcome.failed ? 'failed' : 'succeeded', summary: `${changed} of ${outcome.stacks.length} stacks changed` });
    }
    if (outcome.failed) result.failed = true;
  }
  return result;
}
