// Deploys the configured stacks of one region in dependency order (stage and production alike),
// each stack a durable step, stopping at the first failure.
import { artifactFor, templateSourceOf, type ArtifactSet } from '../engine/artifact.js';
import { deployStack, type DeployOutcome } from '../engine/deploy-stack.js';
import type { StageName } from '../engine/events.js';
import { StepFailure, type RunContext } from '../engine/run-context.js';
import { resolveStackParameters, stackNameOf, type StackVariant } from '../engine/stack-parameters.js';
import { stackOrder } from '../engine/stack-order.js';

export interface RegionOutcome {
  region: string;
  stacks: { stack: string; outcome: DeployOutcome }[];
  failed: boolean;
  /** Some stack of this region was deployed by this process (not replayed). */
  fresh: boolean;
}

export async function applyStacks(
  ctx: RunContext,
  artifacts: ArtifactSet,
  region: string,
  variant: StackVariant,
  stage: StageName,
  only?: ReadonlySet<string>,
): Promise<RegionOutcome> {
  const outcome: RegionOutcome = { region, stacks: [], failed: false, fresh: false };
  for (const stack of stackOrder(ctx.config, region)) {
    if (only && !only.has(stack.name)) continue;
    const where = { stage, region, stack: stack.name };
    const stepKey = `${stage}:${region}:${stack.name}`;
    if (ctx.finished(stepKey) === undefined) ctx.emit({ type: 'stage-started', ...where });
    const result = await ctx.step(stepKey, where, async () => {
      const artifact = artifactFor(artifacts, stack.name, region);
      const params = await resolveStackParameters(ctx, stack, region, variant, new Set(artifact.parameters));
      if (params.kind === 'pending-output') {
        throw new StepFailure('PARAMETER_OUTPUT_MISSING', `stack ${params.stack} in ${params.region} has no output ${params.output} yet`, where);
      }
      return deployStack(ctx, {
        stage,
        region,
        stack: stack.name,
        stackName: stackNameOf(ctx, stack.name, variant),
        template: templateSourceOf(artifact),
        parameters: params.values,
        capabilities: stack.capabilities,
        tags: stack.tags,
        purpose: stage,
        stepKey,
      });
    });
    const summary = result.kind === 'failed' ? `${result.status}: ${result.reason}` : result.kind === 'no-changes' ? 'no changes' : `${result.status} (${result.changes} changes)`;
    ctx.emitFresh(stepKey, { type: 'stage-finished', ...where, outcome: result.kind, summary });
    outcome.stacks.push({ stack: stack.name, outcome: result });
    if (ctx.isFresh(stepKey)) outcome.fresh = true;
    if (result.kind === 'failed') {
      outcome.failed = true;
      break;
    }
  }
  return outcome;
}
