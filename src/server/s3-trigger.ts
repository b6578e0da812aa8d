// The S3-object trigger: a new version of a configured object (in AWS or localcloud) starts a run.
// This is how a pipeline fed by S3 cross-region replication learns that a new artifact arrived.
// The object's `commit` metadata (or a body that is just a commit sha) names the commit to run;
// otherwise the watched branch's head runs. The version last seen is kept in the store.
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { CloudDeps } from '../cloud/index.js';
import type { Store } from '../store/index.js';
import type { Timers, Worker } from './worker.js';

export interface S3TriggerConfig {
  bucket: string;
  key: string;
  region: string;
}

export type S3Observation =
  | { kind: 'missing' }
  | { kind: 'unchanged'; version: string }
  | { kind: 'first-seen'; version: string }
  | { kind: 'new-version'; version: string; commit?: string };

const SHA = /^[0-9a-f]{40}$/;

/** Parses `s3://bucket/key`. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(url);
  return m?.[1] && m[2] ? { bucket: m[1], key: m[2] } : undefined;
}

/** Looks at the object once and records its version; says whether a run should start. */
export async function observeObject(cloud: CloudDeps, store: Store, t: S3TriggerConfig): Promise<S3Observation> {
  const { s3 } = cloud.pool.clients({ region: t.region });
  let head;
  try {
    head = await s3.send(new HeadObjectCommand({ Bucket: t.bucket, Key: t.key }));
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) return { kind: 'missing' };
    throw err;
  }
  // Unversioned buckets have no VersionId: the ETag changes with the content instead.
  const version = head.VersionId ?? head.ETag ?? '';
  const key = `s3:${t.region}:${t.bucket}/${t.key}`;
  const seen = store.getServerState(key);
  if (seen === version) return { kind: 'unchanged', version };
  store.setServerState(key, version);
  if (seen === undefined) return { kind: 'first-seen', version };
  let commit = head.Metadata?.commit;
  if (!commit && (head.ContentLength ?? 0) <= 64) {
    const body = await s3.send(new GetObjectCommand({ Bucket: t.bucket, Key: t.key, ...(head.VersionId ? { VersionId: head.VersionId } : {}) }));
    commit = (await body.Body?.transformToString())?.trim();
  }
  return { kind: 'new-version', version, ...(commit && SHA.test(commit) ? { commit } : {}) };
}

/** Looks at the object on a timer, through the worker's queue, and starts runs for new versions. */
export class S3Watch {
  private timer: unknown;
  private stopped = false;

  constructor(
    private readonly t: S3TriggerConfig,
    private readonly o: {
      cloud: CloudDeps;
      store: Store;
      worker: Pick<Worker, 'enqueue' | 'check'>;
      timers: Timers;
      intervalMs: () => number;
      log: (level: 'info' | 'warn' | 'error', message: string) => void;
    },
  ) {}

  private get where(): string {
    return `s3://${this.t.bucket}/${this.t.key} (${this.t.region})`;
  }

  /** Queues one look at the object. */
  check(): Promise<void> {
    return this.o.worker.enqueue('s3 trigger', async () => {
      const seen = await observeObject(this.o.cloud, this.o.store, this.t);
      if (seen.kind === 'first-seen') this.o.log('info', `watching ${this.where}, version ${seen.version}`);
      if (seen.kind !== 'new-version') return;
      this.o.log('info', `${this.where}: new version ${seen.version}${seen.commit ? ` for ${seen.commit.slice(0, 12)}` : ''}`);
      await this.o.worker.check(`s3 version ${seen.version}`, seen.commit, true);
    });
  }

  /** Looks now, then every interval when `poll`. */
  start(poll: boolean): void {
    void this.check();
    if (poll) this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.o.timers.setTimeout(() => {
      void this.check();
      this.schedule();
    }, this.o.intervalMs());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.o.timers.clearTimeout(this.timer);
  }
}
