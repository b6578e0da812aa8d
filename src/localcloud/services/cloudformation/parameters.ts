// Stack parameters: given values, UsePreviousValue, defaults, constraints, NoEcho, SSM types.
import { modelOf } from '../../../template/index.js';
import type { ParameterModel } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import type { SsmPort } from '../../contract.js';
import type { ParameterValue } from './records.js';

export interface GivenParameter {
  key: string;
  value?: string;
  usePrevious: boolean;
}

const validation = (message: string) => new AwsError('ValidationError', message);

/** Resolves the parameters of a template for a stack operation; throws ValidationError as AWS does. */
export function resolveParameters(
  body: Record<string, unknown>,
  given: GivenParameter[],
  previous: ParameterValue[],
  where: { account: string; region: string; ssm: SsmPort },
): ParameterValue[] {
  const declared = modelOf(body).parameters;
  const unknown = given.filter((g) => !declared.has(g.key)).map((g) => g.key);
  if (unknown.length > 0) throw validation(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const byKey = new Map(given.map((g) => [g.key, g]));
  const missing: string[] = [];
  const out: ParameterValue[] = [];
  for (const p of declared.values()) {
    const g = byKey.get(p.name);
    let value: string | undefined;
    if (g?.usePrevious) {
      const prev = previous.find((v) => v.key === p.name);
      if (!prev) throw validation(`Invalid input for parameter key ${p.name}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      value = prev.value;
    } else value = g?.value ?? p.default;
    if (value === undefined) {
      missing.push(p.name);
      continue;
    }
    checkConstraints(p, value);
    const record: ParameterValue = { key: p.name, value, noEcho: p.noEcho };
    if (p.kind === 'SSM') record.resolved = ssmValue(value, where);
    out.push(record);
  }
  if (missing.length > 0) throw validation(`Parameters: [${missing.join(', ')}] must have values`);
  return out;
}

function ssmValue(name: string, where: { account: string; region: string; ssm: SsmPort }): string {
  const found = where.ssm.get(where.account, where.region, name);
  if (!found) throw validation(`Parameters: [${name}] cannot be found.`);
  return found.value;
}

function checkConstraints(p: ParameterModel, value: string): void {
  const fail = (text: string): never => {
    throw validation(p.constraintDescription ? `Parameter '${p.name}' failed to satisfy constraint: ${p.constraintDescription}` : text);
  };
  const values = p.isList && p.kind !== 'SSM' ? value.split(',') : [value];
  for (const v of values) {
    if (p.allowedValues && !p.allowedValues.includes(v)) throw validation(`Parameter '${p.name}' must be one of AllowedValues`);
    if (p.allowedPattern !== undefined && !new RegExp(`^(?:${p.allowedPattern})$`).test(v)) fail(`Parameter '${p.name}' must match pattern ${p.allowedPattern}`);
    if (p.minLength !== undefined && v.length < p.minLength) fail(`Parameter '${p.name}' must contain at least ${p.minLength} characters`);
    if (p.maxLength !== undefined && v.length > p.maxLength) fail(`Parameter '${p.name}' must contain at most ${p.maxLength} characters`);
    if (p.kind === 'Number' || p.type === 'List<Number>') {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n)) fail(`Parameter '${p.name}' must be a number`);
      if (p.minValue !== undefined && n < p.minValue) fail(`Parameter '${p.name}' must be a number not less than ${p.minValue}`);
      if (p.maxValue !== undefined && n > p.maxValue) fail(`Parameter '${p.name}' must be a number not greater than ${p.maxValue}`);
    }
  }
}

/** The value a template sees for a parameter (lists split, SSM values resolved). */
export function parameterValueForTemplate(body: Record<string, unknown>): (p: ParameterValue) => unknown {
  const declared = modelOf(body).parameters;
  return (p) => {
    const model = declared.get(p.key);
    const raw = p.resolved ?? p.value;
    return model?.isList ? raw.split(',').map((s) => s.trim()) : raw;
  };
}
