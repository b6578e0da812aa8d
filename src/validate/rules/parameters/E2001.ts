// The shape of each parameter: a map with a Type and only the keys CloudFormation knows.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import type { RuleFinding } from '../../types.js';

const KEYS = ['AllowedPattern', 'AllowedValues', 'ConstraintDescription', 'Default', 'Description', 'MaxLength', 'MaxValue', 'MinLength', 'MinValue', 'NoEcho', 'Type'];
const STRINGS = ['AllowedPattern', 'ConstraintDescription', 'Description', 'Type', 'Default'];
const NUMBERS: Record<string, 'number' | 'integer'> = { MaxValue: 'number', MinValue: 'number', MaxLength: 'integer', MinLength: 'integer' };

const show = (v: unknown): string => (v === null ? 'None' : typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const numeric = (v: unknown) => typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)));

function checkParameter(name: string, p: unknown): RuleFinding[] {
  const path = ['Parameters', name];
  if (!isRecord(p)) return [{ path, message: `${show(p)} is not of type 'object'` }];
  const out: RuleFinding[] = [];
  if (!('Type' in p) || p.Type === null) out.push({ path, message: "'Type' is a required property" });
  const type = typeof p.Type === 'string' ? p.Type : '';
  // Number parameters take value bounds, not string constraints (cfn-lint's per-type schema).
  const forbidden = type === 'Number' || type === 'List<Number>' ? ['MaxLength', 'MinLength', 'AllowedPattern'] : [];
  for (const [k, v] of Object.entries(p)) {
    const at = [...path, k];
    if (forbidden.includes(k)) out.push({ path: at, message: `'${k}' is not one of [${KEYS.filter((x) => !forbidden.includes(x)).map((x) => `'${x}'`).join(', ')}]` });
    else if (!KEYS.includes(k)) out.push({ path: at, message: `Additional properties are not allowed ('${k}' was unexpected)` });
    else if (STRINGS.includes(k) && (v === null || typeof v === 'object') && !(k === 'Default' && Array.isArray(v))) out.push({ path: at, message: `${show(v)} is not of type 'string'` });
    else if (NUMBERS[k] && !numeric(v)) out.push({ path: at, message: `${show(v)} is not of type '${NUMBERS[k]}'` });
    else if (k === 'NoEcho' && !(typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v)))) out.push({ path: at, message: `${show(v)} is not of type 'boolean'` });
    else if (k === 'AllowedValues') {
      if (!Array.isArray(v)) out.push({ path: at, message: `${show(v)} is not of type 'array'` });
      else v.forEach((x, i) => {
        if (x === null || typeof x === 'object') out.push({ path: [...at, i], message: `${show(x)} is not of type 'string'` });
      });
    }
  }
  return out;
}

export const E2001 = cfnLintRule({
  id: 'E2001',
  severity: 'error',
  shortDescription: 'Parameters have appropriate properties',
  description: 'Each parameter is a map with a Type and only known keys of the right types.',
  tags: ['parameters'],
  check({ body }) {
    if (!isRecord(body.Parameters)) return [];
    return Object.entries(body.Parameters).flatMap(([name, p]) => checkParameter(name, p));
  },
});
