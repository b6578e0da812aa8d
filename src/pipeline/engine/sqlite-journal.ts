// The local host's journal: the run's rows in the SQLite store, guarded by the run's lease.
import type { Store } from '../../store/index.js';
import { OwnershipLost, type RunJournal } from './journal.js';
import type { RunLease } from './run-lease.js';

/**
 * `cancelling`: this process is the one ending the run after a cancel (the undo it does must run).
 * Otherwise a cancel request stops the run once, at its next step; the undo that follows runs.
 */
export function sqliteJournal(store: Store, runId: string, lease?: RunLease, cancelling = false): RunJournal {
  let cancelSeen = cancelling;
  return {
    runId,
    run: async () => store.getRun(runId),
    setStatus: async (status, finished = false) => store.setRunStatus(runId, status, finished),
    mergeData: async (data) => store.mergeRunData(runId, data),
    getStep: async (key) => store.getStep(runId, key),
    putStep: async (step) => {
      store.putStep({ runId, ...step });
    },
    event: (type, data) => {
      store.appendEvent(runId, type, data);
    },
    approval: async () => store.getApproval(runId),
    recordApproval: async (a) => store.recordApproval({ runId, ...a }),
    async assertOwner() {
      const cancel = cancelSeen ? undefined : store.cancelRequest(runId);
      if (cancel) cancelSeen = true;
      if (cancel) throw new OwnershipLost('RUN_CANCELLED', `run ${runId} was cancelled by ${cancel.by} at ${cancel.at}${cancel.comment ? `: ${cancel.comment}` : ''}`);
      lease?.check();
    },
    noteApproved(rec) {
      if (rec.variant !== 'production') return;
      store.setLastApproved({ pipeline: String(rec.data.pipeline ?? ''), stack: rec.stack, region: rec.region, account: '', runId, data: rec.data });
    },
    flush: async () => {},
    async pastRegions() {
      const pipeline = store.getRun(runId)?.pipeline;
      const runs = pipeline ? store.listRuns({ pipeline, limit: 1000 }) : [];
      return [...new Set(runs.flatMap((r) => (Array.isArray(r.data.regions) ? r.data.regions.filter((x): x is string => typeof x === 'string') : [])))];
    },
    audit: (entry) => {
      store.appendAudit(entry);
    },
  };
}
