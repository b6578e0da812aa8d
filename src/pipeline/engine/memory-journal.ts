// A journal that lives only as long as the process: `meridian preview` steps Package, Validate and
// Preview with the engine's own code, but records no run (nothing to resume, approve or show later).
import type { ApprovalRecord, RunRecord, RunStatus, StepRecord } from '../../store/index.js';
import type { RunJournal } from './journal.js';

export function memoryJournal(run: RunRecord, now: () => string): RunJournal {
  const steps = new Map<string, StepRecord>();
  let approval: ApprovalRecord | undefined;
  let record: RunRecord = { ...run };
  return {
    runId: run.id,
    run: async () => record,
    setStatus: async (status: RunStatus, finished = false) => {
      record = { ...record, status, updatedAt: now(), ...(finished ? { finishedAt: now() } : {}) };
    },
    mergeData: async (data) => {
      record = { ...record, data: { ...record.data, ...data } };
    },
    getStep: async (key) => steps.get(key),
    putStep: async (step) => {
      const old = steps.get(step.key);
      const finished = step.status !== 'running' && step.status !== 'pending' && step.status !== 'waiting';
      steps.set(step.key, {
        runId: run.id,
        key: step.key,
        stage: step.stage,
        ...(step.region ? { region: step.region } : {}),
        ...(step.stack ? { stack: step.stack } : {}),
        status: step.status,
        attempt: step.attempt ?? old?.attempt ?? 1,
        startedAt: old?.startedAt ?? now(),
        ...(finished ? { finishedAt: now() } : {}),
        data: { ...old?.data, ...step.data },
      });
    },
    event: () => {},
    approval: async () => approval,
    recordApproval: async (a) => {
      approval = { runId: run.id, ...a };
    },
    assertOwner: async () => {},
    flush: async () => {},
  };
}
