// The local host: what the CLI and the server ask of the engine — start a run for a commit, continue
// one, decide on an approval, resume interrupted runs, cancel one. One run per pipeline at a time (a
// lock in the store), one process per run (a lease); a new commit supersedes a run that only waits
// for approval, never one that is deploying. A run is stepped against the target it was started on.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudDeps } from '../../cloud/index.js';
import type { ApprovalVia, RunRecord, Store } from '../../store/index.js';
import { parseConfig } from '../config/load-config.js';
import type { PipelineConfig } from '../config/schema.js';
import { checkoutTree, committerEmail, readFileAtCommit, resolveCommit } from '../source/index.js';
import { cliApprover, recordDecision } from '../stages/approval.js';
import type { EventSink } from './events.js';
import { makeRunId } from './ids.js';
import { admitCommit, CONFIG_FILE } from './run-admission.js';
import { configToStore, configWithSecrets } from './config-at-rest.js';
import { RunContext, type EngineDeps } from './run-context.js';
import { DEFAULT_LEASE_TTL_MS, describeHolder, processOwner, RunLease, type LeaseSettings } from './run-lease.js';
import { rollbackRegions } from '../rollout/rollback.js';
import { finishRun, runPipeline, withUndo, type RunOutcome } from './run-pipeline.js';
import { checkTarget, currentTarget, type CloudChoice, type PinnedTarget } from './run-target.js';
import { sqliteJournal } from './sqlite-journal.js';
import { JOURNAL_VERSION, stepKeys } from './step-keys.js';

export { CONFIG_FILE };

/** What the local host wires: the SQLite store, the cloud, the clock, where events go. */
export interface PipelineDeps {
  store: Store;
  cloud: CloudDeps;
  now: () => number;
  random: () => number;
  sink: EventSink;
  /** Scratch space for checkouts (inside the state directory). */
  workDir: string;
  /** Endpoint override (localcloud, LocalStack), also used to build artifact URLs. */
  endpoint?: string;
  /** Environment for `{ env: NAME }` parameter values. */
  env: Readonly<Record<string, string | undefined>>;
  /** Where this process points (default: the endpoint if any, else AWS); a run is pinned to it. */
  target?: CloudChoice;
  /** Lease timing and heartbeat (the CLI passes a timer; tests use the defaults). */
  lease?: Partial<Pick<LeaseSettings, 'ttlMs' | 'every'>>;
}

