// Deploy: the rollout plan's waves (src/pipeline/rollout): regions of a wave run up to maxConcurrent
// at once, stacks within a region as a DAG; a wave over its failure tolerance stops later waves, and
// the report says per region what happened.
import type { ArtifactSet } from '../engine/artifact.js';
import type { RunContext } from '../engine/run-context.js';
import { buildPlan } from '../rollout/plan.js';
import { runWaves, type WavesResult } from '../rollout/run-waves.js';
import { applyStacks } from './apply-stacks.js';

export type DeployStageResult = WavesResult;

export async function deployStage(ctx: RunContext, artifacts: ArtifactSet): Promise<DeployStageResult> {
  const plan = buildPlan(ctx.config);
  const result = await runWaves(plan.waves, async (region, wave) => {
    const outcome = await applyStacks(ctx, artifacts, region, 'production', 'deploy', undefined, { noteCreated: true });
    ctx.mark(`deploy:${region}`, { stage: 'deploy', region }, outcome.failed ? 'failed' : 'succeeded', { wave: wave.wave });
    if (outcome.fresh) {
      const changed = outcome.stacks.filter((s) => s.outcome.kind === 'deployed').length;
      ctx.emit({ type: 'stage-finished', stage: 'deploy', region, outcome: outcome.failed ? 'failed' : 'succeeded', summary: `wave ${wave.wave}: ${changed} of ${outcome.stacks.length} stacks changed` });
    }
    return outcome;
  });
  for (const region of result.skipped) {
    if (ctx.deps.store.getStep(ctx.runId, `deploy:${region}`)?.status === 'skipped') continue;
    ctx.mark(`deploy:${region}`, { stage: 'deploy', region }, 'skipped', { reason: 'a wave failed beyond its tolerance' });
    ctx.emit({ type: 'stage-finished', stage: 'deploy', region, outcome: 'skipped', summary: 'not started: a wave failed beyond its failure tolerance' });
  }
  for (const w of result.waves) {
    if (w.failed.length > 0 && !w.overTolerance) ctx.log('warn', `wave ${w.wave}: ${w.failed.join(', ')} failed, within the tolerance of ${w.failureTolerance}; the rollout goes on`, { stage: 'deploy' });
  }
  ctx.deps.store.mergeRunData(ctx.runId, {
    rollout: {
      waves: result.waves,
      regions: result.regions.map((r) => ({ region: r.region, status: r.failed ? 'failed' : 'succeeded', stacks: r.stacks.map((s) => ({ stack: s.stack, outcome: s.outcome.kind })) })),
      skipped: result.skipped,
    },
  });
  return result;
}
