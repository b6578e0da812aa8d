// Fn::Equals over two literals (or the same value twice) is a constant, not a condition.
import { cfnLintRule } from '../define.js';
import { intrinsicName, isRecord } from '../template-walk.js';

const show = (v: unknown): string => JSON.stringify(v).replace(/"/g, "'").replace(/','/g, "', '").replace(/':/g, "': ");

export const W8003 = cfnLintRule({
  id: 'W8003',
  severity: 'warning',
  shortDescription: 'Fn::Equals will always return true or false',
  description: 'Fn::Equals compares two literals or the same expression twice.',
  tags: ['functions', 'conditions', 'equals'],
  check({ body }) {
    if (!isRecord(body.Conditions)) return [];
    const out = [];
    for (const [name, c] of Object.entries(body.Conditions)) {
      if (!isRecord(c) || !Array.isArray(c['Fn::Equals']) || c['Fn::Equals'].length !== 2) continue;
      const [a, b] = c['Fn::Equals'] as unknown[];
      const literal = (v: unknown) => intrinsicName(v) === undefined && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
      if (JSON.stringify(a) === JSON.stringify(b)) out.push({ path: ['Conditions', name], message: `${show([a, b])} will always return True or False` });
      else if (literal(a) && literal(b)) out.push({ path: ['Conditions', name], message: `${show([a, b])} will always return ${String(a) === String(b) ? 'True' : 'False'}` });
    }
    return out;
  },
});
