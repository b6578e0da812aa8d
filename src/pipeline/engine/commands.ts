// What the CLI and the server ask of the engine: start a run for a commit, continue one, decide on
// an approval, resume interrupted runs. One run per pipeline at a time (a lock in the store); a new
// commit supersedes a run that only waits for approval, never one that is deploying.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../store/index.js';
import { parseConfig } from '../config/load-config.js';
import type { PipelineConfig } from '../config/schema.js';
import { checkoutTree, readFileAtCommit, resolveCommit } from '../source/index.js';
import { recordDecision } from '../stages/approval.js';
import { makeRunId } from './ids.js';
import { RunContext, type PipelineDeps } from './run-context.js';
import { runPipeline, type RunOutcome } from './run-pipeline.js';

export const CONFIG_FILE = 'meridian.yaml';

/** A run cannot start or continue (another run holds the pipeline, unknown run): a user error. */
export class RunRefused extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: 'RUN_IN_PROGRESS' | 'UNKNOWN_RUN' | 'RUN_FINISHED',
    message: string,
  ) {
    super(message);
    this.name = 'RunRefused';
  }
}

export interface StartRunOptions {
  /** The git repository holding meridian.yaml (path or file:// URL). */
  repo: string;
  /** A branch, tag or commit sha (the CLI passes meridian.yaml's `source.branch` when none is given). */
  ref: string;
}

function configOf(run: RunRecord): PipelineConfig {
  return parseConfig(String(run.data.configText ?? ''), `${run.commit.slice(0, 12)}:${CONFIG_FILE}`);
}

async function contextFor(deps: PipelineDeps, run: RunRecord): Promise<RunContext> {
  const config = configOf(run);
  const rootDir = join(deps.workDir, run.id);
  if (!existsSync(join(rootDir, CONFIG_FILE))) {
    rmSync(rootDir, { recursive: true, force: true });
    await checkoutTree(String(run.data.repo), run.commit, rootDir);
  }
  return new RunContext(run.id, config, rootDir, deps);
}

/** Starts a run for the commit `ref` names; returns when it ends or waits for approval. */
export async function startRun(deps: PipelineDeps, options: StartRunOptions): Promise<{ runId: string } & RunOutcome> {
  const commit = await resolveCommit(options.repo, options.ref);
  const configText = await readFileAtCommit(options.repo, commit.sha, CONFIG_FILE);
  const config = parseConfig(configText, `${commit.sha.slice(0, 12)}:${CONFIG_FILE}`);
  const { store } = deps;
  const lock = `pipeline:${config.pipeline}`;
  const holder = store.lockOwner(lock);
  const held = holder ? store.getRun(holder) : undefined;
  // A decision already recorded means the run is about to deploy or revert: it is no longer "waiting".
  const decided = held ? store.getApproval(held.id) !== undefined : false;
  if (held?.status === 'awaiting-approval' && !decided) {
    store.setRunStatus(held.id, 'superseded', true);
    store.appendEvent(held.id, 'run-finished', { type: 'run-finished', runId: held.id, status: 'superseded', reason: `superseded by commit ${commit.sha.slice(0, 12)}` });
    store.releaseLock(lock, held.id);
  } else if (held && (held.status === 'running' || held.status === 'awaiting-approval')) {
    throw new RunRefused('RUN_IN_PROGRESS', `run ${held.id} of pipeline ${config.pipeline} is in progress; wait for it or continue it with \`meridian resume ${held.id}\``);
  } else if (holder) {
    store.releaseLock(lock, holder);
  }
  const runId = makeRunId(deps.now(), deps.random);
  store.acquireLock(lock, runId);
  const run = store.createRun({
    id: runId,
    pipeline: config.pipeline,
    status: 'running',
    commit: commit.sha,
    ...(commit.branch ? { branch: commit.branch } : {}),
    authorName: commit.authorName,
    authorEmail: commit.authorEmail,
    message: commit.message,
    data: { repo: options.repo, configText, regions: [config.regions.primary, ...config.regions.secondaries], stacks: config.stacks.map((s) => s.name) },
  });
  const ctx = await contextFor(deps, run);
  ctx.emit({ type: 'run-started', runId, pipeline: config.pipeline, commit: commit.sha, resumed: false });
  ctx.mark('source', { stage: 'source' }, 'succeeded', { result: commit });
  ctx.emit({ type: 'stage-finished', stage: 'source', outcome: 'succeeded', summary: `${commit.sha.slice(0, 12)} by ${commit.authorName} <${commit.authorEmail}>: ${commit.message.split('\n')[0]}` });
  return { runId, ...(await runPipeline(ctx, commit.sha)) };
}

/** Continues a run that was interrupted or that waits for approval. */
export async function continueRun(deps: PipelineDeps, runId: string): Promise<{ runId: string } & RunOutcome> {
  const run = deps.store.getRun(runId);
  if (!run) throw new RunRefused('UNKNOWN_RUN', `no run ${runId}`);
  if (run.status !== 'running' && run.status !== 'awaiting-approval') {
    return { runId, status: run.status, ...(typeof run.data.reason === 'string' ? { reason: run.data.reason } : {}) };
  }
  const ctx = await contextFor(deps, run);
  if (run.status === 'running') ctx.emit({ type: 'run-started', runId, pipeline: run.pipeline, commit: run.commit, resumed: true });
  return { runId, ...(await runPipeline(ctx, run.commit)) };
}

/** Records an approval or rejection, then carries the run on to its end (deploy, or revert). */
export async function decide(
  deps: PipelineDeps,
  runId: string,
  decision: { kind: 'approved' | 'rejected'; by: string; comment?: string },
): Promise<{ runId: string } & RunOutcome> {
  const run = deps.store.getRun(runId);
  if (!run) throw new RunRefused('UNKNOWN_RUN', `no run ${runId}`);
  recordDecision(deps.store, configOf(run), runId, { ...decision, at: new Date(deps.now()).toISOString() });
  return continueRun(deps, runId);
}

/** Continues every interrupted run (status running), oldest first; approval waits are checked for timeouts. */
export async function resumeRuns(deps: PipelineDeps): Promise<({ runId: string } & RunOutcome)[]> {
  const open = deps.store.listRuns({ status: ['running', 'awaiting-approval'], limit: 1000 }).reverse();
  const out: ({ runId: string } & RunOutcome)[] = [];
  for (const run of open) out.push(await continueRun(deps, run.id));
  return out;
}
