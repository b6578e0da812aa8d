// An end-to-end fixture: a real git repository made from examples/shop-infra, localcloud over HTTP,
// a real SQLite store, and the pipeline's dependencies wired as the CLI wires them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js';
import type { PipelineDeps, PipelineEvent } from '../../src/pipeline/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { cloudDepsFor } from './adapter-contract.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop-infra/', import.meta.url));

export interface PipelineFixture {
  repo: string;
  cloud: LocalCloud;
  store: Store;
  deps: PipelineDeps;
  events: { runId: string; event: PipelineEvent }[];
  /** Writes files (path -> content) and commits them as `author`; returns the new sha. */
  commit(files: Record<string, string>, message: string, author?: { name: string; email: string }): string;
  stop(): Promise<void>;
}

const DEV = { name: 'Dev Eloper', email: 'dev@example.com' };

function git(repo: string, args: string[], author = DEV): string {
  return execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email },
  }).trim();
}

/** Makes the fixture; `edit` may change example files before the first commit. */
export async function pipelineFixture(edit: Record<string, string> = {}): Promise<PipelineFixture> {
  const root = mkdtempSync(join(tmpdir(), 'meridian-e2e-'));
  const repo = join(root, 'repo');
  cpSync(EXAMPLE, repo, { recursive: true });
  for (const [path, content] of Object.entries(edit)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), content);
  }
  git(repo, ['init', '-q', '-b', 'main']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'initial infrastructure']);
  const cloud = await startLocalCloud({ port: 0, latencyMs: 1 });
  const store = openStore(join(root, 'state.db'), { now: () => new Date().toISOString() });
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
    deps,
    events,
    commit(files, message, author = DEV) {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(repo, path)), { recursive: true });
        writeFileSync(join(repo, path), content);
      }
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
