// The context one run's stages share, and `step`: the durable unit of work. A step's result is
// journaled when it ends; a resumed run replays finished steps from the journal and runs the others
// again (they are idempotent through tokens derived from the run and the step). The journal is a
// port (journal.ts), so the local host and the AWS-native host step a run with this same code.
import type { CloudDeps, CloudTarget } from '../../cloud/index.js';
import { runCloud } from '../rollout/run-cloud.js';
import type { PipelineConfig } from '../config/schema.js';
import type { EventSink, PipelineEvent, StageName } from './events.js';
import type { RunJournal, StepStatus } from './journal.js';
import type { StepKey } from './step-keys.js';

/** What every host gives the stages. */
export interface EngineDeps {
  cloud: CloudDeps;
  now: () => number;
  random: () => number;
  sink: EventSink;
  /** Environment for `{ env: NAME }` parameter values. */
  env: Readonly<Record<string, string | undefined>>;
  /** Endpoint override (localcloud, LocalStack), also used to build artifact URLs. */
  endpoint?: string;
  /** Maps a `{ region }` target to the account that region deploys to; default: meridian.yaml's `accounts`. */
  route?: (target: CloudTarget) => CloudTarget;
  /**
   * Whether previews carry the IAM and security-group tables (default true). The functions of the
   * AWS-native form turn them off: @aws-cdk/cloudformation-diff loads a ~130 MB resource spec,
   * more than a Lambda bundle should ship (docs/synth.md lists this difference).
   */
  securityTables?: boolean;
}

/** What the stages read beyond the journal: the commit's tree and meridian.yaml at other commits. */
export interface RunSource {
  /** The folder holding the run's commit, checked out (or unpacked) on first use. */
  tree(): Promise<string>;
  /** meridian.yaml at `commit` (a NoEcho literal of an approved record is read back from there). */
  configAt(commit: string): Promise<PipelineConfig | undefined>;
}

export interface StepMeta {
  stage: StageName;
  region?: string;
  stack?: string;
}

/** How a finished step's result reads in its cell: the state it reached and why. */
export type StepVerdict = { status: Exclude<StepStatus, 'running' | 'pending' | 'waiting'>; reason?: string };
const succeeded: StepVerdict = { status: 'succeeded' };

/** The error code of a wait that ran out of the host's time budget (PollSettings.timeoutCode). */
export const BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED';

/** A step failed in a way the run reports (not a crash): stage, region, stack and why. */
export class StepFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly meta: StepMeta,
  ) {
    super(message);
    this.name = 'StepFailure';
  }
}

export class RunContext {
  /** Steps whose work ran in this process (not replayed from the journal). */
  private ranHere = new Set<string>();

  /** The dependencies the stages use: cloud calls go to each region's account, within the request budget. */
  readonly deps: EngineDeps;

  constructor(
    readonly runId: string,
    readonly config: PipelineConfig,
    readonly journal: RunJournal,
    readonly source: RunSource,
    /** As the host passed them (a narrowed context of the same run starts from these). */
    readonly baseDeps: EngineDeps,
  ) {
    this.deps = { ...baseDeps, cloud: runCloud(baseDeps.cloud, config, runId, baseDeps.route) };
  }

  /** The same run seen through another config (recording around regions that failed within tolerance). */
  withConfig(config: PipelineConfig): RunContext {
    const budget = this.deps.cloud.budget;
    const ctx = new RunContext(this.runId, config, this.journal, this.source, { ...this.baseDeps, cloud: { ...this.baseDeps.cloud, ...(budget ? { budget } : {}) } });
    for (const k of this.ranHere) ctx.ranHere.add(k);
    return ctx;
  }

