// The context one run's stages share, and `step`: the durable unit of work. A step's result is
// journaled when it ends; a resumed run replays finished steps from the store and runs the others
// again (they are idempotent through tokens derived from the run and the step).
import type { CloudDeps } from '../../cloud/index.js';
import { runCloud } from '../rollout/run-cloud.js';
import type { Store } from '../../store/index.js';
import type { PipelineConfig } from '../config/schema.js';
import type { EventSink, PipelineEvent, StageName } from './events.js';

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
}

export interface StepMeta {
  stage: StageName;
  region?: string;
  stack?: string;
}

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
  private readonly ranHere = new Set<string>();

  /** The dependencies the stages use: cloud calls go to each region's account, within the request budget. */
  readonly deps: PipelineDeps;

  constructor(
    readonly runId: string,
    readonly config: PipelineConfig,
    /** The folder holding the commit's checked-out tree (templates resolve against it). */
    readonly rootDir: string,
    /** As the caller passed them (a narrowed context of the same run starts from these). */
    readonly baseDeps: PipelineDeps,
  ) {
    this.deps = { ...baseDeps, cloud: runCloud(baseDeps.cloud, config, runId) };
  }

  emit(event: PipelineEvent): void {
    const { store, sink } = this.deps;
    store.appendEvent(this.runId, event.type, event as unknown as Record<string, unknown>);
    sink(this.runId, event);
  }

  log(level: 'info' | 'warn' | 'error', message: string, where: StepMeta | Record<string, never> = {}): void {
    this.emit({ type: 'log', level, message, ...where });
  }

  /** True when step `key` did its work in this process: its progress is news, not a replay. */
  isFresh(key: string): boolean {
    return this.ranHere.has(key);
  }

  /** Emits `event` only when step `key` ran in this process, so a resumed run does not repeat itself. */
  emitFresh(key: string, event: PipelineEvent): void {
    if (this.ranHere.has(key)) this.emit(event);
  }

  /** The stored result of a finished step, if any. */
  finished<T>(key: string): T | undefined {
    const step = this.deps.store.getStep(this.runId, key);
    return step?.status === 'succeeded' ? (step.data.result as T) : undefined;
  }

  /** Runs `fn` once per run (replayed from the store when resumed). The result must be JSON. */
  async step<T>(key: string, meta: StepMeta, fn: (attempt: number) => Promise<T>): Promise<T> {
    const { store } = this.deps;
    const existing = store.getStep(this.runId, key);
    if (existing?.status === 'succeeded') return existing.data.result as T;
    const attempt = (existing?.attempt ?? 0) + 1;
    store.putStep({ runId: this.runId, key, ...meta, status: 'running', attempt });
    this.ranHere.add(key);
    try {
      const result = await fn(attempt);
      store.putStep({ runId: this.runId, key, ...meta, status: 'succeeded', attempt, data: { result: result as unknown } });
      return result;
    } catch (err) {
      const e = err as Error & { code?: string };
      store.putStep({ runId: this.runId, key, ...meta, status: 'failed', attempt, data: { error: { code: e.code ?? 'ERROR', message: e.message } } });
      throw err;
    }
  }

  /** Marks a step as waiting (approval): it is not finished, and a later process picks it up. */
  wait(key: string, meta: StepMeta, data: Record<string, unknown>): void {
    this.deps.store.putStep({ runId: this.runId, key, ...meta, status: 'waiting', data });
  }

  /** Sets a step's state without running anything (skipped regions, stage summaries). */
  mark(key: string, meta: StepMeta, status: 'skipped' | 'succeeded' | 'failed', data: Record<string, unknown> = {}): void {
    this.deps.store.putStep({ runId: this.runId, key, ...meta, status, data });
  }
}
