// S3's data model inside localcloud: buckets (names global, each in one account x region) and object versions.

export type VersioningStatus = 'Enabled' | 'Suspended';

export interface ServerSideEncryption {
  algorithm: string;
  kmsKeyId?: string;
}

/** One version of an object, or a delete marker. `body` is never serialised; `sha256` names its file. */
export interface ObjectVersion {
  key: string;
  /** 'null' for objects written while versioning was never enabled or was suspended. */
  versionId: string;
  deleteMarker: boolean;
  lastModified: number;
  size: number;
  etag: string;
  sha256: string;
  body: Buffer;
  contentType?: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  sse?: ServerSideEncryption;
  replicationStatus?: 'COMPLETED' | 'FAILED' | 'REPLICA';
  partsCount?: number;
  /** The client's full-object checksum, answered when GetObject/HeadObject ask for checksums. */
  checksum?: { algorithm: string; value: string };
}

export interface EncryptionRule {
  algorithm: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
}

export interface ReplicationRule {
  id: string;
  status: 'Enabled' | 'Disabled';
  priority?: number;
  prefix: string;
  destinationBucket: string;
  storageClass?: string;
  deleteMarkerReplication: boolean;
}

export interface ReplicationConfig {
  role: string;
  rules: ReplicationRule[];
}

export interface UploadPart {
  partNumber: number;
  etag: string;
  size: number;
  body: Buffer;
}

export interface MultipartUpload {
  uploadId: string;
  key: string;
  initiated: number;
  contentType?: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
  sse?: ServerSideEncryption;
  parts: Map<number, UploadPart>;
}

export interface Bucket {
  name: string;
  account: string;
  region: string;
  created: number;
  versioning?: VersioningStatus;
  /** Undefined: S3's default encryption (SSE-S3, AES256) applies. */
  encryption?: EncryptionRule[];
  tags?: { key: string; value: string }[];
  replication?: ReplicationConfig;
  /** Raw documents of subresources stored as given (policy, cors, lifecycle...). */
  documents: Record<string, string>;
  /** Versions per key, oldest first. */
  objects: Map<string, ObjectVersion[]>;
  uploads: Map<string, MultipartUpload>;
}

/** What a write carries besides the bytes. */
export interface WriteOptions {
  contentType?: string;
  metadata?: Record<string, string>;
  /** Stored response headers (cache-control, content-disposition, content-encoding, expires). */
  headers?: Record<string, string>;
  sse?: ServerSideEncryption;
}

/** The latest version of a key, if any. */
export function latestOf(versions: ObjectVersion[] | undefined): ObjectVersion | undefined {
  return versions?.[versions.length - 1];
}