  /**
   * The same run with cloud calls routed by `route` instead of by region (the stage stacks in a
   * staging account); steps run through either context count as this process's own.
   */
  withRoute(route: (target: CloudTarget) => CloudTarget): RunContext {
    const budget = this.deps.cloud.budget;
    const ctx = new RunContext(this.runId, this.config, this.journal, this.source, { ...this.baseDeps, route, cloud: { ...this.baseDeps.cloud, ...(budget ? { budget } : {}) } });
    ctx.ranHere = this.ranHere;
    return ctx;
  }

  emit(event: PipelineEvent): void {
    this.journal.event(event.type, event as unknown as Record<string, unknown>);
    this.deps.sink(this.runId, event);
  }

  log(level: 'info' | 'warn' | 'error', message: string, where: StepMeta | Record<string, never> = {}): void {
    this.emit({ type: 'log', level, message, ...where });
  }

  /** True when step `key` did its work in this process: its progress is news, not a replay. */
  isFresh(key: StepKey): boolean {
    return this.ranHere.has(key);
  }

  /** Emits `event` only when step `key` ran in this process, so a resumed run does not repeat itself. */
  emitFresh(key: StepKey, event: PipelineEvent): void {
    if (this.ranHere.has(key)) this.emit(event);
  }

  /** The stored result of a finished step (whatever state it ended in), if any. */
  async finished<T>(key: StepKey): Promise<T | undefined> {
    const step = await this.journal.getStep(key);
    return step && isFinished(step) ? (step.data.result as T) : undefined;
  }

  /**
   * Runs `fn` once per run (replayed from the journal when resumed); the result must be JSON.
   * `judge` says which state the step's cell ends in (a failed deploy is a result, and a failed cell).
   */
  async step<T>(key: StepKey, meta: StepMeta, fn: (attempt: number) => Promise<T>, judge: (result: T) => StepVerdict = () => succeeded): Promise<T> {
    const existing = await this.journal.getStep(key);
    if (existing && isFinished(existing)) return existing.data.result as T;
    await this.journal.assertOwner();
    const attempt = (existing?.attempt ?? 0) + 1;
    await this.journal.putStep({ key, ...meta, status: 'running', attempt });
    this.ranHere.add(key);
    try {
      const result = await fn(attempt);
      const verdict = judge(result);
      await this.journal.putStep({ key, ...meta, status: verdict.status, attempt, data: { result: result as unknown, done: true, ...(verdict.reason ? { reason: verdict.reason } : {}) } });
      return result;
    } catch (err) {
      const e = err as Error & { code?: string };
      // Out of the host's time budget (a Lambda invocation): the step goes on at the next call.
      if (e.code === BUDGET_EXHAUSTED) throw err;
      await this.journal.putStep({ key, ...meta, status: 'failed', attempt, data: { error: { code: e.code ?? 'ERROR', message: e.message }, reason: e.message } });
      throw err;
    }
  }

  /** Keeps `data` in a running step (a checkpoint a resumed step reads back). */
  async checkpoint(key: StepKey, meta: StepMeta, data: Record<string, unknown>): Promise<void> {
    const step = await this.journal.getStep(key);
    await this.journal.putStep({ key, ...meta, status: step?.status ?? 'running', ...(step ? { attempt: step.attempt } : {}), data });
  }

  /** Marks a step as waiting (approval): it is not finished, and a later process picks it up. */
  async wait(key: StepKey, meta: StepMeta, data: Record<string, unknown>): Promise<void> {
    await this.journal.putStep({ key, ...meta, status: 'waiting', data });
  }

  /** Sets a cell's state without running anything (regions, stage summaries, skipped regions). */
  async mark(key: StepKey, meta: StepMeta, status: StepVerdict['status'], data: Record<string, unknown> = {}): Promise<void> {
    await this.journal.putStep({ key, ...meta, status, data });
  }
}

/** A step that ended with a result (whatever its cell's state); a crash leaves none and runs again. */
function isFinished(step: { status: string; data: Record<string, unknown> }): boolean {
  return step.data.done === true || (step.status === 'succeeded' && 'result' in step.data);
}
