// The long-lived worker: one queue of engine jobs (resume, start, continue), run one at a time, so
// the server never races itself for a pipeline's lock. It resumes interrupted runs at start and
// polls the repository's branch; webhooks and the S3 trigger ask it to check now.
import { branchHead, continueRun, resumeRuns, RunRefused, SourceError, startRun, type PipelineDeps } from '../pipeline/index.js';
import { judgePush, lastCommitFor, lastCommitKey } from './push-policy.js';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface WorkerOptions {
  deps: PipelineDeps;
  repo: string;
  /** The branch to watch (the config's `source.branch`). */
  branch: () => string;
  pollIntervalMs: () => number;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  timers: Timers;
  /** Polls the branch on a timer (off in tests that drive `checkNow`). */
  poll: boolean;
  /** Runs at the start of every check (re-reads the config). */
  beforeCheck?: () => Promise<void>;
}

export class Worker {
  private chain: Promise<void> = Promise.resolve();
  private timer: unknown;
  private stopped = false;
  private pending = 0;

  constructor(private readonly o: WorkerOptions) {}

  /** Resumes interrupted runs, then checks the branch, then polls on the configured interval. */
  start(checkBranch = true): void {
    this.enqueue('resume', async () => {
      const results = await resumeRuns(this.o.deps);
      for (const r of results) this.o.log('info', `resumed run ${r.runId}: ${r.status}`);
    });
    if (checkBranch) void this.checkNow('start');
    if (this.o.poll) this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.o.timers.setTimeout(() => {
      void this.checkNow('poll');
      void this.expireApprovals();
      this.schedule();
    }, this.o.pollIntervalMs());
  }

  /** Queues a job; jobs run one at a time, in order. Errors are logged, never thrown to the caller. */
  enqueue(label: string, job: () => Promise<void>): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.pending++;
    const next = this.chain.then(async () => {
      try {
        // Jobs still queued at shutdown are dropped: the journal lets the next start pick them up.
        if (!this.stopped) await job();
      } catch (err) {
        const e = err as Error & { code?: string };
        this.o.log('error', `${label}: ${e.code ? `${e.code}: ` : ''}${e.message}`);
      } finally {
        this.pending--;
      }
    });
    this.chain = next;
    return next;
  }

  /** Queues a check: starts a run when the branch head (or `ref`) is a commit the server has not run yet. */
  checkNow(reason: string, ref?: string): Promise<void> {
    return this.enqueue(`check (${reason})`, () => this.check(reason, ref));
  }

  /**
   * The check itself, for jobs already in the queue; `force` starts a run even for a commit that
   * has run (the S3 trigger: a new artifact for the same commit).
   */
  async check(reason: string, ref?: string, force = false): Promise<void> {
    await this.o.beforeCheck?.();
    const branch = this.o.branch();
    const sha = ref ?? (await branchHead(this.o.repo, branch));
    const { store } = this.o.deps;
    const seen = store.getServerState(lastCommitKey(branch));
    if (!force && (seen === sha || (!seen && store.listRuns({ limit: 1 })[0]?.commit === sha))) {
      if (!seen) store.setServerState(lastCommitKey(branch), sha);
      return;
    }
    // A pushed commit is judged again here, after the mirror fetch and against what ran since the
    // webhook was answered: an older push queued behind a newer one starts nothing.
    if (ref !== undefined && !force) {
      const verdict = await judgePush(this.o.repo, branch, sha, lastCommitFor(store, branch));
      if (verdict.kind !== 'run') {
        this.o.log(verdict.kind === 'unknown' ? 'warn' : 'info', `${reason}: ${verdict.code}: ${verdict.reason}`);
        return;
      }
    }
    try {
      const result = await startRun(this.o.deps, { repo: this.o.repo, ref: sha });
      this.o.log('info', `run ${result.runId} for ${sha.slice(0, 12)} (${reason}): ${result.status}`);
    } catch (err) {
      // A run in progress holds the pipeline: try again at the next check. Anything else (a bad
      // meridian.yaml at that commit) would fail again, so the commit counts as seen.
      if (err instanceof RunRefused && err.code === 'RUN_IN_PROGRESS') {
        this.o.log('info', `commit ${sha.slice(0, 12)} waits: ${err.message}`);
        return;
      }
      // A commit the repository does not have was never taken up: recording it would make the
      // next poll re-run the head and supersede its approval.
      if (!(err instanceof SourceError && err.code === 'SOURCE_UNKNOWN_REF')) store.setServerState(lastCommitKey(branch), sha);
      throw err;
    }
    store.setServerState(lastCommitKey(branch), sha);
  }

  /** Carries on every run whose approval wait has passed its timeout (the engine rejects it). */
  expireApprovals(): Promise<void> {
    return this.enqueue('approval timeouts', async () => {
      const { store } = this.o.deps;
      for (const run of store.listRuns({ status: ['awaiting-approval'], limit: 1000 })) {
        const timeoutAt = store.getStep(run.id, 'approval')?.data.timeoutAt;
        if (typeof timeoutAt !== 'string' || Date.parse(timeoutAt) > this.o.deps.now()) continue;
        const result = await continueRun(this.o.deps, run.id);
        this.o.log('info', `run ${run.id}: ${result.status} (approval timed out)`);
      }
    });
  }

  /** Carries a run on (after a decision). */
  continue(runId: string): Promise<void> {
    return this.enqueue(`continue ${runId}`, async () => {
      const result = await continueRun(this.o.deps, runId);
      this.o.log('info', `run ${runId}: ${result.status}`);
    });
  }

  /** Resolves when no job is queued or running. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  /** Jobs queued or running. */
  get busy(): number {
    return this.pending;
  }

  /** Stops polling and taking jobs; resolves when the job in hand has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
    await this.chain;
  }
}
