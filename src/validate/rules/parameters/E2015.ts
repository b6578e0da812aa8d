// A parameter's Default must satisfy its own constraints, or creating the stack without it fails.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

function problems(p: Record<string, unknown>): string[] {
  const d = p.Default;
  if (d === undefined || d === null || typeof d === 'object') return [];
  const type = typeof p.Type === 'string' ? p.Type : 'String';
  const isList = type === 'CommaDelimitedList' || type.startsWith('List<');
  // A list default is checked item by item, except AllowedValues which lists whole defaults.
  const values = isList ? String(d).split(',').map((v) => v.trim()) : [String(d)];
  const out: string[] = [];
  for (const v of values) {
    if (typeof p.AllowedPattern === 'string') {
      try {
        if (!new RegExp(`^(?:${p.AllowedPattern})$`).test(v)) out.push('Default should be allowed by AllowedPattern');
      } catch {
        // An invalid pattern is another rule's problem.
      }
    }
    if (p.MinValue !== undefined && num(v) < num(p.MinValue)) out.push('Default should be equal to or higher than MinValue');
    if (p.MaxValue !== undefined && num(v) > num(p.MaxValue)) out.push('Default should be less than or equal to MaxValue');
    if (!isList && Array.isArray(p.AllowedValues) && !p.AllowedValues.map(String).includes(v)) out.push('Default should be a value within AllowedValues');
    if (p.MinLength !== undefined && v.length < num(p.MinLength)) out.push('Default should have a length above or equal to MinLength');
    if (p.MaxLength !== undefined && v.length > num(p.MaxLength)) out.push('Default should have a length below or equal to MaxLength');
  }
  const allowed = Array.isArray(p.AllowedValues) ? p.AllowedValues.map(String) : undefined;
  if (isList && allowed && !allowed.includes(String(d)) && !values.every((v) => allowed.includes(v.trim()))) out.push('Default should be a value within AllowedValues');
  return [...new Set(out)];
}

export const E2015 = cfnLintRule({
  id: 'E2015',
  severity: 'error',
  shortDescription: 'Default value is within parameter constraints',
  description: 'A parameter Default satisfies its AllowedValues, AllowedPattern, Min/MaxValue and Min/MaxLength.',
  tags: ['parameters'],
  check({ body }) {
    if (!isRecord(body.Parameters)) return [];
    return Object.entries(body.Parameters).flatMap(([name, p]) =>
      isRecord(p) ? problems(p).map((message) => ({ path: ['Parameters', name, 'Default'], message })) : [],
    );
  },
});
