// `rollout.onFailure: rollback`: the regions this run changed go back to their last approved
// artifact; stacks this run created (with no approved artifact to go back to) are deleted,
// dependents first. Each action is a durable step, so a killed rollback resumes too.
import { deleteStack } from '../../cloud/index.js';
import { artifactKey, type ArtifactSet, type StackArtifact } from '../engine/artifact.js';
import { clientToken } from '../engine/ids.js';
import type { RunContext } from '../engine/run-context.js';
import { stackOrder } from '../engine/stack-order.js';
import { applyStacks, type RegionOutcome } from '../stages/apply-stacks.js';
import { pool, type WavesResult } from './run-waves.js';

export interface StackRollback {
  stack: string;
  action: 'redeployed' | 'unchanged' | 'deleted' | 'kept' | 'failed';
  detail?: string;
}

export interface RegionRollback {
  region: string;
  status: 'rolled-back' | 'failed';
  stacks: StackRollback[];
}

/** The last approved artifact of a stack in a region, from the store. */
export function lastApprovedArtifact(ctx: RunContext, stack: string, region: string): StackArtifact | undefined {
  const last = ctx.deps.store.getLastApproved(ctx.config.pipeline, stack, region);
  if (!last) return undefined;
  const d = last.data as Partial<StackArtifact>;
  return {
    stack, region, sha256: String(d.sha256 ?? ''), url: String(d.url ?? ''), useUrl: Boolean(d.useUrl), body: String(d.body ?? ''),
    parameters: Array.isArray(d.parameters) ? d.parameters.map(String) : [],
  };
}

async function deleteCreated(ctx: RunContext, region: string, stack: string): Promise<StackRollback> {
  const key = `rollback:delete:${region}:${stack}`;
  const where = { stage: 'deploy' as const, region, stack };
  const result = await ctx.step(key, where, () =>
    deleteStack(ctx.deps.cloud, { region }, stack, {
      clientToken: clientToken(ctx.runId, key, 'delete'),
      onEvent: (e) => ctx.emit({ type: 'resource', ...where, logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }),
    }),
  );
  ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: result.kind === 'succeeded' ? 'deleted' : 'failed', summary: `rollback: ${result.status}` });
  return result.kind === 'succeeded' ? { stack, action: 'deleted' } : { stack, action: 'failed', detail: result.reason };
}

async function rollbackRegion(ctx: RunContext, outcome: RegionOutcome): Promise<RegionRollback> {
  const { region } = outcome;
  const touched = new Map(outcome.stacks.filter((s) => s.outcome.kind !== 'no-changes').map((s) => [s.stack, s]));
  const report: StackRollback[] = [];
  const approved: ArtifactSet = {};
  // Dependents first: a stack this run created may use one that goes back to an older template.
  for (const stack of [...stackOrder(ctx.config, region)].reverse()) {
    const t = touched.get(stack.name);
    if (!t) continue;
    const artifact = lastApprovedArtifact(ctx, stack.name, region);
    if (artifact) approved[artifactKey(stack.name, region)] = artifact;
    else if (t.created) report.push(await deleteCreated(ctx, region, stack.name));
    else report.push({ stack: stack.name, action: 'kept', detail: 'no approved artifact to go back to' });
  }
  const redeploy = new Set(Object.values(approved).map((a) => a.stack));
  if (redeploy.size > 0) {
    const back = await applyStacks(ctx, approved, region, 'production', 'deploy', redeploy, { keyPrefix: 'rollback' });
    for (const s of back.stacks) {
      const kind = s.outcome.kind;
      report.push({ stack: s.stack, action: kind === 'deployed' ? 'redeployed' : kind === 'no-changes' ? 'unchanged' : 'failed', ...(kind === 'failed' ? { detail: s.outcome.reason } : {}) });
    }
    for (const name of redeploy) if (!back.stacks.some((s) => s.stack === name)) report.push({ stack: name, action: 'failed', detail: 'not started: a stack it needs failed to roll back' });
  }
  const status = report.some((s) => s.action === 'failed') ? 'failed' : 'rolled-back';
  return { region, status, stacks: report };
}

/** Rolls back every region the run changed (latest wave first), up to the rollout's maxConcurrent at once. */
export async function rollbackRegions(ctx: RunContext, deployed: WavesResult): Promise<RegionRollback[]> {
  const changed = deployed.regions.filter((r) => r.stacks.some((s) => s.outcome.kind !== 'no-changes')).reverse();
  const reports: RegionRollback[] = [];
  await pool(changed, ctx.config.rollout.maxConcurrent, () => false, async (r) => {
    const report = await rollbackRegion(ctx, r);
    reports.push(report);
    ctx.log(report.status === 'failed' ? 'error' : 'info', `rollback of ${r.region}: ${report.stacks.map((s) => `${s.stack} ${s.action}`).join(', ') || 'nothing to do'}`, { stage: 'deploy', region: r.region });
  });
  const order = changed.map((r) => r.region);
  return reports.sort((a, b) => order.indexOf(a.region) - order.indexOf(b.region));
}
