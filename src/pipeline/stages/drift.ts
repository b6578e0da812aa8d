// Drift: detect drift on every production stack in every region; the policy (`drift.onDrift`)
// blocks the run before approval or lets it go on with a warning. NOT_CHECKED is listed as such.
import { describeStack, detectDrift, type CloudDeps, type DriftReport } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { runCloud } from '../rollout/run-cloud.js';
import type { RunContext } from '../engine/run-context.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';

export interface DriftStageResult {
  reports: DriftReport[];
  drifted: boolean;
}

export async function driftStage(ctx: RunContext): Promise<DriftStageResult> {
  const reports: DriftReport[] = [];
  for (const region of allRegions(ctx.config)) {
    for (const stack of stackOrder(ctx.config, region)) {
      const where = { stage: 'drift' as const, region, stack: stack.name };
      const key = `drift:${region}:${stack.name}`;
      const report = await ctx.step(key, where, async () => {
        const existing = await describeStack(ctx.deps.cloud, { region }, stack.name);
        if (!existing || existing.status === 'REVIEW_IN_PROGRESS') return undefined;
        return detectDrift(ctx.deps.cloud, { region }, stack.name);
      });
      if (!report) {
        ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: 'no-stack', summary: 'not deployed yet' });
        continue;
      }
      reports.push(report);
      const summary = report.drifted.length
        ? report.drifted.map((d) => `${d.logicalId} ${d.status}${d.differences.length ? ` (${d.differences.map((p) => `${p.path} ${p.type}`).join(', ')})` : ''}`).join('; ')
        : 'in sync';
      const notChecked = report.notChecked.length ? `; not checked: ${report.notChecked.map((d) => d.logicalId).join(', ')}` : '';
      ctx.emitFresh(key, {
        type: 'stage-finished', ...where, outcome: report.drifted.length ? 'drifted' : 'in-sync', summary: summary + notChecked,
        details: report.drifted.flatMap((d) => d.differences.map((p) => `${d.logicalId} ${p.path}: expected ${p.expected ?? '(none)'}, actual ${p.actual ?? '(none)'}`)),
      });
    }
  }
  return { reports, drifted: reports.some((r) => r.drifted.length > 0) };
}

/** Drift of every production stack of a pipeline, outside any run (`meridian drift`). */
export async function pipelineDrift(base: CloudDeps, config: PipelineConfig): Promise<{ region: string; stack: string; report?: DriftReport }[]> {
  // Each region's stacks live in that region's account (roles assumed as a run would).
  const cloud = runCloud(base, config, 'drift');
  const out: { region: string; stack: string; report?: DriftReport }[] = [];
  for (const region of [config.regions.primary, ...config.regions.secondaries]) {
    for (const stack of config.stacks) {
      if (stack.regions && !stack.regions.includes(region)) continue;
      const existing = await describeStack(cloud, { region }, stack.name);
      if (!existing || existing.status === 'REVIEW_IN_PROGRESS') out.push({ region, stack: stack.name });
      else out.push({ region, stack: stack.name, report: await detectDrift(cloud, { region }, stack.name) });
    }
  }
  return out;
}
