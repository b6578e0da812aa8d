// Validating many files on several cores: the files are split between worker threads, each with
// its own validator built from the same (serialisable) options. Findings come back as plain data.
import { Worker } from 'node:worker_threads';
import type { Finding } from './types.js';

/** What a worker needs to build its validator and which files to check. */
export interface WorkerJob {
  options: {
    regions?: string[];
    configFile?: string;
    discoverConfig?: boolean;
    cwd: string;
    settings?: Record<string, unknown>;
  };
  files: string[];
  regions?: string[];
}

export interface WorkerResult {
  findings: Finding[];
  files: string[];
  skipped: string[];
}

/** Runs `jobs` on worker threads (one each) and collects their results. */
export function runWorkers(jobs: WorkerJob[]): Promise<WorkerResult[]> {
  // Under tsx (tests, development) this module is the .ts source: so is the worker entry, and the
  // worker needs tsx's loader too.
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './parallel-worker.ts' : './parallel-worker.js', import.meta.url);
  // tsx's loader is registered inside the worker before the .ts entry is imported.
  const entry: string | URL = source ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });` : url;
  return Promise.all(
    jobs.map(
      (job) =>
        new Promise<WorkerResult>((resolvePromise, reject) => {
          const worker = new Worker(entry, { workerData: job, eval: source });
          worker.once('message', (m: WorkerResult) => resolvePromise(m));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`validation worker exited with code ${code}`));
          });
        }),
    ),
  );
}

/** Splits files into `n` groups of similar total size (largest first, to the lightest group). */
export function splitBySize(files: { file: string; bytes: number }[], n: number): string[][] {
  const groups = Array.from({ length: n }, () => ({ files: [] as string[], bytes: 0 }));
  for (const f of [...files].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = groups.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.files.push(f.file);
    lightest.bytes += f.bytes;
  }
  return groups.filter((g) => g.files.length > 0).map((g) => g.files);
}
