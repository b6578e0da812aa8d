// Drift: detect drift on every production stack in every region; the policy (`drift.onDrift`)
// blocks the run before approval or lets it go on with a warning. NOT_CHECKED is listed as such:
// an endpoint without drift detection (LocalStack, moto) leaves every resource NOT_CHECKED, which
// blocks only with `drift: { requireChecked: true }`.
import { describeStack, detectDrift, type CloudDeps, type DriftReport } from '../../cloud/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { runCloud } from '../rollout/run-cloud.js';
import type { RunContext, StepVerdict } from '../engine/run-context.js';
import { allRegions, stackOrder } from '../engine/stack-order.js';
import { stepKeys } from '../engine/step-keys.js';

export interface DriftStageResult {
  reports: DriftReport[];
  drifted: boolean;
  /** Some detection ran in this process (its news is not a replay). */
  fresh: boolean;
}

/** What the policy makes of the reports: block the run, go on with a warning, or nothing to say. */
export type DriftDecision = { kind: 'block' | 'warn'; reason: string } | { kind: 'in-sync' };

export function driftDecision(config: Pick<PipelineConfig, 'drift'>, reports: DriftReport[]): DriftDecision {
  const drifted = reports.filter((r) => r.drifted.length > 0).map((r) => `${r.stackName}@${r.region}`);
  const unchecked = reports.filter((r) => r.notChecked.length > 0).map((r) => `${r.stackName}@${r.region}`);
  const { onDrift, requireChecked } = config.drift;
  if (drifted.length > 0) return { kind: onDrift, reason: `drift detected on ${drifted.join(', ')}${onDrift === 'warn' ? '; continuing' : ''} (drift.onDrift: ${onDrift})` };
  if (unchecked.length > 0) {
    const why = reports.find((r) => r.unsupported)?.unsupported;
    const what = `resources not checked for drift on ${unchecked.join(', ')}${why ? ` (the endpoint has no drift detection: ${why})` : ''}`;
    return onDrift === 'block' && requireChecked ? { kind: 'block', reason: `${what} (drift.requireChecked: true)` } : { kind: 'warn', reason: `${what}; continuing` };
  }
  return { kind: 'in-sync' };
}

function verdictOf(config: PipelineConfig, report: DriftReport | undefined): StepVerdict {
  if (!report) return { status: 'succeeded', reason: 'not deployed yet' };
  const d = driftDecision(config, [report]);
  return d.kind === 'in-sync' ? { status: 'succeeded', reason: 'in sync' } : { status: d.kind === 'block' ? 'failed' : 'warned', reason: d.reason };
}

export async function driftStage(ctx: RunContext, regions = allRegions(ctx.config)): Promise<DriftStageResult> {
  const reports: DriftReport[] = [];
  let fresh = false;
  for (const region of regions) {
    for (const stack of stackOrder(ctx.config, region)) {
      const where = { stage: 'drift' as const, region, stack: stack.name };
      const key = stepKeys.drift(region, stack.name);
      const report = await ctx.step(
        key,
        where,
        async () => {
          const existing = await describeStack(ctx.deps.cloud, { region }, stack.name);
          if (!existing || existing.status === 'REVIEW_IN_PROGRESS') return null;
          return detectDrift(ctx.deps.cloud, { region }, stack.name);
        },
        (r: DriftReport | null) => verdictOf(ctx.config, r ?? undefined),
      );
      fresh ||= ctx.isFresh(key);
      if (!report) {
        ctx.emitFresh(key, { type: 'stage-finished', ...where, outcome: 'no-stack', summary: 'not deployed yet' });
        continue;
      }
      reports.push(report);
      const summary = report.drifted.length
        ? report.drifted.map((d) => `${d.logicalId} ${d.status}${d.differences.length ? ` (${d.differences.map((p) => `${p.path} ${p.type}`).join(', ')})` : ''}`).join('; ')
        : report.unsupported ? 'not checked' : 'in sync';
      const notChecked = report.notChecked.length ? `; not checked: ${report.notChecked.map((d) => d.logicalId).join(', ')}${report.unsupported ? ` (${report.unsupported})` : ''}` : '';
      ctx.emitFresh(key, {
        type: 'stage-finished', ...where, outcome: report.drifted.length ? 'drifted' : report.notChecked.length ? 'not-checked' : 'in-sync', summary: summary + notChecked,
        details: report.drifted.flatMap((d) => d.differences.map((p) => `${d.logicalId} ${p.path}: expected ${p.expected ?? '(none)'}, actual ${p.actual ?? '(none)'}`)),
      });
    }
  }
  return { reports, drifted: reports.some((r) => r.drifted.length > 0), fresh };
}

/** The run's drift reports, read back from the drift steps (the AWS-native host runs them per region). */
export async function driftReports(ctx: RunContext): Promise<DriftReport[]> {
  const out: DriftReport[] = [];
  for (const region of allRegions(ctx.config)) {
    for (const stack of stackOrder(ctx.config, region)) {
      const r = await ctx.finished<DriftReport | null>(stepKeys.drift(region, stack.name));
      if (r) out.push(r);
    }
  }
  return out;
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
