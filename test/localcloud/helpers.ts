// Shared setup for localcloud tests: a server on an ephemeral port and real SDK v3 clients pointed at it.
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { LocalCloud, LocalCloudOptions } from '../../src/localcloud/index.js';
import { startLocalCloud } from '../../src/localcloud/index.js';

export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const TEST_CREDENTIALS: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export function clientConfig(cloud: LocalCloud, region: string, credentials: Credentials = TEST_CREDENTIALS, maxAttempts = 3) {
  return { endpoint: cloud.endpoint, region, credentials, maxAttempts };
}

export function s3Client(cloud: LocalCloud, region: string, credentials?: Credentials, maxAttempts?: number): S3Client {
  return new S3Client({ ...clientConfig(cloud, region, credentials, maxAttempts), forcePathStyle: true });
}

export function ssmClient(cloud: LocalCloud, region: string, credentials?: Credentials, maxAttempts?: number): SSMClient {
  return new SSMClient(clientConfig(cloud, region, credentials, maxAttempts));
}

export function stsClient(cloud: LocalCloud, region: string, credentials?: Credentials): STSClient {
  return new STSClient(clientConfig(cloud, region, credentials));
}

/** Starts localcloud on an ephemeral loopback port. */
export function start(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  return startLocalCloud({ port: 0, latencyMs: 0, ...options });
}

/** Calls the admin API. */
export async function admin(cloud: LocalCloud, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${cloud.endpoint}/_localcloud/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

/** The error an SDK call rejects with (fails the test if it resolves). */
export async function errorOf(promise: Promise<unknown>): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number }; $fault?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error('expected the call to fail');
}
