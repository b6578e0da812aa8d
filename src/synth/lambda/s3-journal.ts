// The AWS-native host's journal: a run's durable state as small JSON objects beside the execution,
// in the home region's artifact bucket (versioned, encrypted, reached through the deployment role):
// runs/<run>/run.json, runs/<run>/steps/<key>.json, runs/<run>/approval.json. One object per step, so
// the parallel Map iterations of a wave (one region each) never write the same object. Events go to
// the function's log (CloudWatch Logs), where Lambda keeps them.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { clientsOf, errorCode, send, type CloudDeps, type CloudTarget } from '../../cloud/index.js';
import type { RunJournal } from '../../pipeline/index.js';
import type { ApprovalRecord, RunRecord, StepRecord } from '../../store/index.js';

export interface S3JournalOptions {
  cloud: CloudDeps;
  target: CloudTarget;
  bucket: string;
  runId: string;
  now: () => number;
  /** Where events go (the function's log). */
  log: (line: string) => void;
}

export function s3Journal(o: S3JournalOptions): RunJournal & { create(run: Omit<RunRecord, 'createdAt' | 'updatedAt'>): Promise<RunRecord> } {
  const { s3 } = clientsOf(o.cloud, o.target);
  const prefix = `runs/${o.runId}`;
  const iso = () => new Date(o.now()).toISOString();
  async function get<T>(key: string): Promise<T | undefined> {
    try {
      const out = await send(o.cloud, () => s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: `${prefix}/${key}` })));
      return JSON.parse((await out.Body?.transformToString()) ?? 'null') as T;
    } catch (err) {
      if (['NoSuchKey', 'NotFound'].includes(errorCode(err) ?? '')) return undefined;
      throw err;
    }
  }
  const put = (key: string, value: unknown) => send(o.cloud, () => s3.send(new PutObjectCommand({ Bucket: o.bucket, Key: `${prefix}/${key}`, Body: JSON.stringify(value), ContentType: 'application/json' })));
  const stepKey = (key: string) => `steps/${encodeURIComponent(key)}.json`;
  const run = () => get<RunRecord>('run.json');
  const updateRun = async (change: (r: RunRecord) => RunRecord) => {
    const r = await run();
    if (!r) throw new Error(`run ${o.runId} has no journal in s3://${o.bucket}/${prefix}`);
    await put('run.json', { ...change(r), updatedAt: iso() });
  };
  return {
    runId: o.runId,
    async create(r) {
      const existing = await run();
      if (existing) return existing;
      const at = iso();
      const record: RunRecord = { ...r, createdAt: at, updatedAt: at };
      await put('run.json', record);
      return record;
    },
    run,
    setStatus: (status, finished = false) => updateRun((r) => ({ ...r, status, ...(finished && !r.finishedAt ? { finishedAt: iso() } : {}) })),
    mergeData: (data) => updateRun((r) => ({ ...r, data: { ...r.data, ...data } })),
    getStep: (key) => get<StepRecord>(stepKey(key)),
    async putStep(step) {
      const existing = await get<StepRecord>(stepKey(step.key));
      const at = iso();
      const record: StepRecord = {
        runId: o.runId,
        key: step.key,
        stage: step.stage,
        ...(step.region ? { region: step.region } : {}),
        ...(step.stack ? { stack: step.stack } : {}),
        status: step.status,
        attempt: step.attempt ?? existing?.attempt ?? 0,
        ...((existing?.startedAt ?? (step.status === 'running' ? at : undefined)) ? { startedAt: existing?.startedAt ?? at } : {}),
        ...(['succeeded', 'failed', 'skipped', 'warned'].includes(step.status) ? { finishedAt: at } : {}),
        data: { ...(existing?.data ?? {}), ...(step.data ?? {}) },
      };
      await put(stepKey(step.key), record);
    },
    event(type, data) {
      o.log(JSON.stringify({ run: o.runId, type, ...data }));
    },
    approval: () => get<ApprovalRecord>('approval.json'),
    async recordApproval(a) {
      if (await get<ApprovalRecord>('approval.json')) return;
      await put('approval.json', { runId: o.runId, ...a });
    },
    // The execution owns the run: Step Functions never runs one state twice at once.
    assertOwner: async () => {},
    flush: async () => {},
  };
}
