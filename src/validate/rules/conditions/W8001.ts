// A condition nothing uses is dead logic; often a typo in the name that should use it.
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { isRecord } from '../template-walk.js';

export const W8001 = cfnLintRule({
  id: 'W8001',
  severity: 'warning',
  shortDescription: 'Check if Conditions are Used',
  description: 'Every condition is used by a resource, output, Fn::If or another condition.',
  tags: ['conditions'],
  check({ body, model }) {
    const used = new Set(referencesOf(body).filter((r) => r.kind === 'Condition' || r.kind === 'If').map((r) => r.target));
    for (const section of ['Resources', 'Outputs']) {
      const s = body[section];
      if (!isRecord(s)) continue;
      for (const v of Object.values(s)) if (isRecord(v) && typeof v.Condition === 'string') used.add(v.Condition);
    }
    // Fn::ForEach::Name entries are loops of the language extensions, not conditions.
    return Object.keys(model.conditions).filter((c) => !used.has(c) && !c.startsWith('Fn::ForEach::')).map((c) => ({ path: ['Conditions', c], message: `Condition ${c} not used` }));
  },
});
