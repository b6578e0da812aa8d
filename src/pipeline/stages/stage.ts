// Stage: the stage stacks (`<stack>-stage`) in the primary region, deployed before approval so a
// person approves something that has been seen to deploy.
import { deleteStack } from '../../cloud/index.js';
import type { ArtifactSet } from '../engine/artifact.js';
import { clientToken } from '../engine/ids.js';
import type { RunContext } from '../engine/run-context.js';
import { stackNameOf } from '../engine/stack-parameters.js';
import { stackOrder } from '../engine/stack-order.js';
import { applyStacks, type RegionOutcome } from './apply-stacks.js';

export function stageStage(ctx: RunContext, artifacts: ArtifactSet): Promise<RegionOutcome> {
  return applyStacks(ctx, artifacts, ctx.config.regions.primary, 'stage', 'stage');
}

/** Deletes every stage stack, dependents first (stage: { retain: false } after approval; revert). */
export async function deleteStageStacks(ctx: RunContext, purpose: string, only?: ReadonlySet<string>): Promise<void> {
  const region = ctx.config.regions.primary;
  for (const stack of [...stackOrder(ctx.config, region)].reverse()) {
    if (only && !only.has(stack.name)) continue;
    const name = stackNameOf(ctx, stack.name, 'stage');
    const key = `${purpose}:delete:${region}:${stack.name}`;
    const where = { stage: purpose === 'revert' ? ('revert' as const) : ('stage' as const), region, stack: stack.name };
    const result = await ctx.step(key, where, () =>
      deleteStack(ctx.deps.cloud, { region }, name, {
        clientToken: clientToken(ctx.runId, key, 'delete'),
        onEvent: (e) => ctx.emit({ type: 'resource', ...where, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }),
      }),
    );
    ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: result.kind === 'succeeded' ? 'deleted' : 'failed', summary: `${name}: ${result.status}` });
    if (result.kind === 'failed') throw new Error(`could not delete stage stack ${name}: ${result.reason}`);
  }
}
