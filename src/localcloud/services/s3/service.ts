// The S3 service: routes REST requests, serves other services in-process (S3Port), and saves its state.
import type { Clock, RequestContext, S3Port, StatefulService } from '../../contract.js';
import type { IdSource } from '../../ids.js';
import type { WireRequest } from '../../protocol/http.js';
import { S3Backend } from './backend.js';
import { encryptionFromProperties, encryptionToProperties, publicAccessBlockDocument, replicationFromProperties } from './documents.js';
import { Multipart } from './multipart.js';
import type { S3Route } from './router.js';
import { routeS3 } from './router.js';
import type { Bucket, ObjectVersion } from './types.js';

type SavedVersion = Omit<ObjectVersion, 'body'>;
interface SavedBucket extends Omit<Bucket, 'objects' | 'uploads'> {
  objects: SavedVersion[][];
}

/** What S3 keeps across restarts: metadata as JSON; object bytes as files named by SHA-256. */
export interface S3Snapshot {
  buckets: SavedBucket[];
}

export class S3Service implements S3Port, StatefulService {
  readonly backend: S3Backend;
  private readonly multipart: Multipart;
  /** Bytes for `restore`, by SHA-256 (set by the persistence layer before restoring). */
  blobReader: (sha256: string) => Buffer | undefined = () => undefined;

  constructor(clock: Clock, ids: IdSource) {
    this.backend = new S3Backend(clock, ids);
    this.multipart = new Multipart(this.backend, clock, ids);
  }

  route(req: WireRequest, ctx: RequestContext): S3Route {
    return routeS3(this.backend, this.multipart, req, ctx);
  }

  createBucket(account: string, region: string, name: string): void {
    this.backend.createBucket(account, region, name);
  }

  deleteBucket(name: string, force?: boolean): void {
    this.backend.deleteBucket(name, force);
  }

  bucketInfo(name: string): ReturnType<S3Port['bucketInfo']> {
    const bucket = this.backend.buckets.get(name);
    if (!bucket) return undefined;
    return { account: bucket.account, region: bucket.region, versioning: bucket.versioning, encryption: encryptionToProperties(bucket.encryption) };
  }

  /** Applies AWS::S3::Bucket properties; absent VersioningConfiguration leaves versioning as it is. */
  configureBucket(name: string, properties: Record<string, unknown>): void {
    const bucket = this.backend.bucket(name);
    const versioning = (properties.VersioningConfiguration as { Status?: unknown } | undefined)?.Status;
    if (versioning === 'Enabled' || versioning === 'Suspended') bucket.versioning = versioning;
    bucket.encryption = encryptionFromProperties(properties.BucketEncryption);
    const tags = Array.isArray(properties.Tags) ? (properties.Tags as { Key?: unknown; Value?: unknown }[]) : [];
    bucket.tags = tags.length > 0 ? tags.map((t) => ({ key: String(t.Key ?? ''), value: String(t.Value ?? '') })) : undefined;
    bucket.replication = replicationFromProperties(properties.ReplicationConfiguration);
    const block = publicAccessBlockDocument(properties.PublicAccessBlockConfiguration);
    if (block) bucket.documents.publicAccessBlock = block;
    else delete bucket.documents.publicAccessBlock;
  }

  getObject(bucket: string, key: string, versionId?: string): Buffer | undefined {
    const versions = this.backend.buckets.get(bucket)?.objects.get(key);
    const version = versionId === undefined ? versions?.at(-1) : versions?.find((v) => v.versionId === versionId);
    return version && !version.deleteMarker ? version.body : undefined;
  }

  /** Every object body still referenced, by SHA-256 (what persistence writes as files). */
  blobs(): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (const bucket of this.backend.buckets.values()) {
      for (const versions of bucket.objects.values()) {
        for (const v of versions) if (!v.deleteMarker) out.set(v.sha256, v.body);
      }
    }
    return out;
  }

  reset(): void {
    this.backend.reset();
  }

  /** Metadata only; multipart uploads in progress are not kept. */
  snapshot(): S3Snapshot {
    return {
      buckets: [...this.backend.buckets.values()].map(({ objects, uploads: _uploads, ...rest }) => ({
        ...rest,
        objects: [...objects.values()].map((versions) => versions.map(({ body: _body, ...meta }) => meta)),
      })),
    };
  }

  restore(state: unknown): void {
    this.backend.reset();
    for (const saved of (state as S3Snapshot | undefined)?.buckets ?? []) {
      const { objects, ...rest } = saved;
      const bucket: Bucket = { ...rest, objects: new Map(), uploads: new Map() };
      for (const versions of objects) {
        const restored = versions.map((v) => ({ ...v, body: v.deleteMarker ? Buffer.alloc(0) : (this.blobReader(v.sha256) ?? Buffer.alloc(0)) }));
        if (restored[0]) bucket.objects.set(restored[0].key, restored);
      }
      this.backend.buckets.set(bucket.name, bucket);
    }
  }

  /** Buckets per account x region, for GET /_localcloud/state. */
  state(): Record<string, Record<string, unknown[]>> {
    const out: Record<string, Record<string, unknown[]>> = {};
    for (const b of this.backend.buckets.values()) {
      const regions = (out[b.account] ??= {});
      (regions[b.region] ??= []).push({
        name: b.name,
        versioning: b.versioning ?? 'Disabled',
        encryption: encryptionToProperties(b.encryption) ?? 'default (AES256)',
        replication: b.replication?.rules.map((r) => ({ id: r.id, status: r.status, prefix: r.prefix, destination: r.destinationBucket })),
        tags: b.tags,
        objects: [...b.objects.values()].filter((v) => !v.at(-1)?.deleteMarker).length,
        versions: [...b.objects.values()].reduce((n, v) => n + v.length, 0),
      });
    }
    return out;
  }
}
