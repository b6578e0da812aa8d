// The contract between localcloud's server (protocols, routing, admin API) and its services.
// Services never see HTTP: the server parses the wire protocol, calls a service, renders the result.

/** An AWS error as the wire protocols render it (code, message, HTTP status, fault side). */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

/** Time as localcloud sees it; injectable so tests and simulations control durations. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Who is calling, where: taken from the SigV4 credential scope and access key. */
export interface RequestContext {
  account: string;
  region: string;
  requestId: string;
  accessKeyId: string;
}

/** Flat `Key.member.N.Field=value` parameters of a Query-protocol request (CloudFormation, STS). */
export type QueryParams = Record<string, string>;

/** A value rendered as XML: objects are elements, arrays are `<member>` lists. */
export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** A service spoken over the Query protocol (form-encoded request, XML response). */
export interface QueryService {
  readonly name: 'cloudformation' | 'sts';
  /** The API version and XML namespace of responses, e.g. http://cloudformation.amazonaws.com/doc/2010-05-15/ */
  readonly xmlns: string;
  /** Runs one action; returns the content of `<{Action}Result>`; throws AwsError. */
  handle(action: string, params: QueryParams, ctx: RequestContext): Promise<XmlValue>;
}

/** What the operations log records of a mutating call (`GET /_localcloud/operations`). */
export interface OperationRecord {
  seq: number;
  time: string;
  account: string;
  region: string;
  service: string;
  action: string;
  stackName?: string;
  clientRequestToken?: string;
}

/** The part of S3 that other localcloud services use in-process (CloudFormation resources, TemplateURL). */
export interface S3Port {
  /** Creates a bucket owned by `account` in `region`; AwsError BucketAlreadyExists if the name is taken. */
  createBucket(account: string, region: string, name: string): void;
  /** Deletes a bucket; AwsError BucketNotEmpty if it holds objects (unless `force`). */
  deleteBucket(name: string, force?: boolean): void;
  /** Where a bucket lives, or undefined if there is none. */
  bucketInfo(name: string): { account: string; region: string; versioning: 'Enabled' | 'Suspended' | undefined; encryption: unknown } | undefined;
  /** Applies properties of an AWS::S3::Bucket (versioning, encryption, tags...) to a live bucket. */
  configureBucket(name: string, properties: Record<string, unknown>): void;
  /** The latest (or given) version of an object's bytes, or undefined. */
  getObject(bucket: string, key: string, versionId?: string): Buffer | undefined;
}

/** The part of SSM Parameter Store other localcloud services use in-process. */
export interface SsmPort {
  get(account: string, region: string, name: string): { value: string; type: 'String' | 'StringList' | 'SecureString'; version: number } | undefined;
  /** `name`, `name:<version>` or `name:<label>`, as GetParameter takes it; undefined when there is none. */
  resolve?(account: string, region: string, selector: string): { value: string; type: 'String' | 'StringList' | 'SecureString'; version: number } | undefined;
  put(account: string, region: string, name: string, value: string, type: 'String' | 'StringList' | 'SecureString', options?: { overwrite?: boolean; description?: string }): number;
  delete(account: string, region: string, name: string): boolean;
}

/** A backend that keeps state: reset by `POST /_localcloud/reset`, saved by `--data DIR`. */
export interface StatefulService {
  reset(): void;
  /** JSON-serialisable state for persistence. */
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** A service spoken over awsJson (X-Amz-Target: `{targetPrefix}.{Operation}`). */
export interface JsonService {
  readonly name: string;
  /** The X-Amz-Target prefix, e.g. AmazonSSM. */
  readonly targetPrefix: string;
  /** awsJson1.1 unless stated (CloudWatch speaks 1.0). */
  readonly jsonVersion?: '1.0' | '1.1';
  /** Errors also carry their Query-protocol code in `x-amzn-query-error` (services moved from Query to JSON). */
  readonly queryCompatible?: boolean;
  /** Runs one operation; returns the JSON output; throws AwsError. */
  handle(operation: string, input: Record<string, unknown>, ctx: RequestContext): Promise<unknown>;
}
