// The S3 backend: buckets with global names, object versions, delete markers and replication.
// Handlers parse HTTP and render XML; everything S3 decides happens here.
import { createHash } from 'node:crypto';
import { AwsError } from '../../contract.js';
import type { Clock } from '../../contract.js';
import type { IdSource } from '../../ids.js';
import type { Bucket, ObjectVersion, ServerSideEncryption, WriteOptions } from './types.js';
import { latestOf } from './types.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

export function noSuchBucket(name: string): AwsError {
  return Object.assign(new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404), { bucketName: name });
}

/** All buckets of all accounts and regions; one instance per localcloud server. */
export class S3Backend {
  readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  createBucket(account: string, region: string, name: string): Bucket {
    if (!BUCKET_NAME.test(name) || name.includes('..')) {
      throw new AwsError('InvalidBucketName', 'The specified bucket is not valid.');
    }
    const existing = this.buckets.get(name);
    if (existing) {
      // S3 keeps a legacy quirk: re-creating your own bucket in us-east-1 succeeds.
      if (existing.account === account && existing.region === 'us-east-1' && region === 'us-east-1') return existing;
      if (existing.account === account) {
        throw new AwsError('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409);
      }
      throw new AwsError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', 409);
    }
    const bucket: Bucket = { name, account, region, created: this.clock.now(), documents: {}, objects: new Map(), uploads: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  bucket(name: string): Bucket {
    const bucket = this.buckets.get(name);
    if (!bucket) throw noSuchBucket(name);
    return bucket;
  }

  deleteBucket(name: string, force = false): void {
    const bucket = this.bucket(name);
    if (!force && (bucket.objects.size > 0 || bucket.uploads.size > 0)) {
      throw new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409);
    }
    this.buckets.delete(name);
  }

  /** The encryption an object gets: the request's own, else the bucket's default. */
  encryptionFor(bucket: Bucket, requested: ServerSideEncryption | undefined): ServerSideEncryption {
    const chosen = requested ?? (bucket.encryption?.[0] ? { algorithm: bucket.encryption[0].algorithm, kmsKeyId: bucket.encryption[0].kmsKeyId } : { algorithm: 'AES256' });
    if (chosen.algorithm.startsWith('aws:kms') && !chosen.kmsKeyId) {
      return { ...chosen, kmsKeyId: `arn:aws:kms:${bucket.region}:${bucket.account}:alias/aws/s3` };
    }
    return chosen;
  }

  /** Writes a new version (or replaces the 'null' one) and replicates it. */
  putObject(bucketName: string, key: string, body: Buffer, options: WriteOptions, extra: Partial<ObjectVersion> = {}): ObjectVersion {
    const bucket = this.bucket(bucketName);
    const version: ObjectVersion = {
      key,
      versionId: bucket.versioning === 'Enabled' ? this.ids.token(32) : 'null',
      deleteMarker: false,
      lastModified: this.clock.now(),
      size: body.length,
      etag: `"${md5Hex(body)}"`,
      sha256: createHash('sha256').update(body).digest('hex'),
      body,
      contentType: options.contentType ?? 'binary/octet-stream',
      headers: options.headers ?? {},
      metadata: options.metadata ?? {},
      sse: this.encryptionFor(bucket, options.sse),
      ...extra,
    };
    this.addVersion(bucket, version);
    this.replicate(bucket, version);
    return version;
  }

  private addVersion(bucket: Bucket, version: ObjectVersion): void {
    const versions = bucket.objects.get(version.key) ?? [];
    // Unversioned and suspended buckets keep at most one 'null' version per key.
    const kept = version.versionId === 'null' ? versions.filter((v) => v.versionId !== 'null') : versions;
    kept.push(version);
    bucket.objects.set(version.key, kept);
  }

  /** The latest (or given) version; NoSuchKey for a missing key or a latest delete marker. */
  getObject(bucketName: string, key: string, versionId?: string): ObjectVersion {
    const bucket = this.bucket(bucketName);
    const versions = bucket.objects.get(key);
    if (versionId !== undefined) {
      const found = versions?.find((v) => v.versionId === versionId);
      if (!found) {
        throw Object.assign(new AwsError('NoSuchVersion', 'The specified version does not exist.', 404), { key, versionId });
      }
      if (found.deleteMarker) {
        throw Object.assign(new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405), { deleteMarker: found });
      }
      return found;
    }
    const latest = latestOf(versions);
    if (!latest || latest.deleteMarker) {
      throw Object.assign(new AwsError('NoSuchKey', 'The specified key does not exist.', 404), { key, deleteMarker: latest });
    }
    return latest;
  }

  /** DeleteObject: a delete marker when versioned, a permanent removal with a versionId or when unversioned. */
  deleteObject(bucketName: string, key: string, versionId?: string): { deleteMarker: boolean; versionId?: string } {
    const bucket = this.bucket(bucketName);
    const versions = bucket.objects.get(key) ?? [];
    if (versionId !== undefined) {
      const found = versions.find((v) => v.versionId === versionId);
      const rest = versions.filter((v) => v.versionId !== versionId);
      if (rest.length > 0) bucket.objects.set(key, rest);
      else bucket.objects.delete(key);
      return { deleteMarker: found?.deleteMarker ?? false, versionId };
    }
    if (!bucket.versioning) {
      bucket.objects.delete(key);
      return { deleteMarker: false };
    }
    const marker: ObjectVersion = {
      key,
      versionId: bucket.versioning === 'Enabled' ? this.ids.token(32) : 'null',
      deleteMarker: true,
      lastModified: this.clock.now(),
      size: 0,
      etag: '',
      sha256: '',
      body: Buffer.alloc(0),
      headers: {},
      metadata: {},
    };
    this.addVersion(bucket, marker);
    this.replicateDeleteMarker(bucket, marker);
    return { deleteMarker: true, versionId: marker.versionId };
  }

  /** Replication copies each new object to every enabled rule's destination, keeping its version id. */
  private replicate(source: Bucket, version: ObjectVersion): void {
    if (!source.replication || version.replicationStatus === 'REPLICA') return;
    const rules = source.replication.rules.filter((r) => r.status === 'Enabled' && version.key.startsWith(r.prefix));
    if (rules.length === 0) return;
    let failed = false;
    for (const rule of rules) {
      const destination = this.buckets.get(rule.destinationBucket.replace(/^arn:aws:s3:::/, ''));
      if (!destination || destination.versioning !== 'Enabled') {
        failed = true;
        continue;
      }
      this.addVersion(destination, { ...version, replicationStatus: 'REPLICA', sse: version.sse ? { ...version.sse } : undefined });
    }
    version.replicationStatus = failed ? 'FAILED' : 'COMPLETED';
  }

  private replicateDeleteMarker(source: Bucket, marker: ObjectVersion): void {
    for (const rule of source.replication?.rules ?? []) {
      if (rule.status !== 'Enabled' || !rule.deleteMarkerReplication || !marker.key.startsWith(rule.prefix)) continue;
      const destination = this.buckets.get(rule.destinationBucket.replace(/^arn:aws:s3:::/, ''));
      if (destination?.versioning === 'Enabled') this.addVersion(destination, { ...marker });
    }
  }

  reset(): void {
    this.buckets.clear();
  }
}
