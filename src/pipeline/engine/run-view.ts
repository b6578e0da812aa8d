// The shape of a run as `meridian status --json`, `meridian runs --json`, the API and the dashboard
// show it: id, status, commit, every stage x region (x stack) cell in the state it reached with its
// reason, the preview's change counts, drift per stack, validation findings and, after Deploy, the
// stacks' outputs. Never a parameter value.
import type { RunRecord, StepRecord, Store } from '../../store/index.js';

export interface StepView {
  stage: string;
  region?: string;
  stack?: string;
  status: string;
  /** Why the cell is in that state (a failure's cause, a warning, "no changes"). */
  reason?: string;
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
  /** `via`: how the approver was identified (git, any, server-token, server-session). */
  approval?: { decision: string; by: string; at: string; comment?: string; via?: string };
  /** Per-wave and per-region outcome of Deploy, and of a rollback, when the run got that far. */
  rollout?: unknown;
  rollback?: unknown;
  changes: { region: string; stack: string; kind: string; adds: number; modifies: number; removes: number; replacements: number }[];
  drift: { region: string; stack: string; status: string; drifted: string[]; notChecked: string[]; unsupported?: string }[];
  validation?: { worst: string; findings: unknown[] };
  outputs: { region: string; stack: string; outputs: Record<string, string> }[];
  /** Stacks of the pipeline that its meridian.yaml no longer deploys where they are (lifecycle/orphans.ts). */
  orphans?: { stack: string; region: string; variant: string; status: string; why: string; terminationProtection: boolean }[];
  steps: StepView[];
}

export function runSummary(run: RunRecord): Omit<RunView, 'steps' | 'approval' | 'changes' | 'drift' | 'outputs' | 'validation' | 'orphans'> {
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

const resultOf = (s: StepRecord) => (s.data.done === true || s.status === 'succeeded' ? (s.data.result as Record<string, unknown> | null | undefined) : undefined);
const count = (v: unknown) => (typeof v === 'number' ? v : 0);

/** What the steps' journaled results say, gathered per kind. */
function facts(steps: StepRecord[]): Pick<RunView, 'changes' | 'drift' | 'outputs' | 'validation' | 'orphans'> {
  const changes: RunView['changes'] = [];
  const drift: RunView['drift'] = [];
  const outputs: RunView['outputs'] = [];
  let validation: RunView['validation'];
  let orphans: RunView['orphans'];
  for (const s of steps) {
    const r = resultOf(s);
    if (!r) continue;
    const [kind] = s.key.split(':');
    if (kind === 'preview' && s.region && s.stack) {
      changes.push({ region: s.region, stack: s.stack, kind: String(r.kind), adds: count(r.adds), modifies: count(r.modifies), removes: count(r.removes), replacements: count(r.replacements) });
    } else if (kind === 'drift' && s.region && s.stack) {
      const ids = (list: unknown) => (Array.isArray(list) ? list.map((d) => String((d as { logicalId?: unknown }).logicalId)) : []);
      drift.push({ region: s.region, stack: s.stack, status: String(r.status), drifted: ids(r.drifted), notChecked: ids(r.notChecked), ...(typeof r.unsupported === 'string' ? { unsupported: r.unsupported } : {}) });
    } else if (kind === 'orphans' && Array.isArray(r.orphans)) {
      orphans = r.orphans as NonNullable<RunView['orphans']>;
    } else if (kind === 'validate') {
      validation = { worst: String(r.worst), findings: Array.isArray(r.findings) ? r.findings : [] };
    } else if (kind === 'deploy' && s.region && s.stack) {
      const outcome = r.outcome as { kind?: string; outputs?: Record<string, string> } | undefined;
      if (outcome?.kind === 'deployed' && outcome.outputs && Object.keys(outcome.outputs).length > 0) outputs.push({ region: s.region, stack: s.stack, outputs: outcome.outputs });
    }
  }
  return { changes, drift, outputs, ...(validation ? { validation } : {}), ...(orphans ? { orphans } : {}) };
}

/** The full view of one run, or undefined. */
export function runView(store: Store, runId: string): RunView | undefined {
  const run = store.getRun(runId);
  if (!run) return undefined;
  const approval = store.getApproval(runId);
  const steps = store.listSteps(runId);
  return {
    ...runSummary(run),
    ...(approval ? { approval: { decision: approval.decision, by: approval.by, at: approval.at, ...(approval.comment ? { comment: approval.comment } : {}), ...(approval.via ? { via: approval.via } : {}) } } : {}),
    ...(run.data.rollout !== undefined ? { rollout: run.data.rollout } : {}),
    ...(run.data.rollback !== undefined ? { rollback: run.data.rollback } : {}),
    ...facts(steps),
    steps: steps.map((s) => ({
      stage: s.stage,
      ...(s.region ? { region: s.region } : {}),
      ...(s.stack ? { stack: s.stack } : {}),
      status: s.status,
      ...(typeof s.data.reason === 'string' ? { reason: s.data.reason } : {}),
      attempt: s.attempt,
      ...(s.startedAt ? { startedAt: s.startedAt } : {}),
      ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
      ...(s.data.error ? { error: s.data.error as { code: string; message: string } } : {}),
    })),
  };
}
