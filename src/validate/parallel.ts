// Validating many files on several cores: the files are split between worker threads, each with
// its own validator built from the same (serialisable) options. Findings come back as plain data.
import type { ShareResult } from './validator.js';
import type { FileToCheck } from './walk.js';

/** What a worker needs to build its validator and which files to check. */
export interface WorkerJob {
  options: {
    regions?: string[];
    configFile?: string;
    discoverConfig?: boolean;
    cwd: string;
    settings?: Record<string, unknown>;
  };
  files: FileToCheck[];
  regions?: string[];
}

/** Runs `jobs` on worker threads (one each) and collects their results. */
export async function runWorkers(jobs: WorkerJob[]): Promise<ShareResult[]> {
  // Loaded here, not at startup: most runs never start a worker.
  const { Worker } = await import('node:worker_threads');
  // Under tsx (tests, development) this module is the .ts source: so is the worker entry, and the
  // worker needs tsx's loader too.
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './parallel-worker.ts' : './parallel-worker.js', import.meta.url);
  // tsx's loader is registered inside the worker before the .ts entry is imported.
  const entry: string | URL = source ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });` : url;
  return Promise.all(
    jobs.map(
      (job) =>
        new Promise<ShareResult>((resolvePromise, reject) => {
          const worker = new Worker(entry, { workerData: job, eval: source });
          worker.once('message', (m: ShareResult) => resolvePromise(m));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
          });
        }),
    ),
  );
}

/**
 * Splits items into `n` groups of similar total size (largest first, to the lightest group). The
 * first group counts its bytes divided by `firstWeight`, so it ends up that much larger.
 */
export function splitBySize<T>(items: readonly { item: T; bytes: number }[], n: number, firstWeight = 1): T[][] {
  const groups = Array.from({ length: n }, (_, i) => ({ items: [] as T[], bytes: 0, weight: i === 0 ? firstWeight : 1 }));
  for (const it of [...items].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = groups.reduce((a, b) => (b.bytes / b.weight < a.bytes / a.weight ? b : a));
    lightest.items.push(it.item);
    lightest.bytes += it.bytes;
  }
  return groups.filter((g) => g.items.length > 0).map((g) => g.items);
}
