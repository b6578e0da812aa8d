// The run's look for orphans, after Preview: a warning with the run (its cell, its log, its view),
// never a failure — an orphan is something to clean up, not a reason to hold a deployment back.
import type { RunContext } from '../engine/run-context.js';
import { stepKeys } from '../engine/step-keys.js';
import { findOrphans, orphanLines, regionsToScan, type Orphan } from './orphans.js';

export interface OrphanScan {
  orphans: Orphan[];
  /** Why the scan could not be made (the run goes on). */
  error?: string;
}

export async function orphanStage(ctx: RunContext): Promise<OrphanScan> {
  const key = stepKeys.orphans();
  const where = { stage: 'preview' as const };
  const scan = await ctx.step(
    key,
    where,
    async (): Promise<OrphanScan> => {
      try {
        const regions = regionsToScan(ctx.config, (await ctx.journal.pastRegions?.()) ?? []);
        return { orphans: await findOrphans(ctx.deps.cloud, ctx.config, regions) };
      } catch (err) {
        return { orphans: [], error: `could not look for orphaned stacks: ${(err as Error).message}` };
      }
    },
    (r) => (r.error ? { status: 'warned', reason: r.error } : r.orphans.length ? { status: 'warned', reason: orphanLines(r.orphans).join('; ') } : { status: 'succeeded', reason: 'no orphaned stacks' }),
  );
  if (ctx.isFresh(key)) for (const line of scan.error ? [scan.error] : orphanLines(scan.orphans)) ctx.log('warn', line, where);
  return scan;
}
