// Benchmark: the fast YAML reader against the `yaml` library on the 55 real-world templates.
// Cold: a fresh process parses every template once (modules loaded before the clock starts), the
// figure `meridian validate` pays on each run. Wall times move with other load on the machine. Warm: the same in one process after a warm-up pass.
// Goals (issue #4): fast < 60 ms cold, < 25 ms warm.
// Run: node --import tsx bench/template-yaml-reader.ts
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { LineIndex } from '../src/template/source-node.js';
import { readYamlFast } from '../src/template/yaml-fast-reader.js';
import { readYamlWithLibrary } from '../src/template/yaml-reader.js';
import { median, REAL_WORLD, ROOT, templatesUnder } from './support/measure.js';

const COLD_RUNS = 7;
const WARM_PASSES = 10;
const GOAL_COLD_MS = 60;
const GOAL_WARM_MS = 25;

type Reader = 'fast' | 'library';

/** Parses every text once with one reader; the fast reader falls back as readYaml does. */
function parseAll(texts: string[], reader: Reader): { ms: number; cpuMs: number; fallbacks: number } {
  let fallbacks = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (const text of texts) {
    if (reader === 'library') readYamlWithLibrary(text, new LineIndex(text));
    else if (readYamlFast(text) === null) {
      fallbacks++;
      readYamlWithLibrary(text, new LineIndex(text));
    }
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, fallbacks };
}

/** Wall and CPU time (all threads, so JIT compilation counts) of the first pass in fresh processes. */
function cold(reader: Reader): { ms: number; cpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--cold', reader], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cold ${reader} run exited ${r.status}: ${r.stderr}`);
    const [ms, cpuMs] = r.stdout.trim().split(' ').map(Number);
    wall.push(ms as number);
    cpu.push(cpuMs as number);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

function warm(texts: string[], reader: Reader): number {
  const totals: number[] = [];
  for (let pass = 0; pass <= WARM_PASSES; pass++) {
    const { ms } = parseAll(texts, reader);
    if (pass > 0) totals.push(ms);
  }
  return median(totals);
}

function main(): void {
  if (!existsSync(REAL_WORLD)) {
    process.stdout.write(`yaml reader: skipped, ${REAL_WORLD} not found\n`);
    return;
  }
  const texts = templatesUnder(REAL_WORLD, /\.(ya?ml|template)$/).map((f) => readFileSync(f, 'utf8'));
  const mode = process.argv.indexOf('--cold');
  if (mode >= 0) {
    // Child process: one timed pass, printed for the parent. The library path loads `yaml` on
    // first use; load it before the clock starts, as the old reader did at import.
    const reader = process.argv[mode + 1] as Reader;
    if (reader === 'library') createRequire(import.meta.url)('yaml');
    const { ms, cpuMs } = parseAll(texts, reader);
    process.stdout.write(`${ms} ${cpuMs}\n`);
    return;
  }
  const kib = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1024;
  const { fallbacks } = parseAll(texts, 'fast');
  const coldFast = cold('fast');
  const coldLib = cold('library');
  const warmLib = warm(texts, 'library');
  const warmFast = warm(texts, 'fast');
  const line = (name: string, fast: number, lib: number, goal: number) =>
    `${name}: fast ${fast.toFixed(1)} ms, library ${lib.toFixed(1)} ms, ${(lib / fast).toFixed(1)}x faster (goal < ${goal} ms, ratio ${(fast / goal).toFixed(2)})\n`;
  process.stdout.write(`yaml reader: ${texts.length} real-world templates (${kib.toFixed(0)} KiB), ${texts.length - fallbacks} read by the fast reader, ${fallbacks} fell back\n`);
  process.stdout.write(line(`cold (fresh process, median of ${COLD_RUNS})`, coldFast.ms, coldLib.ms, GOAL_COLD_MS));
  // CPU time counts every thread (JIT compilation, GC); wall time also counts waiting for a core.
  process.stdout.write(`cold CPU time: fast ${coldFast.cpuMs.toFixed(1)} ms, library ${coldLib.cpuMs.toFixed(1)} ms\n`);
  process.stdout.write(line(`warm (median of ${WARM_PASSES} passes)`, warmFast, warmLib, GOAL_WARM_MS));
}

main();
