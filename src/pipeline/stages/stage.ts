// Stage: the stage stacks (`<stack>-stage`) in the stage region (default the primary; `stage.region`,
// `stage.account` and `stage.parameters` in meridian.yaml), deployed before approval so a person
// approves something that has been seen to deploy.
import { deleteStack } from '../../cloud/index.js';
import type { ArtifactSet } from '../engine/artifact.js';
import { clientToken } from '../engine/ids.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import { runDeployments } from '../engine/stack-deployment.js';
import { stackNameOf } from '../engine/stack-parameters.js';
import { checkStackOwnership } from '../engine/stack-ownership.js';
import { stageRegionOf, stageStacks } from '../config/stage-settings.js';
import { stageContext } from '../engine/stage-context.js';
import { stepKeys } from '../engine/step-keys.js';
import { applyStacks, type RegionOutcome } from './apply-stacks.js';

/** The region the stage stacks live in. */
export const stageRegion = (ctx: RunContext) => stageRegionOf(ctx.config);

export async function stageStage(run: RunContext, artifacts: ArtifactSet): Promise<RegionOutcome> {
  const ctx = stageContext(run);
  const region = stageRegion(ctx);
  const outcome = await applyStacks(ctx, {
    purpose: 'stage', stage: 'stage', region, stacks: stageStacks(ctx.config),
    deploymentOf: runDeployments(ctx, artifacts, region, 'stage', { stage: 'stage', region }),
  });
  const failed = outcome.stacks.find((s) => s.outcome.kind === 'failed');
  await ctx.mark(stepKeys.summary('stage'), { stage: 'stage', region }, outcome.failed ? 'failed' : 'succeeded', failed ? { reason: `${failed.stack}: ${failed.outcome.kind === 'failed' ? failed.outcome.reason : ''}` } : {});
  return outcome;
}

/** Deletes stage stacks, dependents first (stage: { retain: false } after approval; revert; cancel). */
export async function deleteStageStacks(run: RunContext, purpose: 'stage' | 'revert' | 'cancel', only?: ReadonlySet<string>): Promise<void> {
  const ctx = stageContext(run);
  const region = stageRegion(ctx);
  for (const stack of [...stageStacks(ctx.config)].reverse()) {
    if (only && !only.has(stack.name)) continue;
    const name = stackNameOf(ctx, stack.name, 'stage');
    const key = stepKeys.delete(purpose, region, stack.name);
    const where = { stage: purpose === 'stage' ? ('stage' as const) : ('revert' as const), region, stack: stack.name };
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
      (r) => (r.kind === 'succeeded' ? { status: 'succeeded', reason: 'deleted' } : { status: 'failed', reason: `${r.status}: ${r.reason}` }),
    );
    ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: result.kind === 'succeeded' ? 'deleted' : 'failed', summary: `${name}: ${result.status}` });
    if (result.kind === 'failed') throw new StepFailure('STACK_DELETE_FAILED', `could not delete stage stack ${name} in ${region}: ${result.reason}`, where);
  }
}
