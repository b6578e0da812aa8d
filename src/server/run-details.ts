// Everything the run page and `GET /api/runs/{id}` show, read from the store: the run, its stage x
// region graph, validation findings, change-set previews, drift reports, the approval, the journal.
import { runView, STAGES, type RunView, type StackPreview } from '../pipeline/index.js';
import type { EventRecord, Store } from '../store/index.js';

export interface Finding {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  message: string;
}

export interface DriftDetail {
  stackName: string;
  region: string;
  status: string;
  drifted: { logicalId: string; resourceType: string; status: string; differences: { path: string; expected?: string; actual?: string; type: string }[] }[];
  notChecked: { logicalId: string; resourceType: string }[];
  inSync: number;
}

/** One cell of the stage x region graph. `ALL` holds the stages that are not per region. */
export const ALL = 'all regions';

export interface RunGraph {
  stages: string[];
  regions: string[];
  cells: Record<string, Record<string, string>>;
}

export interface RunDetail extends Omit<RunView, 'drift' | 'validation'> {
  regions: string[];
  stacks: string[];
  graph: RunGraph;
  validation: Finding[];
  previews: StackPreview[];
  drift: DriftDetail[];
  waiting?: { requestedAt?: string; timeoutAt?: string; approvers: string[] };
  events: EventRecord[];
}

/** Which status a group of steps shows: the most urgent one. */
const PRECEDENCE = ['failed', 'running', 'waiting', 'pending', 'warned', 'succeeded', 'skipped'];

function combine(statuses: string[]): string {
  return [...statuses].sort((a, b) => PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b))[0] ?? 'not-started';
}

function graphOf(view: RunView, regions: string[]): RunGraph {
  const cells: Record<string, Record<string, string>> = {};
  for (const stage of STAGES) {
    const steps = view.steps.filter((s) => s.stage === stage);
    const row: Record<string, string> = {};
    const global = steps.filter((s) => !s.region);
    if (global.length) row[ALL] = combine(global.map((s) => s.status));
    for (const region of regions) {
      const here = steps.filter((s) => s.region === region);
      if (here.length) row[region] = combine(here.map((s) => s.status));
    }
    cells[stage] = row;
  }
  return { stages: [...STAGES], regions, cells };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The detail of one run, or undefined. `eventLimit` keeps the newest events. */
export function runDetail(store: Store, runId: string, eventLimit = 500): RunDetail | undefined {
  const view = runView(store, runId);
  const run = store.getRun(runId);
  if (!view || !run) return undefined;
  const regions = strings(run.data.regions);
  const steps = store.listSteps(runId);
  const results = (prefix: string) => steps.filter((s) => s.key.startsWith(prefix) && (s.data.done === true || s.status === 'succeeded') && s.data.result).map((s) => s.data.result);
  const validate = steps.find((s) => s.key === 'validate');
  const approval = steps.find((s) => s.key === 'approval');
  const awaiting = store.events(runId).filter((e) => e.type === 'awaiting-approval').at(-1);
  const events = store.events(runId);
  const graph = graphOf(view, regions);
  // A rejection ends the approval step as failed; say what it was.
  if (view.approval?.decision === 'rejected' && graph.cells.approval?.[ALL] === 'failed') graph.cells.approval[ALL] = 'rejected';
  return {
    ...view,
    regions,
    stacks: strings(run.data.stacks),
    graph,
    validation: ((validate?.data.result as { findings?: Finding[] } | undefined)?.findings ?? []).slice(0, 1000),
    previews: results('preview:') as StackPreview[],
    drift: results('drift:') as DriftDetail[],
    ...(run.status === 'awaiting-approval'
      ? {
          waiting: {
            ...(typeof approval?.data.requestedAt === 'string' ? { requestedAt: approval.data.requestedAt } : {}),
            ...(typeof approval?.data.timeoutAt === 'string' ? { timeoutAt: approval.data.timeoutAt } : {}),
            approvers: strings(awaiting?.data.approvers),
          },
        }
      : {}),
    events: events.slice(-eventLimit),
  };
}