/** A run cannot start or continue (another run holds the pipeline, another process the run, unknown run): a user error. */
export class RunRefused extends Error {
  readonly source = 'user' as const;
  constructor(
    readonly code: 'RUN_IN_PROGRESS' | 'UNKNOWN_RUN' | 'RUN_FINISHED' | 'RUN_OWNED' | 'RUN_JOURNAL_VERSION',
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
  /** Take over existing stacks of the configured names that no Meridian pipeline tagged (`meridian run --adopt`). */
  adopt?: boolean;
}

const lockName = (pipeline: string) => `pipeline:${pipeline}`;
const choiceOf = (deps: PipelineDeps): CloudChoice => deps.target ?? (deps.endpoint ? { cloud: 'endpoint', endpoint: deps.endpoint } : { cloud: 'aws' });

function configOf(run: RunRecord): PipelineConfig {
  return parseConfig(String(run.data.configText ?? ''), `${run.commit.slice(0, 12)}:${CONFIG_FILE}`);
}

const engineDeps = (deps: PipelineDeps): EngineDeps => ({ cloud: deps.cloud, now: deps.now, random: deps.random, sink: deps.sink, env: deps.env, ...(deps.endpoint ? { endpoint: deps.endpoint } : {}) });

async function contextFor(deps: PipelineDeps, run: RunRecord, lease?: RunLease, cancelling = false): Promise<RunContext> {
  const repo = String(run.data.repo);
  const masked = run.data.configMasked === true;
  const config = masked ? await configWithSecrets(repo, run.commit, String(run.data.configText ?? ''), true) : configOf(run);
  const rootDir = join(deps.workDir, run.id);
  let tree: Promise<string> | undefined;
  const source = {
    tree: () =>
      (tree ??= (async () => {
        if (!existsSync(join(rootDir, CONFIG_FILE))) {
          rmSync(rootDir, { recursive: true, force: true });
          await checkoutTree(repo, run.commit, rootDir);
          // The checkout lives in the state directory: it keeps the masked copy, as the store does.
          if (masked) writeFileSync(join(rootDir, CONFIG_FILE), String(run.data.configText));
        }
        return rootDir;
      })()),
    configAt: (commit: string) =>
      readFileAtCommit(repo, commit, CONFIG_FILE).then((text) => parseConfig(text, `${commit.slice(0, 12)}:${CONFIG_FILE}`)).catch(() => undefined),
  };
  return new RunContext(run.id, config, sqliteJournal(deps.store, run.id, lease, cancelling), source, engineDeps(deps));
}

function leaseSettings(deps: PipelineDeps): LeaseSettings {
  return { ttlMs: deps.lease?.ttlMs ?? DEFAULT_LEASE_TTL_MS, now: deps.now, owner: processOwner(deps.random), ...(deps.lease?.every ? { every: deps.lease.every } : {}) };
}

/** Takes the run's lease or refuses, naming who holds it. */
function takeLease(deps: PipelineDeps, run: RunRecord, ctxLog?: (m: string) => void): RunLease {
  const got = RunLease.acquire(deps.store, run.id, leaseSettings(deps));
  if ('holder' in got) throw new RunRefused('RUN_OWNED', `run ${run.id} is being stepped by ${describeHolder(got.holder, deps.now())}; wait for it, or stop that process (its lease is then taken over)`);
  if (got.tookOver) ctxLog?.(`took run ${run.id} over from process ${got.tookOver.pid} on ${got.tookOver.host}, which is gone`);
  return got.lease;
}

/** Steps `run` with its lease held; the pipeline lock goes when the run ends. */
async function stepRun(deps: PipelineDeps, run: RunRecord, lease: RunLease, fn: (ctx: RunContext) => Promise<RunOutcome>, cancelling = false): Promise<RunOutcome> {
  try {
    const ctx = await contextFor(deps, run, lease, cancelling);
    const outcome = await fn(ctx);
    if (outcome.status !== 'awaiting-approval' && outcome.status !== 'running') deps.store.releaseLock(lockName(run.pipeline), run.id);
    return outcome;
  } finally {
    lease.release();
  }
}

/** Refuses a process that points elsewhere than the run's pinned target. */
async function checkRunTarget(deps: PipelineDeps, run: RunRecord, config: PipelineConfig): Promise<void> {
  const pinned = run.data.target as PinnedTarget | undefined;
  if (!pinned) return;
  checkTarget(run.id, pinned, await currentTarget(choiceOf(deps), deps.cloud, config));
}

/** Starts a run for the commit `ref` names; returns when it ends or waits for approval. */
export async function startRun(deps: PipelineDeps, options: StartRunOptions): Promise<{ runId: string } & RunOutcome> {
  const commit = await resolveCommit(options.repo, options.ref);
  const configText = await readFileAtCommit(options.repo, commit.sha, CONFIG_FILE);
  const config = await admitCommit(options.repo, commit.sha, configText);
  const stored = await configToStore(options.repo, commit.sha, configText, config);
  const target = await currentTarget(choiceOf(deps), deps.cloud, config);
  const { store } = deps;
  const lock = lockName(config.pipeline);
  const runId = makeRunId(deps.now(), deps.random);
  // One transaction: no other process can slip a run in between the look at the lock and its taking.
  const superseded = store.transaction(() => {
    const holder = store.lockOwner(lock);
    const held = holder ? store.getRun(holder) : undefined;
    // A decision already recorded means the run is about to deploy or revert: it is no longer "waiting".
    const decided = held ? store.getApproval(held.id) !== undefined : false;
    let replaced: RunRecord | undefined;
    if (held?.status === 'awaiting-approval' && !decided) {
      store.setRunStatus(held.id, 'superseded', true);
      store.appendEvent(held.id, 'run-finished', { type: 'run-finished', runId: held.id, status: 'superseded', reason: `superseded by commit ${commit.sha.slice(0, 12)}` });
      store.releaseLock(lock, held.id);
      replaced = held;
    } else if (held && (held.status === 'running' || held.status === 'awaiting-approval')) {
      throw new RunRefused('RUN_IN_PROGRESS', `run ${held.id} of pipeline ${config.pipeline} is in progress; wait for it, continue it with \`meridian resume ${held.id}\` or stop it with \`meridian cancel ${held.id}\``);
    } else if (holder) {
      store.releaseLock(lock, holder);
    }
    store.createRun({
      id: runId,
      pipeline: config.pipeline,
      status: 'running',
      commit: commit.sha,
      ...(commit.branch ? { branch: commit.branch } : {}),
      authorName: commit.authorName,
      authorEmail: commit.authorEmail,
      message: commit.message,
      data: { repo: options.repo, configText: stored.text, ...(stored.masked > 0 ? { configMasked: true } : {}), regions: [config.regions.primary, ...config.regions.secondaries], stacks: config.stacks.map((s) => s.name), target, journalVersion: JOURNAL_VERSION, ...(options.adopt ? { adopt: true } : {}) },
    });
    if (!store.acquireLock(lock, runId)) throw new RunRefused('RUN_IN_PROGRESS', `pipeline ${config.pipeline} is locked by another run`);
    return replaced;
  });
  const run = store.getRun(runId) as RunRecord;
  const lease = takeLease(deps, run);
  return {
    runId,
    ...(await stepRun(deps, run, lease, async (ctx) => {
      // The superseded run staged an artifact nobody will approve: its stage stacks are restored first.
      if (superseded) await undoSuperseded(deps, superseded);
      ctx.emit({ type: 'run-started', runId, pipeline: config.pipeline, commit: commit.sha, resumed: false });
      await ctx.mark(stepKeys.source(), { stage: 'source' }, 'succeeded', { result: commit, done: true });
      ctx.emit({ type: 'stage-finished', stage: 'source', outcome: 'succeeded', summary: `${commit.sha.slice(0, 12)} by ${commit.authorName} <${commit.authorEmail}>: ${commit.message.split('\n')[0]}` });
      return runPipeline(ctx);
    })),
  };
}

async function undoSuperseded(deps: PipelineDeps, run: RunRecord): Promise<void> {
  const got = RunLease.acquire(deps.store, run.id, leaseSettings(deps));
  if ('holder' in got) return;
  try {
    const ctx = await contextFor(deps, run, got.lease, true);
    const reason = await withUndo(ctx, 'superseded');
    if (reason !== 'superseded') deps.store.mergeRunData(run.id, { reason: `superseded; ${reason.slice('superseded; '.length)}` });
  } finally {
    got.lease.release();
  }
}

function openRun(deps: PipelineDeps, runId: string): RunRecord {
  const run = deps.store.getRun(runId);
  if (!run) throw new RunRefused('UNKNOWN_RUN', `no run ${runId}`);
  return run;
}

function checkJournal(run: RunRecord): void {
  if (run.data.journalVersion !== JOURNAL_VERSION) {
    throw new RunRefused('RUN_JOURNAL_VERSION', `run ${run.id} was journaled by another version of Meridian (layout ${String(run.data.journalVersion ?? 1)}, this one writes ${JOURNAL_VERSION}); end it with \`meridian cancel ${run.id}\``);
  }
}

/** Continues a run that was interrupted or that waits for approval. */
export async function continueRun(deps: PipelineDeps, runId: string): Promise<{ runId: string } & RunOutcome> {
  const run = openRun(deps, runId);
  if (run.status !== 'running' && run.status !== 'awaiting-approval') {
    return { runId, status: run.status, ...(typeof run.data.reason === 'string' ? { reason: run.data.reason } : {}) };
  }
  checkJournal(run);
  await checkRunTarget(deps, run, configOf(run));
  const lease = takeLease(deps, run);
  return {
    runId,
    ...(await stepRun(deps, run, lease, async (ctx) => {
      if (run.status === 'running') ctx.emit({ type: 'run-started', runId, pipeline: run.pipeline, commit: run.commit, resumed: true });
      return runPipeline(ctx);
    })),
  };
}

/** Records an approval or rejection, then carries the run on to its end (deploy, or revert). */
export async function decide(
  deps: PipelineDeps,
  runId: string,
  decision: { kind: 'approved' | 'rejected'; by: string; comment?: string; via?: ApprovalVia },
): Promise<{ runId: string } & RunOutcome> {
  const run = openRun(deps, runId);
  checkJournal(run);
  // Refused before anything is recorded: a decision taken here is carried on here.
  await checkRunTarget(deps, run, configOf(run));
  recordDecision(deps.store, configOf(run), runId, { ...decision, at: new Date(deps.now()).toISOString() });
  return continueRun(deps, runId);
}

/**
 * A decision from the CLI on the local store: the approver is proven as the run's meridian.yaml asks
 * (approval.cli, approval.cliIdentity; see cliApprover), then decided as `decide` does.
 */
export async function decideFromCli(
  deps: PipelineDeps,
  runId: string,
  decision: { kind: 'approved' | 'rejected'; as?: string; repo: string; comment?: string },
): Promise<{ runId: string } & RunOutcome> {
  const run = openRun(deps, runId);
  const gitEmail = await committerEmail(decision.repo);
  const who = cliApprover(configOf(run), { repo: decision.repo, ...(decision.as !== undefined ? { as: decision.as } : {}), ...(gitEmail ? { gitEmail } : {}) });
  return decide(deps, runId, { kind: decision.kind, ...who, ...(decision.comment ? { comment: decision.comment } : {}) });
}

/** Continues every interrupted run, oldest first; approval waits are checked for timeouts. Runs another process holds are left to it. */
export async function resumeRuns(deps: PipelineDeps): Promise<({ runId: string } & RunOutcome)[]> {
  const open = deps.store.listRuns({ status: ['running', 'awaiting-approval'], limit: 1000 }).reverse();
  const out: ({ runId: string } & RunOutcome)[] = [];
  for (const run of open) {
    try {
      out.push(await continueRun(deps, run.id));
    } catch (err) {
      if (err instanceof RunRefused && err.code === 'RUN_OWNED') continue;
      throw err;
    }
  }
  return out;
}

export type CancelOutcome = ({ runId: string } & RunOutcome) | { runId: string; status: 'cancel-requested'; reason: string };

/**
 * Stops a run: records who asked; a run no live process holds is ended here (its stage stacks
 * restored, its locks released); a run another process is stepping stops at that process's next step.
 */
export async function cancelRun(deps: PipelineDeps, runId: string, by: { by: string; comment?: string }): Promise<CancelOutcome> {
  const run = openRun(deps, runId);
  if (run.status !== 'running' && run.status !== 'awaiting-approval') throw new RunRefused('RUN_FINISHED', `run ${runId} has ended (${run.status}); there is nothing to cancel`);
  deps.store.requestCancel({ runId, by: by.by, ...(by.comment ? { comment: by.comment } : {}) });
  const got = RunLease.acquire(deps.store, run.id, leaseSettings(deps));
  if ('holder' in got) return { runId, status: 'cancel-requested', reason: `run ${runId} is being stepped by ${describeHolder(got.holder, deps.now())}; it stops at its next step` };
  const why = `cancelled by ${by.by}${by.comment ? `: ${by.comment}` : ''}`;
  if (run.data.journalVersion !== JOURNAL_VERSION) {
    // An older journal cannot be stepped by this code: the run is ended without touching the cloud.
    try {
      const ctx = await contextFor(deps, run, undefined, true);
      deps.store.releaseLock(lockName(run.pipeline), run.id);
      return { runId, ...(await finishRun(ctx, 'cancelled', `${why}; journaled by another Meridian version, so its stage stacks were left as they are`)) };
    } finally {
      got.lease.release();
    }
  }
  await checkRunTarget(deps, run, configOf(run));
  return { runId, ...(await stepRun(deps, run, got.lease, async (ctx) => finishRun(ctx, 'cancelled', await withUndo(ctx, why)), true)) };
}

/**
 * `meridian rollback RUN`: after a rollout that stopped (`onFailure: stop`), puts the regions the run
 * changed back to their approved records, as `onFailure: rollback` would have. Holds the pipeline
 * lock meanwhile, so no other run deploys underneath.
 */
export async function rollbackRun(deps: PipelineDeps, runId: string): Promise<{ runId: string } & RunOutcome> {
  const run = openRun(deps, runId);
  if (run.status !== 'failed') throw new RunRefused('RUN_FINISHED', `run ${runId} is ${run.status}: only a failed rollout is rolled back on request`);
  checkJournal(run);
  if (!deps.store.getStep(runId, stepKeys.region('deploy', configOf(run).regions.primary))) throw new RunRefused('RUN_FINISHED', `run ${runId} failed before Deploy: no region was changed`);
  await checkRunTarget(deps, run, configOf(run));
  const lock = lockName(run.pipeline);
  if (!deps.store.acquireLock(lock, runId)) throw new RunRefused('RUN_IN_PROGRESS', `run ${deps.store.lockOwner(lock)} of pipeline ${run.pipeline} is in progress; roll back once it has ended`);
  const lease = takeLease(deps, run);
  return {
    runId,
    ...(await stepRun(
      deps,
      run,
      lease,
      async (ctx) => {
        const reports = await rollbackRegions(ctx);
        await ctx.journal.mergeData({ rollback: reports });
        const bad = reports.filter((r) => r.status === 'failed').map((r) => r.region);
        const before = typeof run.data.reason === 'string' ? `${run.data.reason}; ` : '';
        if (bad.length > 0) return finishRun(ctx, 'failed', `${before}rollback failed in ${bad.join(', ')}`);
        return finishRun(ctx, 'rolled-back', `${before}rolled back on request: ${reports.map((r) => r.region).join(', ') || 'nothing had changed'}`);
      },
      true,
    )),
  };
}
