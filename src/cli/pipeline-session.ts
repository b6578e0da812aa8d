// Everything a pipeline command needs, wired from flags, environment and meridian.yaml: the state
// directory and its store, the cloud target (AWS, an endpoint, or an embedded localcloud that keeps
// its state beside the store so a later `approve` sees what `run` deployed), and the printer.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as ChildProcess from 'node:child_process';
import { createRequire } from 'node:module';
import type { EventSink, PipelineDeps } from '../pipeline/index.js';
import { UsageError } from './exit-codes.js';
import { isAwsEndpoint, profileFacts } from './aws-profile.js';

export interface SessionOptions {
  repo?: string;
  state?: string;
  cloud?: string;
  endpoint?: string;
  /** The command reads the store only (status, runs): no cloud, no credentials checked. */
  offline?: boolean;
  /**
   * `cloud: local` when another live process already runs the localcloud of this state directory:
   * use it (`join`, default), or stop with a usage error naming that process (`fail`).
   */
  whenLocalCloudLocked?: 'join' | 'fail';
}

export interface PipelineSession {
  repo: string;
  stateDir: string;
  deps: PipelineDeps;
  close(): Promise<void>;
}

/** Where to deploy: flag, then environment, then meridian.yaml's `cloud:`, else real AWS. */
/**
 * How often stack operations are polled. Anything that is not AWS itself (localcloud, LocalStack,
 * moto, a profile whose endpoint_url points at one) answers in milliseconds: poll it like an
 * emulator; AWS takes seconds to minutes.
 */
export function pollPolicy(choice: string, endpoint: string | undefined, profileEndpoint: string | undefined): { intervalMs: number; timeoutMs: number } {
  const target = endpoint ?? profileEndpoint;
  const emulator = choice === 'local' || (target !== undefined && !isAwsEndpoint(target));
  return emulator ? { intervalMs: 50, timeoutMs: 10 * 60_000 } : { intervalMs: 5_000, timeoutMs: 6 * 3_600_000 };
}

async function cloudChoice(options: SessionOptions, repo: string): Promise<string> {
  if (options.endpoint) return options.endpoint;
  if (options.cloud) return options.cloud;
  if (process.env.MERIDIAN_CLOUD) return process.env.MERIDIAN_CLOUD;
  if (process.env.AWS_ENDPOINT_URL) return process.env.AWS_ENDPOINT_URL;
  // Only the `cloud` key is read here: a config with other errors is reported by the command itself.
  const file = join(repo, 'meridian.yaml');
  if (existsSync(file)) {
    const { parseDocument } = await import('../template/index.js');
    const doc = parseDocument(readFileSync(file, 'utf8'), file);
    const cloud = doc.ok && doc.value && typeof doc.value === 'object' ? (doc.value as { cloud?: unknown }).cloud : undefined;
    if (typeof cloud === 'string') return cloud;
  }
  return 'aws';
}

