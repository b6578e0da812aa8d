// A context of the same run that leaves some regions out, for recording approved artifacts: regions
// that failed within tolerance keep their last approved artifact. It shares the run's request budget.
import { RunContext } from '../engine/run-context.js';

/** The run's context without `regions`, or undefined when no region is left. */
export function withoutRegions(ctx: RunContext, regions: readonly string[]): RunContext | undefined {
  if (regions.length === 0) return ctx;
  const keep = [ctx.config.regions.primary, ...ctx.config.regions.secondaries].filter((r) => !regions.includes(r));
  const [first, ...rest] = keep;
  if (first === undefined) return undefined;
  // Recording walks regions and stack order only, so a failed primary can hand its place to the next region.
  const config = { ...ctx.config, regions: { primary: first, secondaries: rest } };
  const budget = ctx.deps.cloud.budget;
  return new RunContext(ctx.runId, config, ctx.rootDir, { ...ctx.baseDeps, cloud: { ...ctx.baseDeps.cloud, ...(budget ? { budget } : {}) } });
}
