// Runs the plan's waves: within a wave up to maxConcurrent regions at once; a wave with more failed
// regions than it tolerates starts no further region, and later waves do not start.
import type { RegionOutcome } from '../stages/apply-stacks.js';
import type { PlannedWave } from './plan.js';

export interface WaveReport {
  wave: number;
  regions: string[];
  failed: string[];
  failureTolerance: number;
  overTolerance: boolean;
}

export interface WavesResult {
  regions: RegionOutcome[];
  /** Regions not started because a wave went over its tolerance. */
  skipped: string[];
  /** Regions that failed within their wave's tolerance (the run went on). */
  tolerated: string[];
  waves: WaveReport[];
  /** Some wave went over its tolerance, or its bake failed. */
  failed: boolean;
  /** The wave whose bake failed, and why (its regions deployed; later waves did not start). */
  bakeFailure?: { wave: number; reason: string };
}

/** After a wave within its tolerance, before the next: a gate that may stop the rollout. */
export type WaveGate = (wave: PlannedWave) => Promise<{ ok: true } | { ok: false; reason: string }>;

/** Runs `work` over `items` with at most `limit` at once, starting none once `stop()` is true. */
export async function pool<T>(items: readonly T[], limit: number, stop: () => boolean, work: (item: T) => Promise<void>): Promise<T[]> {
  const notStarted: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      if (stop()) {
        notStarted.push(item);
        continue;
      }
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return items.filter((i) => notStarted.includes(i));
}

export async function runWaves(waves: PlannedWave[], deployRegion: (region: string, wave: PlannedWave) => Promise<RegionOutcome>, afterWave?: WaveGate): Promise<WavesResult> {
  const result: WavesResult = { regions: [], skipped: [], tolerated: [], waves: [], failed: false };
  for (const [index, wave] of waves.entries()) {
    const regions = wave.regions.map((r) => r.region);
    if (result.failed) {
      result.skipped.push(...regions);
      result.waves.push({ wave: wave.wave, regions, failed: [], failureTolerance: wave.failureTolerance, overTolerance: false });
      continue;
    }
    const failed: string[] = [];
    const over = () => failed.length > wave.failureTolerance;
    const notStarted = await pool(regions, wave.maxConcurrent, over, async (region) => {
      const outcome = await deployRegion(region, wave);
      result.regions.push(outcome);
      if (outcome.failed) failed.push(region);
    });
    result.skipped.push(...notStarted);
    result.waves.push({ wave: wave.wave, regions, failed, failureTolerance: wave.failureTolerance, overTolerance: over() });
    if (over()) result.failed = true;
    else result.tolerated.push(...failed);
    if (!result.failed && afterWave && index < waves.length - 1) {
      const gate = await afterWave(wave);
      if (!gate.ok) {
        result.failed = true;
        result.bakeFailure = { wave: wave.wave, reason: gate.reason };
      }
    }
  }
  // Report regions in plan order, whatever order they finished in.
  const order = waves.flatMap((w) => w.regions.map((r) => r.region));
  result.regions.sort((a, b) => order.indexOf(a.region) - order.indexOf(b.region));
  return result;
}
