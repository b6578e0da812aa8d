// `rollout.onFailure: rollback` (and `meridian rollback RUN` after a rollout that stopped): the
// regions this run changed go back to their approved records, exactly; stacks this run created (with
// no record to go back to) are deleted, dependents first; stacks that existed before without a
// record are kept and said so. Each action is a durable step, so a killed rollback resumes too.
import type { RunContext } from '../engine/run-context.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';
import { stepKeys } from '../engine/step-keys.js';
import type { AppliedStack } from '../stages/apply-stacks.js';
import { restoreStacks, type StackRestore } from '../stages/restore.js';
import { pool } from './run-waves.js';

export type StackRollback = StackRestore;

export interface RegionRollback {
  region: string;
  status: 'rolled-back' | 'failed';
  stacks: StackRollback[];
}

/** The stacks this run's Deploy changed (or started to change) in `region`, from the journal. */
export async function touchedStacks(ctx: RunContext, region: string): Promise<Map<string, AppliedStack | undefined>> {
  const touched = new Map<string, AppliedStack | undefined>();
  for (const stack of stackOrder(ctx.config, region)) {
    const step = await ctx.journal.getStep(stepKeys.apply('deploy', region, stack.name));
    if (!step) continue;
    const applied = step.data.result as AppliedStack | undefined;
    // A step that crashed mid-deploy has no result, but may have changed the stack: it is touched.
    if (applied?.outcome.kind === 'no-changes') continue;
    touched.set(stack.name, applied ?? { stack: stack.name, outcome: { kind: 'failed', stackName: stack.name, status: 'UNKNOWN', reason: 'interrupted', failures: [] }, ...(typeof step.data.existed === 'boolean' ? { created: !step.data.existed } : {}) });
  }
  return touched;
}

async function rollbackRegion(ctx: RunContext, region: string): Promise<RegionRollback> {
  const touched = await touchedStacks(ctx, region);
  const stacks = stackOrder(ctx.config, region).filter((s) => touched.has(s.name));
  const report = await restoreStacks(ctx, {
    purpose: 'rollback', stage: 'deploy', region, variant: 'production', stacks,
    withoutRecord: (s) => (touched.get(s.name)?.created ? { delete: true } : { delete: false, why: 'it existed before this run and has no approved record to go back to' }),
  });
  const status = report.some((s) => s.action === 'failed') ? 'failed' : 'rolled-back';
  await ctx.mark(stepKeys.region('rollback', region), { stage: 'deploy', region }, status === 'failed' ? 'failed' : 'succeeded', {
    reason: `rollback: ${report.map((s) => `${s.stack} ${s.action}${s.detail ? ` (${s.detail})` : ''}`).join(', ') || 'nothing to do'}`,
  });
  return { region, status, stacks: report };
}

/** The regions this run changed, latest wave first. */
export async function changedRegions(ctx: RunContext): Promise<string[]> {
  const out: string[] = [];
  for (const region of allRegions(ctx.config)) if ((await touchedStacks(ctx, region)).size > 0) out.push(region);
  return out.reverse();
}

/** Rolls back `regions` (default: every region the run changed), up to the rollout's maxConcurrent at once. */
export async function rollbackRegions(ctx: RunContext, regions?: string[]): Promise<RegionRollback[]> {
  const changed = regions ?? (await changedRegions(ctx));
  const reports: RegionRollback[] = [];
  await pool(changed, ctx.config.rollout.maxConcurrent, () => false, async (region) => {
    const report = await rollbackRegion(ctx, region);
    reports.push(report);
    ctx.log(report.status === 'failed' ? 'error' : 'info', `rollback of ${region}: ${report.stacks.map((s) => `${s.stack} ${s.action}`).join(', ') || 'nothing to do'}`, { stage: 'deploy', region });
  });
  return reports.sort((a, b) => changed.indexOf(a.region) - changed.indexOf(b.region));
}
