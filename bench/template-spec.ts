// Benchmark: size of the generated resource spec (one file per type), time to load one type, and the
// whole-process time of a program that touches a few resource types through dist/.
// Run: node --import tsx bench/template-spec.ts   (needs `npm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createSpecStore, DEFAULT_SPEC_DIR } from '../src/template/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 10;
const FEW_TYPES = ['AWS::S3::Bucket', 'AWS::Lambda::Function', 'AWS::EC2::Subnet', 'AWS::IAM::Role'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function sizes(): void {
  const files = readdirSync(DEFAULT_SPEC_DIR).filter((f) => f.endsWith('.json'));
  let raw = 0;
  let gzip = 0;
  let largest = { file: '', bytes: 0 };
  for (const f of files) {
    const data = readFileSync(join(DEFAULT_SPEC_DIR, f));
    raw += data.length;
    gzip += gzipSync(data).length;
    if (data.length > largest.bytes) largest = { file: f, bytes: data.length };
  }
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  process.stdout.write(
    `spec size: ${files.length} files, ${kib(raw)} raw, ${kib(gzip)} gzipped (file by file); largest ${largest.file} ${kib(largest.bytes)}\n`,
  );
}

function typeLoad(): void {
  const indexRuns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    createSpecStore().resourceTypeNames();
    indexRuns.push(performance.now() - started);
  }
  process.stdout.write(`spec load: index of all type names ${median(indexRuns).toFixed(2)} ms (median of ${RUNS})\n`);
  // A fresh store each time, so every measurement reads and decodes the file again.
  for (const type of ['AWS::S3::Bucket', 'AWS::EC2::Instance', 'AWS::QuickSight::Dashboard']) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const store = createSpecStore();
      store.resourceTypeNames();
      const started = performance.now();
      store.resourceSpec(type);
      runs.push(performance.now() - started);
    }
    process.stdout.write(`spec load: first resourceSpec('${type}') ${median(runs).toFixed(2)} ms (index already read; median of ${RUNS})\n`);
  }
}

function wholeProcess(): void {
  const entry = join(ROOT, 'dist', 'template', 'index.js');
  if (!existsSync(entry)) {
    process.stdout.write('spec process: skipped, dist/ is missing (run `npm run build`)\n');
    return;
  }
  const script = `const m = await import(${JSON.stringify(new URL(`file://${entry}`).href)}); for (const t of ${JSON.stringify(FEW_TYPES)}) if (!m.resourceSpec(t)) process.exit(1);`;
  const time = (code: string) => {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
      runs.push((performance.now() - started) / 1000);
      if (r.status !== 0) throw new Error(`spec process exited ${r.status}: ${r.stderr}`);
    }
    return median(runs);
  };
  const few = time(script);
  const bare = time('');
  process.stdout.write(
    `spec process: node importing dist/template and reading ${FEW_TYPES.length} types: median ${few.toFixed(3)} s ` +
      `(bare node: ${bare.toFixed(3)} s; goal < 0.3 s, ratio ${(few / 0.3).toFixed(2)})\n`,
  );
}

sizes();
typeLoad();
wholeProcess();
