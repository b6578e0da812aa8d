// Transform is a macro name, a list of them, or { Name, Parameters }.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';

function checkOne(t: unknown, path: (string | number)[], out: RuleFinding[]): void {
  if (typeof t === 'string') return;
  if (!isRecord(t)) {
    out.push({ path, message: `${t === null ? 'None' : JSON.stringify(t)} is not of type 'string', 'object'` });
    return;
  }
  if (!('Name' in t)) out.push({ path, message: "'Name' is a required property" });
  for (const k of Object.keys(t)) if (k !== 'Name' && k !== 'Parameters') out.push({ path: [...path, k], message: `Additional properties are not allowed ('${k}' was unexpected)` });
}

export const E1005 = cfnLintRule({
  id: 'E1005',
  severity: 'error',
  shortDescription: 'Validate Transform configuration',
  description: 'Transform is a string, a list of strings and { Name, Parameters } maps, or one such map.',
  tags: ['base', 'transform'],
  check({ body }) {
    if (!('Transform' in body)) return [];
    const t = body.Transform;
    const out: RuleFinding[] = [];
    if (t === null) out.push({ path: ['Transform'], message: "None is not of type 'string', 'array', 'object'" });
    else if (Array.isArray(t)) t.forEach((x, i) => checkOne(x, ['Transform', i], out));
    else checkOne(t, ['Transform'], out);
    return out;
  },
});
