// Progress is a stream of typed events (STYLE.md principle 6): the engine emits, and the terminal
// printer, the JSON output and the dashboard render. Events never carry parameter values or secrets.

export type StageName = 'source' | 'package' | 'validate' | 'preview' | 'stage' | 'drift' | 'approval' | 'deploy' | 'record' | 'revert' | 'destroy';

export const STAGES: readonly StageName[] = ['source', 'package', 'validate', 'preview', 'stage', 'drift', 'approval', 'deploy', 'record', 'revert', 'destroy'];

interface Where {
  stage?: StageName;
  region?: string;
  stack?: string;
}

export type PipelineEvent =
  | { type: 'run-started'; runId: string; pipeline: string; commit: string; resumed: boolean }
  | ({ type: 'stage-started' } & Where)
  | ({ type: 'stage-finished'; outcome: string; summary?: string; /** One line each: resource changes, drift differences. */ details?: string[] } & Where)
  | { type: 'resource'; stage: StageName; region: string; stack: string; logicalId: string; resourceType: string; status: string; reason?: string }
  | ({ type: 'log'; level: 'info' | 'warn' | 'error'; message: string } & Where)
  | { type: 'awaiting-approval'; runId: string; timeoutAt: string; approvers: string[] }
  | { type: 'approval'; runId: string; decision: 'approved' | 'rejected'; by: string; comment?: string }
  | { type: 'run-finished'; runId: string; status: string; reason?: string };

/** Where events go: the CLI's printer, a JSON writer, the server's SSE hub. */
export type EventSink = (runId: string, event: PipelineEvent) => void;

export const silentSink: EventSink = () => {};
