// An end-to-end fixture: a real git repository made from examples/shop-infra, localcloud over HTTP,
// a real SQLite store, and the pipeline's dependencies wired as the CLI wires them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js';
import type { PipelineDeps, PipelineEvent } from '../../src/pipeline/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cloudDepsFor } from './cloud-deps.js';
import { DEV, exampleRepo, git, writeFiles } from './example-repo.js';

export interface PipelineFixture {
  repo: string;
  cloud: LocalCloud;
  store: Store;
  /** The SQLite file behind `store` (a test may open it to stage what a crash leaves). */
  stateFile: string;
  deps: PipelineDeps;
  events: { runId: string; event: PipelineEvent }[];
  /** Writes files (path -> content) and commits them as `author`; returns the new sha. */
  commit(files: Record<string, string>, message: string, author?: { name: string; email: string }): string;
  stop(): Promise<void>;
}

/** Makes the fixture; `edit` may change example files before the first commit. */
export async function pipelineFixture(edit: Record<string, string> = {}): Promise<PipelineFixture> {
  const root = mkdtempSync(join(tmpdir(), 'meridian-e2e-'));
  const repo = exampleRepo(join(root, 'repo'), edit);
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  const stateFile = join(root, 'state.db');
  const store = openStore(stateFile, { now: () => new Date().toISOString() });
  const events: PipelineFixture['events'] = [];
  const deps: PipelineDeps = {
    store,
    cloud: cloudDepsFor(cloud.endpoint),
    now: () => Date.now(),
    random: Math.random,
    sink: (runId, event) => events.push({ runId, event }),
    workDir: join(root, 'work'),
    endpoint: cloud.endpoint,
    env: {},
  };
  return {
    repo,
    cloud,
    store,
    stateFile,
    deps,
    events,
    commit(files, message, author = DEV) {
      writeFiles(repo, files);
      git(repo, ['add', '-A'], author);
      git(repo, ['commit', '-q', '--allow-empty', '-m', message], author);
      return git(repo, ['rev-parse', 'HEAD']);
    },
    async stop() {
      deps.cloud.pool.destroy();
      store.close();
      await cloud.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
