// Stack ownership: Meridian tags every stack it creates with `meridian:pipeline`, and updates or
// deletes only stacks that carry its own pipeline's name. Two pipelines that name a stack alike (or a
// stack made by hand, or by another tool) would otherwise take each other's stacks over silently. An
// untagged stack is taken over only when the run was started with `meridian run --adopt`; the first
// deploy then tags it.
import { describeStack } from '../../cloud/index.js';
import { PIPELINE_TAG } from '../lifecycle/orphans.js';
import { StepFailure, type RunContext, type StepMeta } from './run-context.js';

/** The codes of an ownership refusal: the user's to resolve (exit 2). */
export type OwnershipCode = 'STACK_OF_OTHER_PIPELINE' | 'STACK_NOT_MERIDIAN';

/** Whether the run was started with `--adopt` (kept with the run, so approve and resume adopt too). */
async function adopting(ctx: RunContext): Promise<boolean> {
  return (await ctx.journal.run())?.data.adopt === true;
}

/** The stack as the ownership check saw it (undefined: it does not exist), for the caller to reuse. */
export type DescribedStack = Awaited<ReturnType<typeof describeStack>>;

/**
 * Refuses to go on when `stackName` in `region` exists and is not this pipeline's: tagged by another
 * pipeline (always), or untagged (unless the run adopts). A stack that does not exist is anyone's to create.
 * Returns the stack it described, so a deploy does not ask for it again.
 */
export async function checkStackOwnership(ctx: RunContext, region: string, stackName: string, where: StepMeta): Promise<DescribedStack> {
  const found = await describeStack(ctx.deps.cloud, { region }, stackName);
  if (!found || found.status === 'DELETE_COMPLETE') return found;
  const owner = found.tags[PIPELINE_TAG];
  const mine = ctx.config.pipeline;
  if (owner === mine) return found;
  if (owner !== undefined) {
    throw new StepFailure(
      'STACK_OF_OTHER_PIPELINE',
      `stack ${stackName} in ${region} belongs to pipeline ${owner} (tag ${PIPELINE_TAG}=${owner}), not to pipeline ${mine}: Meridian neither updates nor deletes it; rename the stack in meridian.yaml, or take it out of pipeline ${owner} first`,
      where,
    );
  }
  if (await adopting(ctx)) return found;
  throw new StepFailure(
    'STACK_NOT_MERIDIAN',
    `stack ${stackName} already exists in ${region} and no Meridian pipeline made it (it has no ${PIPELINE_TAG} tag): take it over into pipeline ${mine} with \`meridian run --adopt\`, or rename the stack in meridian.yaml`,
    where,
  );
}

/** True for the failures an ownership check raises (the CLI exits 2 for them). */
export function isOwnershipFailure(err: unknown): boolean {
  return err instanceof StepFailure && (err.code === 'STACK_OF_OTHER_PIPELINE' || err.code === 'STACK_NOT_MERIDIAN');
}
