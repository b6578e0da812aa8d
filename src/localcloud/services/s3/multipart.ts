// Multipart uploads: parts are kept per upload until Complete joins them into one object version.
import { createHash } from 'node:crypto';
import { AwsError } from '../../contract.js';
import type { Clock } from '../../contract.js';
import type { IdSource } from '../../ids.js';
import type { S3Backend } from './backend.js';
import { md5Hex } from './backend.js';
import type { MultipartUpload, ObjectVersion, WriteOptions } from './types.js';

const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10000;

function noSuchUpload(): AwsError {
  return new AwsError('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404);
}

export class Multipart {
  constructor(
    private readonly s3: S3Backend,
    private readonly clock: Clock,
    private readonly ids: IdSource,
  ) {}

  create(bucketName: string, key: string, options: WriteOptions): MultipartUpload {
    const bucket = this.s3.bucket(bucketName);
    const upload: MultipartUpload = {
      uploadId: this.ids.token(48),
      key,
      initiated: this.clock.now(),
      contentType: options.contentType,
      headers: options.headers ?? {},
      metadata: options.metadata ?? {},
      sse: this.s3.encryptionFor(bucket, options.sse),
      parts: new Map(),
    };
    bucket.uploads.set(upload.uploadId, upload);
    return upload;
  }

  upload(bucketName: string, key: string, uploadId: string): MultipartUpload {
    const upload = this.s3.bucket(bucketName).uploads.get(uploadId);
    if (!upload || upload.key !== key) throw noSuchUpload();
    return upload;
  }

  uploadPart(bucketName: string, key: string, uploadId: string, partNumber: number, body: Buffer): { etag: string; upload: MultipartUpload } {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
      throw new AwsError('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PART_NUMBER}, inclusive`);
    }
    const upload = this.upload(bucketName, key, uploadId);
    const etag = `"${md5Hex(body)}"`;
    upload.parts.set(partNumber, { partNumber, etag, size: body.length, body });
    return { etag, upload };
  }

  /** Joins the listed parts; the ETag is the MD5 of the parts' binary MD5s, dash, part count. */
  complete(bucketName: string, key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): ObjectVersion {
    const upload = this.upload(bucketName, key, uploadId);
    if (parts.length === 0) {
      throw new AwsError('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
    }
    const chosen = parts.map((p, i) => {
      const part = upload.parts.get(p.partNumber);
      if (!part || part.etag.replace(/"/g, '') !== p.etag.replace(/"/g, '')) {
        throw new AwsError('InvalidPart', 'One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part\'s entity tag.');
      }
      const previous = parts[i - 1];
      if (previous && previous.partNumber >= p.partNumber) {
        throw new AwsError('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.');
      }
      return part;
    });
    chosen.forEach((part, i) => {
      if (i < chosen.length - 1 && part.size < MIN_PART_SIZE) {
        throw new AwsError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.');
      }
    });
    const digests = Buffer.concat(chosen.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex')));
    const etag = `"${createHash('md5').update(digests).digest('hex')}-${chosen.length}"`;
    const body = Buffer.concat(chosen.map((p) => p.body));
    this.s3.bucket(bucketName).uploads.delete(uploadId);
    return this.s3.putObject(
      bucketName,
      key,
      body,
      { contentType: upload.contentType, headers: upload.headers, metadata: upload.metadata, sse: upload.sse },
      { etag, partsCount: chosen.length },
    );
  }

  abort(bucketName: string, key: string, uploadId: string): void {
    this.upload(bucketName, key, uploadId);
    this.s3.bucket(bucketName).uploads.delete(uploadId);
  }
}
