// Benchmark: parse + dependency graph over the 55 real-world templates, and the whole-process
// time of `meridian template graph` on a small template (goal < 0.3 s).
// Run: node --import tsx bench/template-parse-graph.ts   (the process part needs `npm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dependencyGraph, parseTemplate } from '../src/template/index.js';
import { median, REAL_WORLD, ROOT, templatesUnder } from './support/measure.js';

const SMALL = join(ROOT, 'test', 'cli', 'fixtures', 'graph-small.yaml');
const PASSES = 5;
const RUNS = 10;
const GOAL_S = 0.3;

function parseAndGraph(): void {
  if (!existsSync(REAL_WORLD)) {
    process.stdout.write(`parse+graph: skipped, ${REAL_WORLD} not found\n`);
    return;
  }
  const texts = templatesUnder(REAL_WORLD, /\.(ya?ml|json|template)$/).map((f) => ({ file: relative(REAL_WORLD, f), text: readFileSync(f, 'utf8') }));
  const perTemplate = texts.map(() => [] as number[]);
  const totals: number[] = [];
  const graphTotals: number[] = [];
  let failures = 0;
  // Pass 0 warms the JIT and is not counted.
  for (let pass = 0; pass <= PASSES; pass++) {
    let total = 0;
    let graphTotal = 0;
    texts.forEach(({ file, text }, i) => {
      const started = performance.now();
      const result = parseTemplate(text, file);
      const parsed = performance.now();
      if (result.ok) dependencyGraph(result.template.body);
      else if (pass === 0) failures++;
      const ms = performance.now() - started;
      total += ms;
      graphTotal += performance.now() - parsed;
      if (pass > 0) perTemplate[i]?.push(ms);
    });
    if (pass > 0) {
      totals.push(total);
      graphTotals.push(graphTotal);
    }
  }
  const medians = perTemplate.map(median);
  const slowest = medians.reduce((best, ms, i) => (ms > best.ms ? { ms, i } : best), { ms: 0, i: 0 });
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t.text), 0);
  process.stdout.write(
    `parse+graph: ${texts.length} real-world templates (${(bytes / 1024).toFixed(0)} KiB, ${failures} parse failures), ` +
      `total ${median(totals).toFixed(1)} ms (graph alone ${median(graphTotals).toFixed(1)} ms; median of ${PASSES} passes), per template median ${median(medians).toFixed(2)} ms, ` +
      `slowest ${slowest.ms.toFixed(2)} ms (${texts[slowest.i]?.file})\n`,
  );
}

function wholeProcess(): void {
  const bin = join(ROOT, 'bin', 'meridian.js');
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    process.stdout.write('process: skipped, dist/ is missing (run `npm run build`)\n');
    return;
  }
  const time = (args: string[]) => {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8' });
      runs.push((performance.now() - started) / 1000);
      if (r.status !== 0) throw new Error(`meridian ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    return median(runs);
  };
  const graph = time(['template', 'graph', relative(ROOT, SMALL)]);
  const version = time(['--version']);
  process.stdout.write(
    `process: meridian template graph ${relative(ROOT, SMALL)}: median ${graph.toFixed(3)} s of ${RUNS} runs, ` +
      `goal < ${GOAL_S} s, ratio ${(graph / GOAL_S).toFixed(2)} (meridian --version: ${version.toFixed(3)} s)\n`,
  );
}

parseAndGraph();
wholeProcess();
