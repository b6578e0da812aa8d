// Benchmark: the deterministic zip writer on a Lambda-sized folder, and packaging a stack for three
// regions against localcloud: first run (uploads), unchanged re-run (no uploads), shared zip cache.
// Run: node --import tsx bench/package-assets.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClientPool, retryPolicy, type CloudDeps } from '../src/cloud/index.js';
import { startLocalCloud } from '../src/localcloud/index.js';
import { createPackageCache, packageForRegion } from '../src/pipeline/package/index.js';
import { zipFolder } from '../src/pipeline/package/asset-content.js';

const RUNS = 5;
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** A folder like a bundled Node function with dependencies: many small text files, a few larger. */
function makeTree(root: string): number {
  let bytes = 0;
  for (let m = 0; m < 40; m++) {
    for (let f = 0; f < 25; f++) {
      const dir = join(root, 'functions', 'api', 'node_modules', `pkg-${m}`, f % 5 === 0 ? 'lib' : '');
      mkdirSync(dir, { recursive: true });
      const text = `// module ${m} file ${f}\n${`export function f${f}(x) { return x * ${m} + ${f}; }\n`.repeat(40 + ((m * 7 + f) % 200))}`;
      writeFileSync(join(dir, `file-${f}.js`), text);
      bytes += text.length;
    }
  }
  mkdirSync(join(root, 'templates'), { recursive: true });
  writeFileSync(
    join(root, 'templates', 'app.yaml'),
    `Resources:\n${['A', 'B', 'C'].map((id) => `  Fn${id}:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Role: !Sub arn:aws:iam::\${AWS::AccountId}:role/r\n      Code: ../functions/api\n`).join('')}`,
  );
  return bytes;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

const work = mkdtempSync(join(tmpdir(), 'meridian-bench-pkg-'));
const cloud = await startLocalCloud({ port: 0, latencyMs: 0 });
try {
  const bytes = makeTree(work);
  const zipRuns: number[] = [];
  let zipped: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    const t = await time(() => zipFolder(work, join(work, 'functions', 'api')));
    zipRuns.push(t.ms);
    if (i > 0 && !t.value.equals(zipped)) throw new Error('zip output differs between runs');
    zipped = t.value;
  }
  const zipMs = median(zipRuns);
  process.stdout.write(`zip: 1000 files, ${mib(bytes)} -> ${mib(zipped.length)} (${((zipped.length / bytes) * 100).toFixed(1)}%) in ${zipMs.toFixed(0)} ms (${(bytes / 1024 / 1024 / (zipMs / 1000)).toFixed(1)} MiB/s; median of ${RUNS}); identical bytes every run\n`);

  const deps: CloudDeps = {
    pool: createClientPool({ endpoint: cloud.endpoint, credentials: { accessKeyId: '000000000000', secretAccessKey: 'test' }, now: () => Date.now() }),
    retry: retryPolicy({ attempts: 6, baseDelayMs: 20, maxDelayMs: 200 }),
    poll: { intervalMs: 25, timeoutMs: 60_000 },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: Math.random,
    now: () => Date.now(),
  };
  const all = (cache?: ReturnType<typeof createPackageCache>) =>
    time(async () => {
      let uploads = 0;
      for (const region of REGIONS) {
        const r = await packageForRegion(deps, { region }, { rootDir: work, pipeline: 'bench', bucket: `meridian-bench-000000000000-${region}`, stacks: [{ name: 'app', template: 'templates/app.yaml' }], endpoint: cloud.endpoint, ...(cache ? { cache } : {}) });
        uploads += r.uploads;
      }
      return uploads;
    });
  const first = await all();
  const again = await all();
  const cached = await all(createPackageCache());
  process.stdout.write(`package 3 regions, first run: ${first.ms.toFixed(0)} ms, ${first.value} uploads (bucket per region, one zip + one template each)\n`);
  process.stdout.write(`package 3 regions, unchanged tree: ${again.ms.toFixed(0)} ms, ${again.value} uploads (${(first.ms / again.ms).toFixed(1)}x faster)\n`);
  process.stdout.write(`package 3 regions, unchanged tree, one zip cache for all regions: ${cached.ms.toFixed(0)} ms, ${cached.value} uploads (${(again.ms / cached.ms).toFixed(1)}x vs no shared cache)\n`);
} finally {
  await cloud.stop();
  rmSync(work, { recursive: true, force: true });
}
