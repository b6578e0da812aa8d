// The approved record: per stack x variant x region (x account), exactly what was deployed when a
// change was approved — the template (bucket, key, version, sha256), every parameter value, tags,
// capabilities, the role. Undo (reject, timeout, drift block, a failure after Stage, rollout
// rollback) applies this record and nothing else. Secrets are kept by origin and a salted digest,
// never in clear: undo reads them again and stops when they no longer match.
import { createHash } from 'node:crypto';
import type { ParameterOrigin } from '../engine/parameter-values.js';
import type { StackGovernance } from '../engine/stack-governance.js';

export type Variant = 'production' | 'stage';

/** Where a secret is read again on undo. */
export type SecretRef =
  | { env: string }
  | { ssm: { name: string; region: string } }
  /** A NoEcho value written in meridian.yaml: read back from the approved commit's meridian.yaml. */
  | { literal: { commit: string; stack: string; key: string; region: string } };

export type RecordedValue = { value: string } | { secret: SecretRef; digest: string };

export interface RecordedTemplate {
  url: string;
  sha256: string;
  bucket?: string;
  key?: string;
  versionId?: string;
}

export interface ApprovedRecord {
  version: 1;
  pipeline: string;
  stack: string;
  variant: Variant;
  region: string;
  /** The account id the stack lives in ('' = the caller's own). */
  account: string;
  stackName: string;
  runId: string;
  commit: string;
  template: RecordedTemplate;
  parameters: Record<string, RecordedValue>;
  /** Salt of the secrets' digests (a bare hash of a short secret would give it away). */
  salt: string;
  tags: Record<string, string>;
  capabilities: string[];
  roleArn?: string;
  /** The settings the deploy gave CloudFormation (records written before governance have none: undo leaves the stack's). */
  governance?: StackGovernance;
}

/** The digest a secret is compared by. */
export function secretDigest(salt: string, value: string): string {
  return `sha256:${createHash('sha256').update(`meridian-secret-v1\0${salt}\0${value}`).digest('hex')}`;
}

/**
 * How one parameter value is recorded: values from the environment, SSM and NoEcho literals by
 * origin and digest; literals and other stacks' outputs as they are (they are not secrets, and an
 * output may have changed since, which is exactly what undo must not pick up).
 */
export function recordedValue(
  value: string,
  origin: ParameterOrigin,
  secret: { noEcho: boolean; salt: string; literal: { commit: string; stack: string; key: string; region: string } },
): RecordedValue {
  const digest = secretDigest(secret.salt, value);
  if (origin.kind === 'env') return { secret: { env: origin.name }, digest };
  if (origin.kind === 'ssm') return { secret: { ssm: { name: origin.name, region: origin.region } }, digest };
  if (secret.noEcho && origin.kind === 'literal') return { secret: { literal: secret.literal }, digest };
  return { value };
}

/** A record written by an older Meridian (parameter names only) cannot be applied exactly. */
export function isCompleteRecord(data: unknown): data is ApprovedRecord {
  const r = data as Partial<ApprovedRecord> | undefined;
  return r?.version === 1 && typeof r.template?.url === 'string' && typeof r.parameters === 'object' && r.parameters !== null;
}
