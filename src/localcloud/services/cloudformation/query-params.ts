// Reading Query-protocol parameters: `Name.member.N` lists and `Name.member.N.Field` records.
import { AwsError } from '../../contract.js';
import type { QueryParams } from '../../contract.js';
import type { GivenParameter } from './parameters.js';
import type { Tag } from './records.js';

/** Scalars of `Name.member.N`, in N order. */
export function memberList(params: QueryParams, name: string): string[] {
  return members(params, name)
    .map(([, v]) => v[''])
    .filter((v): v is string => v !== undefined);
}

/** Records of `Name.member.N.Field`, in N order. */
export function memberRecords(params: QueryParams, name: string): Record<string, string>[] {
  return members(params, name).map(([, v]) => v);
}

function members(params: QueryParams, name: string): [number, Record<string, string>][] {
  const prefix = `${name}.member.`;
  const byIndex = new Map<number, Record<string, string>>();
  for (const [k, v] of Object.entries(params)) {
    if (!k.startsWith(prefix)) continue;
    const rest = k.slice(prefix.length);
    const dot = rest.indexOf('.');
    const index = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index)) continue;
    const rec = byIndex.get(index) ?? {};
    rec[dot < 0 ? '' : rest.slice(dot + 1)] = v;
    byIndex.set(index, rec);
  }
  return [...byIndex].sort((a, b) => a[0] - b[0]);
}

export function bool(params: QueryParams, name: string): boolean | undefined {
  const v = params[name];
  return v === undefined ? undefined : v === 'true';
}

export function required(params: QueryParams, name: string): string {
  const v = params[name];
  if (v === undefined || v === '') {
    const field = name.charAt(0).toLowerCase() + name.slice(1);
    throw new AwsError('ValidationError', `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
  }
  return v;
}

export function givenParameters(params: QueryParams): GivenParameter[] {
  return memberRecords(params, 'Parameters').map((r) => {
    const g: GivenParameter = { key: r.ParameterKey ?? '', usePrevious: r.UsePreviousValue === 'true' };
    if (r.ParameterValue !== undefined) g.value = r.ParameterValue;
    return g;
  });
}

export function tags(params: QueryParams): Tag[] {
  return memberRecords(params, 'Tags').map((r) => ({ Key: r.Key ?? '', Value: r.Value ?? '' }));
}

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

/** Checks a new stack's name as CloudFormation does. */
export function checkStackName(name: string): void {
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
}
