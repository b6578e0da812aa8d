// Deploy: the rollout plan's waves (src/pipeline/rollout): regions of a wave run up to maxConcurrent
// at once, stacks within a region as a DAG; a wave over its failure tolerance stops later waves, and
// the report says per region what happened. `deployRegion` is one region's work, which the local
// engine calls from runWaves and the AWS-native host from a wave's Map iteration.
import { artifactFor, type ArtifactSet } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { runDeployments } from '../engine/stack-deployment.js';
import { stackOrder } from '../engine/stack-order.js';
import { stepKeys } from '../engine/step-keys.js';
import { bakeAfterWave, bakeReason } from '../rollout/bake.js';
import { buildPlan } from '../rollout/plan.js';
import { runWaves, type WavesResult } from '../rollout/run-waves.js';
import { applyStacks, type RegionOutcome } from './apply-stacks.js';

export type DeployStageResult = WavesResult;

/** Deploys the production stacks of one region; its cell ends failed (with the failing stack) or succeeded. */
export async function deployRegion(ctx: RunContext, artifacts: ArtifactSet, region: string, wave: number): Promise<RegionOutcome> {
  const stacks = stackOrder(ctx.config, region);
  for (const s of stacks) artifactFor(artifacts, s.name, region);
  const outcome = await applyStacks(ctx, {
    purpose: 'deploy', stage: 'deploy', region, stacks, noteCreated: true,
    deploymentOf: runDeployments(ctx, artifacts, region, 'production', { stage: 'deploy', region }),
  });
  const failed = outcome.stacks.find((s) => s.outcome.kind === 'failed');
  const changed = outcome.stacks.filter((s) => s.outcome.kind === 'deployed').length;
  await ctx.mark(stepKeys.region('deploy', region), { stage: 'deploy', region }, outcome.failed ? 'failed' : 'succeeded', {
    wave,
    reason: failed && failed.outcome.kind === 'failed' ? `${failed.stack}: ${failed.outcome.status}: ${failed.outcome.reason}` : `wave ${wave}: ${changed} of ${outcome.stacks.length} stacks changed`,
  });
  if (outcome.fresh) {
    ctx.emit({ type: 'stage-finished', stage: 'deploy', region, outcome: outcome.failed ? 'failed' : 'succeeded', summary: `wave ${wave}: ${changed} of ${outcome.stacks.length} stacks changed` });
  }
  return outcome;
}

/** Marks the regions a wave over its tolerance kept from starting. */
export async function markSkipped(ctx: RunContext, regions: string[], why = 'not started: a wave failed beyond its failure tolerance'): Promise<void> {
  for (const region of regions) {
    if ((await ctx.journal.getStep(stepKeys.region('deploy', region)))?.status === 'skipped') continue;
    await ctx.mark(stepKeys.region('deploy', region), { stage: 'deploy', region }, 'skipped', { reason: why });
    ctx.emit({ type: 'stage-finished', stage: 'deploy', region, outcome: 'skipped', summary: why });
  }
}

export async function deployStage(ctx: RunContext, artifacts: ArtifactSet): Promise<DeployStageResult> {
  const plan = buildPlan(ctx.config);
  const result = await runWaves(plan.waves, (region, wave) => deployRegion(ctx, artifacts, region, wave.wave), async (wave) => {
    const baked = await bakeAfterWave(ctx, wave);
    return baked.kind === 'passed' ? { ok: true } : { ok: false, reason: bakeReason(baked) };
  });
  await markSkipped(ctx, result.skipped, result.bakeFailure ? `not started: ${result.bakeFailure.reason}` : undefined);
  for (const w of result.waves) {
    if (w.failed.length > 0 && !w.overTolerance) ctx.log('warn', `wave ${w.wave}: ${w.failed.join(', ')} failed, within the tolerance of ${w.failureTolerance}; the rollout goes on`, { stage: 'deploy' });
  }
  await ctx.journal.mergeData({
    rollout: {
      waves: result.waves,
      regions: result.regions.map((r) => ({
        region: r.region,
        status: r.failed ? 'failed' : 'succeeded',
        stacks: r.stacks.map((s) => ({ stack: s.stack, outcome: s.outcome.kind, ...(s.outcome.kind === 'failed' ? { reason: s.outcome.reason } : {}), ...(s.outcome.kind === 'deployed' && s.outcome.outputs ? { outputs: s.outcome.outputs } : {}) })),
      })),
      skipped: result.skipped,
      ...(result.bakeFailure ? { bakeFailure: result.bakeFailure } : {}),
    },
  });
  return result;
}
