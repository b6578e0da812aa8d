// A context of the same run that leaves some secondary regions out (regions that failed within
// tolerance are not recorded as approved). It shares the run's request budget.
import { RunContext } from '../engine/run-context.js';

export function withoutRegions(ctx: RunContext, regions: readonly string[]): RunContext {
  const secondaries = ctx.config.regions.secondaries.filter((r) => !regions.includes(r));
  if (secondaries.length === ctx.config.regions.secondaries.length) return ctx;
  const config = { ...ctx.config, regions: { ...ctx.config.regions, secondaries } };
  const budget = ctx.deps.cloud.budget;
  return new RunContext(ctx.runId, config, ctx.rootDir, { ...ctx.baseDeps, cloud: { ...ctx.baseDeps.cloud, ...(budget ? { budget } : {}) } });
}
