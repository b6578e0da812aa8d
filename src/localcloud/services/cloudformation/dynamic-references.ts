// Dynamic references in resource properties: `{{resolve:ssm:name[:version]}}`,
// `{{resolve:ssm-secure:name[:version]}}` and
// `{{resolve:secretsmanager:secret-id[:SecretString[:json-key[:version-stage[:version-id]]]]}}`.
// Resolved when a resource is provisioned; the stack keeps the reference text (what DescribeStack-
// Resource shows and what "no changes" compares), so a secret never lands in a stack's records.
import { createHash } from 'node:crypto';
import { isRecord } from '../../../template/index.js';
import type { SsmPort } from '../../contract.js';
import { isDeleted } from './backend.js';
import type { RegionState } from './records.js';

const REFERENCE = /\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]+)\}\}/g;

export interface DynamicReference {
  service: 'ssm' | 'ssm-secure' | 'secretsmanager';
  /** What follows the service, e.g. `/app/url:3`. */
  spec: string;
}

/** A reference whose value localcloud does not have, worded as CloudFormation refuses it. */
export class DynamicReferenceError extends Error {
  readonly code = 'DYNAMIC_REFERENCE';
}

/** Every dynamic reference in the strings of `value`. */
export function referencesIn(value: unknown, out: DynamicReference[] = []): DynamicReference[] {
  if (typeof value === 'string') {
    for (const m of value.matchAll(REFERENCE)) out.push({ service: m[1] as DynamicReference['service'], spec: m[2] as string });
  } else if (Array.isArray(value)) value.forEach((v) => referencesIn(v, out));
  else if (isRecord(value)) Object.values(value).forEach((v) => referencesIn(v, out));
  return out;
}

export interface ReferenceSources {
  account: string;
  region: string;
  ssm: SsmPort;
  rs: RegionState;
}

function ssmValue(ref: DynamicReference, src: ReferenceSources): string {
  const version = /^(.*):(\d+)$/.exec(ref.spec);
  const name = version ? (version[1] as string) : ref.spec;
  const found = version ? src.ssm.resolve?.(src.account, src.region, `${name}:${version[2]}`) : src.ssm.get(src.account, src.region, name);
  if (!found) throw new DynamicReferenceError(`Parameters: [${ref.service}:${ref.spec}] cannot be found.`);
  return found.value;
}

/** A secret created by a stack of the region (AWS::SecretsManager::Secret), by name, ARN or physical id. */
function secretValue(ref: DynamicReference, src: ReferenceSources): string {
  // An ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) holds six colons of its own.
  const parts = ref.spec.split(':');
  const head = ref.spec.startsWith('arn:') ? 7 : 1;
  const secretId = parts.slice(0, head).join(':');
  const [field = 'SecretString', jsonKey = ''] = parts.slice(head);
  for (const stack of src.rs.stacks) {
    if (isDeleted(stack)) continue;
    for (const r of Object.values(stack.resources)) {
      if (r.type !== 'AWS::SecretsManager::Secret' || r.status === 'DELETE_COMPLETE' || !r.physicalId) continue;
      const names = [r.properties.Name, r.physicalId, r.ref, r.attributes.Id].filter((n) => typeof n === 'string');
      if (!names.includes(secretId)) continue;
      const text = secretStringOf(r.properties, r.physicalId);
      if (field !== 'SecretString' || !jsonKey) return text;
      try {
        const value = (JSON.parse(text) as Record<string, unknown>)[jsonKey];
        if (value !== undefined) return typeof value === 'string' ? value : JSON.stringify(value);
      } catch {
        // not JSON: refused below
      }
      throw new DynamicReferenceError(`Could not find SecretString JSON key ${jsonKey} in secret ${secretId}.`);
    }
  }
  throw new DynamicReferenceError("Secrets Manager can't find the specified secret.");
}

/** SecretString as given, or the one GenerateSecretString would make (stable per secret). */
function secretStringOf(props: Record<string, unknown>, physicalId: string): string {
  if (typeof props.SecretString === 'string') return props.SecretString;
  const gen = isRecord(props.GenerateSecretString) ? props.GenerateSecretString : {};
  const length = typeof gen.PasswordLength === 'number' ? gen.PasswordLength : 32;
  const password = createHash('sha256').update(physicalId).digest('base64url').replace(/[-_]/g, 'x').padEnd(length, 'x').slice(0, length);
  if (typeof gen.SecretStringTemplate === 'string' && typeof gen.GenerateStringKey === 'string') {
    try {
      return JSON.stringify({ ...(JSON.parse(gen.SecretStringTemplate) as object), [gen.GenerateStringKey]: password });
    } catch {
      // a template that is not JSON: the password alone
    }
  }
  return password;
}

/** The value a reference stands for; throws DynamicReferenceError when localcloud lacks it. */
export function resolveReference(ref: DynamicReference, src: ReferenceSources): string {
  return ref.service === 'secretsmanager' ? secretValue(ref, src) : ssmValue(ref, src);
}

/** `value` with every dynamic reference replaced by its value. */
export function resolveReferences<T>(value: T, src: ReferenceSources): T {
  if (typeof value === 'string') {
    return (value.includes('{{resolve:') ? value.replace(REFERENCE, (_m, service: string, spec: string) => resolveReference({ service: service as DynamicReference['service'], spec }, src)) : value) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => resolveReferences(v, src)) as T;
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, src)])) as T;
  return value;
}

/** Fails a request whose ssm / ssm-secure references name parameters that do not exist (AWS refuses them up front). */
export function checkParameterReferences(values: unknown[], src: ReferenceSources): void {
  for (const ref of values.flatMap((v) => referencesIn(v))) if (ref.service !== 'secretsmanager') ssmValue(ref, src);
}