export async function openSession(options: SessionOptions, sink: EventSink): Promise<PipelineSession> {
  const repo = resolve(options.repo ?? '.');
  const stateDir = resolve(options.state ?? join(repo, '.meridian'));
  const stateFile = join(stateDir, 'state.db');
  // A command that only reads the store (status, runs) where there is none yet reads an empty one,
  // and leaves the folder as it found it: `meridian runs` typed in the wrong folder makes no .meridian.
  const nothingStored = options.offline === true && !existsSync(stateFile);
  if (!nothingStored) mkdirSync(stateDir, { recursive: true });
  const [{ openStore }, { createClientPool, retryPolicy }] = await Promise.all([import('../store/index.js'), import('../cloud/index.js')]);
  const choice = await cloudChoice(options, repo);
  let endpoint: string | undefined;
  let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  let stopLocal: (() => Promise<void>) | undefined;
  if (choice === 'local') {
    const { DataDirLockedError, openLocalCloud } = await import('../localcloud/index.js');
    // One localcloud per state directory: a second command joins the one already running.
    const opened = await openLocalCloud({ port: 0, dataDir: join(stateDir, 'localcloud'), latencyMs: 2 }, { whenLocked: options.whenLocalCloudLocked ?? 'join' }).catch((err: unknown) => {
      throw err instanceof DataDirLockedError ? new UsageError(err.message) : err;
    });
    endpoint = opened.kind === 'started' ? opened.cloud.endpoint : opened.endpoint;
    credentials = { accessKeyId: '000000000000', secretAccessKey: 'localcloud' };
    if (opened.kind === 'started') stopLocal = () => opened.cloud.stop();
  } else if (choice !== 'aws') {
    if (!/^https?:\/\//.test(choice)) {
      const { didYouMean } = await import('../pipeline/index.js');
      throw new UsageError(`cloud must be aws, local or an endpoint URL such as http://localhost:4566, not '${choice}'${didYouMean(choice, ['aws', 'local'])}`);
    }
    endpoint = choice;
    if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  }
  // Whatever fails from here on must not leave the embedded localcloud listening: its server would
  // keep the process alive after the error is printed.
  try {
    const profile = choice === 'local' || options.offline ? undefined : profileFacts(process.env);
    if (profile && !profile.found) {
      throw new UsageError(
        `AWS_PROFILE=${profile.name}: no profile '${profile.name}' in ${profile.files.join(' or ')}${profile.known.length ? ` (profiles there: ${profile.known.join(', ')})` : ''}`,
      );
    }
    const store = (() => {
      try {
        return openStore(nothingStored ? ':memory:' : stateFile, { now: () => new Date().toISOString() });
      } catch (err) {
        throw new UsageError(`${stateFile}: cannot open Meridian's state database (${(err as Error).message}); move it aside to start afresh, or pass --state DIR`);
      }
    })();
    const pool = createClientPool({ ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}), roleSessionName: 'meridian', now: () => Date.now() });
    const deps: PipelineDeps = {
      store,
      cloud: {
        pool,
        retry: retryPolicy({}),
        poll: pollPolicy(choice, endpoint, profile?.endpointUrl),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        random: Math.random,
        now: () => Date.now(),
      },
      now: () => Date.now(),
      random: Math.random,
      sink,
      workDir: join(stateDir, 'work'),
      ...(endpoint ? { endpoint } : {}),
      env: process.env,
      // A run is pinned to this; a later command pointing elsewhere is refused.
      target: choice === 'local' ? { cloud: 'local' } : endpoint ? { cloud: 'endpoint', endpoint } : { cloud: 'aws' },
      // The run's lease is renewed on a timer while a long stack operation runs (unref: it never keeps the process up).
      lease: {
        every: (ms, fn) => {
          const timer = setInterval(fn, ms);
          timer.unref();
          return () => clearInterval(timer);
        },
      },
    };
    return {
      repo,
      stateDir,
      deps,
      async close() {
        pool.destroy();
        store.close();
        await stopLocal?.();
      },
    };
  } catch (err) {
    await stopLocal?.();
    throw err;
  }
}

/** meridian.yaml of the repository, or a usage error that says how to make one. */
export function configFile(repo: string): string {
  const file = join(resolve(repo), 'meridian.yaml');
  if (!existsSync(file)) throw new UsageError(`no meridian.yaml in ${resolve(repo)}: run \`meridian init\` there, or pass --repo DIR`);
  return file;
}

/** Who is deciding: `--as`, else git's user.email in the repository. */
export function approverIdentity(as: string | undefined, repo: string): string {
  if (as) return as;
  try {
    // node:child_process is loaded only here: every other command would pay ~3 ms for it.
    const { execFileSync } = createRequire(import.meta.url)('node:child_process') as typeof ChildProcess;
    const email = execFileSync('git', ['config', 'user.email'], { cwd: repo, encoding: 'utf8' }).trim();
    if (email) return email;
  } catch {
    // fall through
  }
  throw new UsageError('who is approving? pass --as USER or set git config user.email');
}
