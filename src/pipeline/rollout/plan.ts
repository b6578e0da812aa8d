// The rollout plan: which regions deploy in which wave, how many at once, how many may fail, and
// the order of stacks within each region as a DAG (independent stacks deploy side by side).
// Pure: it reads the config only, so `meridian plan` prints it without touching a cloud.
import type { PipelineConfig, ParameterValue, StackConfig } from '../config/schema.js';
import { sameRegionDependencies, stackOrder } from '../engine/stack-order.js';
import { formatDuration } from '../config/durations.js';
import { accountOf, type AccountTarget } from './accounts.js';

export interface PlannedStack {
  stack: string;
  /** Stacks of the same region it waits for. */
  after: string[];
  /** 0 for stacks with nothing to wait for; otherwise one more than the deepest stack it waits for. */
  level: number;
}

export interface PlannedRegion {
  region: string;
  account?: AccountTarget;
  stacks: PlannedStack[];
  /** Regions whose values (outputs, SSM parameters) this region reads: they deploy in earlier waves. */
  reads: string[];
}

export interface PlannedWave {
  /** 1-based, as people count waves. */
  wave: number;
  regions: PlannedRegion[];
  maxConcurrent: number;
  /** Regions that may fail before later waves are stopped. */
  failureTolerance: number;
  /** As configured: a count or a percentage such as '25%'. */
  toleranceSpec: number | string;
}

/** A stack's governance keys as configured (only stacks that set one are listed). */
export interface PlannedGovernance {
  stack: string;
  /** One ARN, or one per account name. */
  roleArn?: string | Record<string, string>;
  stackPolicy?: string;
  notificationArns?: string[];
  rollbackTriggers?: { alarms: string[]; monitoringTimeMs: number };
  terminationProtection?: boolean;
}

export interface RolloutPlan {
  pipeline: string;
  primary: string;
  waves: PlannedWave[];
  onFailure: 'stop' | 'rollback';
  retries: { attempts: number; backoffMs: number };
  /** The wait between waves, watching these alarms in the wave's regions. */
  bake?: { durationMs: number; alarms: string[]; pollIntervalMs: number };
  governance: PlannedGovernance[];
}

function governanceOf(s: StackConfig): PlannedGovernance | undefined {
  const g: PlannedGovernance = { stack: s.name };
  if (s.roleArn !== undefined) g.roleArn = s.roleArn;
  if (s.stackPolicy !== undefined) g.stackPolicy = s.stackPolicy;
  if (s.notificationArns !== undefined) g.notificationArns = s.notificationArns;
  if (s.rollbackTriggers) g.rollbackTriggers = { alarms: s.rollbackTriggers.alarms, monitoringTimeMs: s.rollbackTriggers.monitoringTime };
  if (s.terminationProtection !== undefined) g.terminationProtection = s.terminationProtection;
  return Object.keys(g).length > 1 ? g : undefined;
}

function governanceLine(g: PlannedGovernance): string {
  const role = typeof g.roleArn === 'string' ? g.roleArn : g.roleArn ? Object.entries(g.roleArn).map(([a, r]) => `${a}: ${r}`).join(', ') : '';
  return [
    role ? `service role ${role}` : '',
    g.stackPolicy ? `stack policy ${g.stackPolicy}` : '',
    g.notificationArns ? `notifications ${g.notificationArns.join(', ') || 'none'}` : '',
    g.rollbackTriggers ? `rollback triggers ${g.rollbackTriggers.alarms.join(', ') || 'none'}${g.rollbackTriggers.monitoringTimeMs ? ` (monitoring ${formatDuration(g.rollbackTriggers.monitoringTimeMs)})` : ''}` : '',
    g.terminationProtection !== undefined ? `termination protection ${g.terminationProtection ? 'on' : 'off'}` : '',
  ].filter(Boolean).join('; ');
}

/** A count stays a count; '25%' of 6 regions is 1 (rounded down: a tolerance never grows past what was asked). */
export function toleranceCount(spec: number | string, regions: number): number {
  if (typeof spec === 'number') return spec;
  const pct = Number(spec.replace('%', ''));
  return Math.floor((regions * pct) / 100);
}

/** Waves as configured, or derived: the primary alone, then every secondary. */
export function configuredWaves(config: PipelineConfig): { regions: string[]; maxConcurrent: number; toleranceSpec: number | string }[] {
  const { rollout } = config;
  if (rollout.waves) {
    return rollout.waves.map((regions, i) => ({
      regions,
      maxConcurrent: rollout.waveSettings?.[i]?.maxConcurrent ?? rollout.maxConcurrent,
      toleranceSpec: rollout.waveSettings?.[i]?.failureTolerance ?? rollout.failureTolerance,
    }));
  }
  const waves = [{ regions: [config.regions.primary], maxConcurrent: rollout.maxConcurrent, toleranceSpec: rollout.failureTolerance }];
  if (config.regions.secondaries.length > 0) waves.push({ regions: [...config.regions.secondaries], maxConcurrent: rollout.maxConcurrent, toleranceSpec: rollout.failureTolerance });
  return waves;
}

/** A value `stack` reads in `region` from another place: where it was configured and where it reads. */
export interface ValueRead {
  stack: string;
  key: string;
  /** The config group that set the value (the last one wins: parameters, secondaryParameters, regionParameters). */
  path: (string | number)[];
  kind: 'output' | 'ssm';
  /** The output's or the SSM parameter's name. */
  name: string;
  fromRegion: string;
  fromStack?: string;
}

