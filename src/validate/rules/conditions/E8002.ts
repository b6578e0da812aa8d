// A condition used by name must be defined in the Conditions section.
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { isRecord } from '../template-walk.js';

export const E8002 = cfnLintRule({
  id: 'E8002',
  severity: 'error',
  shortDescription: 'Check if the referenced Conditions are defined',
  description: 'Conditions named by Fn::If and Outputs exist (inside condition functions, E8004-E8006 report them).',
  tags: ['conditions'],
  check({ body }) {
    const defined = new Set(Object.keys(isRecord(body.Conditions) ? body.Conditions : {}));
    const out = [];
    for (const r of referencesOf(body)) {
      if (r.kind === 'If' && !defined.has(r.target) && r.path[0] !== 'Resources') out.push({ path: [...r.path, 0], message: `'${r.target}' is not one of [${[...defined].map((d) => `'${d}'`).join(', ')}]` });
    }
    const outputs = isRecord(body.Outputs) ? body.Outputs : {};
    for (const [name, o] of Object.entries(outputs)) {
      if (isRecord(o) && typeof o.Condition === 'string' && !defined.has(o.Condition)) out.push({ path: ['Outputs', name, 'Condition'], message: `'${o.Condition}' is not one of [${[...defined].map((d) => `'${d}'`).join(', ')}]` });
    }
    return out;
  },
});
