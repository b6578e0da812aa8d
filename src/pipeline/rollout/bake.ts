// The bake between waves (`rollout.bake`): after a wave deploys, wait `duration` before the next one
// starts, reading the listed CloudWatch alarms every `pollInterval` in the wave's regions (a name is
// read in each of them, an ARN in its own region). An alarm in ALARM, or one that does not exist
// (a typo must not pass a gate), fails the wave. The bake is a durable step: when it started is
// journaled first, so a resumed run bakes only what is left, on the injected clock.
import { alarmNameOf, alarmStates, type AlarmStatus } from '../../cloud/index.js';
import { formatDuration } from '../config/durations.js';
import type { RunContext } from '../engine/run-context.js';
import { stepKeys } from '../engine/step-keys.js';
import type { PlannedWave } from './plan.js';

export type BakeOutcome =
  | { kind: 'passed'; wave: number; checks: number; bakedMs: number }
  | { kind: 'alarm'; wave: number; alarm: string; region: string; state: 'ALARM' | 'MISSING'; reason?: string };

interface BakeCheckpoint {
  startedAt: number;
  endsAt: number;
}

const ARN_REGION = /^arn:[\w-]+:cloudwatch:([a-z0-9-]+):\d{12}:alarm:/;

/** Which alarms are read in which region for a wave. */
export function alarmsByRegion(alarms: readonly string[], regions: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (region: string, alarm: string) => out.set(region, [...(out.get(region) ?? []), alarm]);
  for (const alarm of alarms) {
    const own = ARN_REGION.exec(alarm)?.[1];
    if (own) add(own, alarm);
    else for (const r of regions) add(r, alarm);
  }
  return out;
}

async function firstBad(ctx: RunContext, watched: Map<string, string[]>): Promise<(AlarmStatus & { region: string }) | undefined> {
  for (const [region, alarms] of watched) {
    const states = await alarmStates(ctx.deps.cloud, { region }, alarms);
    const bad = states.find((s) => s.state === 'ALARM' || s.state === 'MISSING');
    if (bad) return { ...bad, region };
  }
  return undefined;
}

/** Bakes after `wave` (the next wave waits for it); the outcome is journaled and replayed on resume. */
export async function bakeAfterWave(ctx: RunContext, wave: PlannedWave): Promise<BakeOutcome> {
  const bake = ctx.config.rollout.bake;
  if (!bake) return { kind: 'passed', wave: wave.wave, checks: 0, bakedMs: 0 };
  const key = stepKeys.bake(wave.wave);
  const meta = { stage: 'deploy' as const };
  const regions = wave.regions.map((r) => r.region);
  const watched = alarmsByRegion(bake.alarms, regions);
  return ctx.step(
    key,
    meta,
    async (): Promise<BakeOutcome> => {
      const saved = (await ctx.journal.getStep(key))?.data.bake as BakeCheckpoint | undefined;
      const startedAt = saved?.startedAt ?? ctx.deps.now();
      const cp: BakeCheckpoint = saved ?? { startedAt, endsAt: startedAt + bake.duration };
      if (!saved) await ctx.checkpoint(key, meta, { bake: cp });
      // A fresh bake says its whole duration: the checkpoint's write has already taken a millisecond or two.
      const left = saved ? Math.max(0, cp.endsAt - ctx.deps.now()) : bake.duration;
      const watching = bake.alarms.length ? `, watching ${bake.alarms.map(alarmNameOf).join(', ')} in ${[...watched.keys()].join(', ')}` : '';
      ctx.log('info', `wave ${wave.wave} deployed; baking ${formatDuration(left)}${saved ? ' more (resumed)' : ''} before wave ${wave.wave + 1}${watching}`, meta);
      // Bounded: one check per interval of the bake, and one at each end.
      const limit = Math.ceil(bake.duration / bake.pollInterval) + 2;
      for (let checks = 1; checks <= limit; checks++) {
        const bad = bake.alarms.length ? await firstBad(ctx, watched) : undefined;
        if (bad) return { kind: 'alarm', wave: wave.wave, alarm: bad.alarm, region: bad.region, state: bad.state as 'ALARM' | 'MISSING', ...(bad.reason ? { reason: bad.reason } : {}) };
        const remaining = cp.endsAt - ctx.deps.now();
        if (remaining <= 0) return { kind: 'passed', wave: wave.wave, checks, bakedMs: ctx.deps.now() - cp.startedAt };
        await ctx.deps.cloud.sleep(Math.min(bake.pollInterval, remaining));
      }
      // The clock did not move as far as the sleeps asked: the bake is not over, so the gate stays shut.
      throw new Error(`the bake after wave ${wave.wave} did not end after ${limit} checks (the clock stood still)`);
    },
    (o) => (o.kind === 'passed' ? { status: 'succeeded', reason: `baked ${formatDuration(o.bakedMs)} after wave ${o.wave}${bake.alarms.length ? `; ${o.checks} alarm checks, none in ALARM` : ''}` } : { status: 'failed', reason: bakeReason(o) }),
  );
}

/** Why a bake stopped the rollout, in the run's words. */
export function bakeReason(o: Extract<BakeOutcome, { kind: 'alarm' }>): string {
  const name = alarmNameOf(o.alarm);
  if (o.state === 'MISSING') return `bake after wave ${o.wave} failed: alarm ${name} does not exist in ${o.region}`;
  return `bake after wave ${o.wave} failed: alarm ${name} is in ALARM in ${o.region}${o.reason ? ` (${o.reason})` : ''}`;
}
