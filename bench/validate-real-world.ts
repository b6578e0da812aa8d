// Benchmark: `meridian validate` against cfn-lint on the 55 real-world templates of the shared
// conformance material (one process each, the repository's .cfnlintrc: E+W+I, two regions), and
// the whole-process time of `meridian validate` on one small template.
// Goals: at least 20x faster than cfn-lint; under 0.5 s for one small template.
// Run: npm run build && node --import tsx bench/validate-real-world.ts
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFORMANCE = join(ROOT, '..', 'shared', 'conformance');
const BIN = join(ROOT, 'bin', 'meridian.js');
const SMALL = join(ROOT, 'test', 'validate', 'fixtures', 'walk', 'template.yaml');
const RUNS = 5;
/** cfn-lint takes ~7 s a run; two runs give it the same best-of treatment at a bearable cost. */
const LINT_RUNS = 2;

interface Timed {
  ms: number;
  status: number | null;
  stderr: string;
}

function time(cmd: string, args: string[]): Timed {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd: CONFORMANCE, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ms: performance.now() - started, status: r.status, stderr: r.error ? r.error.message : r.stderr };
}

function best(cmd: string, args: string[], runs = RUNS): Timed & { median: number } {
  const all = Array.from({ length: runs }, () => time(cmd, args));
  const sorted = all.map((t) => t.ms).sort((a, b) => a - b);
  return { ...all.reduce((a, b) => (b.ms < a.ms ? b : a)), median: sorted[Math.floor(sorted.length / 2)] as number };
}

if (!existsSync(join(CONFORMANCE, 'cfn-lint-expected.json'))) {
  process.stdout.write(`skipped: conformance material not found at ${CONFORMANCE}\n`);
  process.exit(0);
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
  process.stdout.write('skipped: dist/ is missing; run `npm run build` first\n');
  process.exit(0);
}

const entries = JSON.parse(readFileSync(join(CONFORMANCE, 'cfn-lint-expected.json'), 'utf8')) as { file: string; kind: string }[];
const files = entries.filter((e) => e.kind === 'real-world').map((e) => e.file);
const config = 'templates/real-world/.cfnlintrc';

const meridian = best(process.execPath, [BIN, 'validate', '--config', config, '--fail-on', 'never', '--format', 'json', ...files]);
if (meridian.status !== 0) throw new Error(`meridian validate failed (exit ${meridian.status}): ${meridian.stderr}`);
const small = best(process.execPath, [BIN, 'validate', '--fail-on', 'never', SMALL], 5);

process.stdout.write(`templates:                     ${files.length} real-world (E+W+I, us-east-1 + us-west-2)\n`);
process.stdout.write(`meridian validate, 55 files:   ${meridian.ms.toFixed(0)} ms (best of ${RUNS}, median ${meridian.median.toFixed(0)} ms; whole process)\n`);
process.stdout.write(`meridian validate, 1 small:    ${small.ms.toFixed(0)} ms (best of 5, whole process; goal < 500 ms)\n`);

const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  process.stdout.write('cfn-lint:                      not on PATH, ratio not measured\n');
} else {
  // cfn-lint exits non-zero when it finds something; only a missing binary is a failure here.
  const lint = best('cfn-lint', ['--config-file', config, '--format', 'json', '--', ...files], LINT_RUNS);
  process.stdout.write(`cfn-lint ${probe.stdout.trim().replace(/^cfn-lint /, '')}, 55 files:     ${lint.ms.toFixed(0)} ms (best of ${LINT_RUNS}, whole process)\n`);
  process.stdout.write(`ratio:                         ${(lint.ms / meridian.ms).toFixed(1)}x faster, best against best (goal >= 20x); ${(lint.median / meridian.median).toFixed(1)}x median against median\n`);
}
if (small.ms >= 500) process.stdout.write('note: small-template goal missed on this run\n');
