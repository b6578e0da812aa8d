// The wave runner alone, with regions that succeed or fail on command: concurrency never exceeds a
// wave's maxConcurrent, tolerance counts per wave, and a wave over tolerance starts nothing more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlannedWave } from '../../../src/pipeline/index.js';
import { runWaves } from '../../../src/pipeline/rollout/run-waves.js';

const wave = (n: number, regions: string[], maxConcurrent: number, failureTolerance: number): PlannedWave => ({
  wave: n,
  regions: regions.map((region) => ({ region, stacks: [], reads: [] })),
  maxConcurrent,
  failureTolerance,
  toleranceSpec: failureTolerance,
});

function fakeDeploy(failing: Set<string>) {
  const started: string[] = [];
  let running = 0;
  let peak = 0;
  const deploy = async (region: string) => {
    started.push(region);
    running++;
    peak = Math.max(peak, running);
    // Let the other workers start before this one ends.
    await new Promise((r) => setImmediate(r));
    running--;
    return { region, stacks: [], failed: failing.has(region), fresh: true };
  };
  return { deploy, started, peak: () => peak };
}

test('regions of a wave run at most maxConcurrent at once; waves run in order', async () => {
  const fake = fakeDeploy(new Set());
  const result = await runWaves([wave(1, ['a'], 1, 0), wave(2, ['b', 'c', 'd', 'e', 'f'], 2, 0)], fake.deploy);
  assert.equal(fake.peak(), 2);
  assert.equal(fake.started[0], 'a');
  assert.deepEqual(result.regions.map((r) => r.region), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal(result.failed, false);
});

test('within tolerance the rollout goes on; over it, nothing more of the wave starts and later waves are skipped', async () => {
  const tolerated = await runWaves([wave(1, ['a'], 1, 0), wave(2, ['b', 'c', 'd'], 1, 1), wave(3, ['e'], 1, 0)], fakeDeploy(new Set(['c'])).deploy);
  assert.equal(tolerated.failed, false);
  assert.deepEqual(tolerated.tolerated, ['c']);
  assert.deepEqual(tolerated.regions.map((r) => r.region), ['a', 'b', 'c', 'd', 'e']);

  const fake = fakeDeploy(new Set(['b', 'c']));
  const over = await runWaves([wave(1, ['a'], 1, 0), wave(2, ['b', 'c', 'd', 'e'], 1, 1), wave(3, ['f'], 1, 0)], fake.deploy);
  assert.equal(over.failed, true);
  assert.deepEqual(fake.started, ['a', 'b', 'c'], 'the second failure stops the wave');
  assert.deepEqual(over.skipped, ['d', 'e', 'f']);
  assert.deepEqual(over.waves.map((w) => [w.wave, w.failed, w.overTolerance]), [[1, [], false], [2, ['b', 'c'], true], [3, [], false]]);
});
