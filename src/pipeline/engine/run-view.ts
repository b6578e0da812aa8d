// The shape of a run as `meridian status --json`, `meridian runs --json` and the API show it:
// id, status, commit, and the state of every stage x region (x stack). No parameter values.
import type { RunRecord, Store } from '../../store/index.js';

export interface StepView {
  stage: string;
  region?: string;
  stack?: string;
  status: string;
  attempt: number;
  startedAt?: string;
  finishedAt?: string;
  error?: { code: string; message: string };
}

export interface RunView {
  id: string;
  pipeline: string;
  status: string;
  commit: string;
  branch?: string;
  author?: string;
  message?: string;
  createdAt: string;
  finishedAt?: string;
  reason?: string;
  approval?: { decision: string; by: string; at: string; comment?: string };
  /** Per-wave and per-region outcome of Deploy, and of a rollback, when the run got that far. */
  rollout?: unknown;
  rollback?: unknown;
  steps: StepView[];
}

export function runSummary(run: RunRecord): Omit<RunView, 'steps' | 'approval'> {
  return {
    id: run.id,
    pipeline: run.pipeline,
    status: run.status,
    commit: run.commit,
    ...(run.branch ? { branch: run.branch } : {}),
    ...(run.authorEmail || run.authorName ? { author: `${run.authorName ?? ''} <${run.authorEmail ?? ''}>`.trim() } : {}),
    ...(run.message ? { message: run.message.split('\n')[0] } : {}),
    createdAt: run.createdAt,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(typeof run.data.reason === 'string' ? { reason: run.data.reason } : {}),
  };
}

/** The full view of one run, or undefined. */
export function runView(store: Store, runId: string): RunView | undefined {
  const run = store.getRun(runId);
  if (!run) return undefined;
  const approval = store.getApproval(runId);
  return {
    ...runSummary(run),
    ...(approval ? { approval: { decision: approval.decision, by: approval.by, at: approval.at, ...(approval.comment ? { comment: approval.comment } : {}) } } : {}),
    ...(run.data.rollout !== undefined ? { rollout: run.data.rollout } : {}),
    ...(run.data.rollback !== undefined ? { rollback: run.data.rollback } : {}),
    steps: store.listSteps(runId).map((s) => ({
      stage: s.stage,
      ...(s.region ? { region: s.region } : {}),
      ...(s.stack ? { stack: s.stack } : {}),
      status: s.status,
      attempt: s.attempt,
      ...(s.startedAt ? { startedAt: s.startedAt } : {}),
      ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
      ...(s.data.error ? { error: s.data.error as { code: string; message: string } } : {}),
    })),
  };
}