/** The cross-stack and cross-region values `stack` reads when deployed to `region`. */
export function valueReads(config: PipelineConfig, stackIndex: number, region: string): ValueRead[] {
  const stack = config.stacks[stackIndex] as StackConfig;
  const primary = config.regions.primary;
  const groups: [(string | number)[], Record<string, ParameterValue>][] = [[['stacks', stackIndex, 'parameters'], stack.parameters]];
  if (region !== primary) groups.push([['stacks', stackIndex, 'secondaryParameters'], stack.secondaryParameters]);
  groups.push([['stacks', stackIndex, 'regionParameters', region], stack.regionParameters[region] ?? {}]);
  const effective = new Map<string, [(string | number)[], ParameterValue]>();
  for (const [path, params] of groups) for (const [key, value] of Object.entries(params)) effective.set(key, [[...path, key], value]);
  const reads: ValueRead[] = [];
  for (const [key, [path, value]] of effective) {
    if (typeof value !== 'object') continue;
    if ('output' in value) {
      const r = value.output.region;
      reads.push({ stack: stack.name, key, path: [...path, 'output'], kind: 'output', name: value.output.name, fromRegion: r === undefined ? region : r === 'primary' ? primary : r, fromStack: value.output.stack });
    } else if ('ssm' in value) {
      const r = value.ssm.region;
      reads.push({ stack: stack.name, key, path: [...path, 'ssm'], kind: 'ssm', name: value.ssm.name, fromRegion: r === undefined ? region : r === 'primary' ? primary : r });
    }
  }
  return reads;
}

/** True when `stack` deploys to `region` (its `regions:` list, default every region). */
export const deploysTo = (stack: StackConfig, region: string) => !stack.regions || stack.regions.includes(region);

function planRegion(config: PipelineConfig, region: string): PlannedRegion {
  const order = stackOrder(config, region);
  const names = new Set(order.map((s) => s.name));
  const level = new Map<string, number>();
  const stacks = order.map((s) => {
    const after = sameRegionDependencies(s, region, config.regions.primary).filter((d) => names.has(d));
    const l = after.length === 0 ? 0 : Math.max(...after.map((d) => level.get(d) ?? 0)) + 1;
    level.set(s.name, l);
    return { stack: s.name, after, level: l };
  });
  const pipelineRegions = new Set([config.regions.primary, ...config.regions.secondaries]);
  const reads = new Set<string>();
  config.stacks.forEach((s, i) => {
    if (!deploysTo(s, region)) return;
    for (const r of valueReads(config, i, region)) if (r.fromRegion !== region && pipelineRegions.has(r.fromRegion)) reads.add(r.fromRegion);
  });
  const account = accountOf(config, region);
  return { region, ...(account ? { account } : {}), stacks, reads: [...reads] };
}

/** The plan of a config that parseConfig accepted (its cross-region checks hold). */
export function buildPlan(config: PipelineConfig): RolloutPlan {
  return {
    pipeline: config.pipeline,
    primary: config.regions.primary,
    waves: configuredWaves(config).map((w, i) => ({
      wave: i + 1,
      regions: w.regions.map((r) => planRegion(config, r)),
      maxConcurrent: w.maxConcurrent,
      failureTolerance: toleranceCount(w.toleranceSpec, w.regions.length),
      toleranceSpec: w.toleranceSpec,
    })),
    onFailure: config.rollout.onFailure,
    retries: { attempts: config.rollout.retries.attempts, backoffMs: config.rollout.retries.backoff },
    ...(config.rollout.bake ? { bake: { durationMs: config.rollout.bake.duration, alarms: config.rollout.bake.alarms, pollIntervalMs: config.rollout.bake.pollInterval } } : {}),
    governance: config.stacks.flatMap((s) => governanceOf(s) ?? []),
  };
}

/** Readable lines of a plan (what `meridian plan` prints). */
export function formatPlan(plan: RolloutPlan): string[] {
  const lines = [`pipeline ${plan.pipeline}: ${plan.waves.length} wave(s), on failure: ${plan.onFailure}`];
  for (const w of plan.waves) {
    lines.push(`wave ${w.wave}: ${w.regions.map((r) => r.region).join(', ')} (maxConcurrent ${w.maxConcurrent}, failureTolerance ${w.failureTolerance}${typeof w.toleranceSpec === 'string' ? ` = ${w.toleranceSpec}` : ''})`);
    for (const r of w.regions) {
      const extra = [r.account ? `account ${r.account.name} (${r.account.id})` : '', r.reads.length ? `reads from ${r.reads.join(', ')}` : ''].filter(Boolean).join('; ');
      lines.push(`  ${r.region}${extra ? `  [${extra}]` : ''}`);
      const byLevel = new Map<number, PlannedStack[]>();
      for (const s of r.stacks) byLevel.set(s.level, [...(byLevel.get(s.level) ?? []), s]);
      for (const [level, stacks] of [...byLevel].sort((a, b) => a[0] - b[0])) {
        lines.push(`    ${level + 1}. ${stacks.map((s) => (s.after.length ? `${s.stack} (after ${s.after.join(', ')})` : s.stack)).join(' | ')}`);
      }
    }
    if (plan.bake && w.wave < plan.waves.length) {
      const b = plan.bake;
      lines.push(`  bake ${formatDuration(b.durationMs)} before wave ${w.wave + 1}${b.alarms.length ? `, watching ${b.alarms.join(', ')} (every ${formatDuration(b.pollIntervalMs)}); an alarm in ALARM fails wave ${w.wave}` : ''}`);
    }
  }
  if (plan.governance.length > 0) {
    lines.push('governance:');
    for (const g of plan.governance) lines.push(`  ${g.stack}: ${governanceLine(g)}`);
  }
  return lines;
}
