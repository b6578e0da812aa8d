// A parameter nothing refers to is dead input: callers must still pass it.
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { hasTransform, isRecord } from '../template-walk.js';

export const W2001 = cfnLintRule({
  id: 'W2001',
  severity: 'warning',
  shortDescription: 'Check if Parameters are Used',
  description: 'Every parameter is referenced by Ref or Fn::Sub somewhere in the template.',
  tags: ['parameters'],
  check({ body, model }) {
    // Transforms (SAM, macros) use parameters in ways the text does not show.
    if (hasTransform(body)) return [];
    const used = new Set(referencesOf(body).filter((r) => r.kind === 'Ref' || r.kind === 'Sub').map((r) => r.target));
    // Every declared name counts, even one whose declaration is broken (E2001 reports that).
    const declared = isRecord(body.Parameters) ? Object.keys(body.Parameters) : [...model.parameters.keys()];
    return declared.filter((p) => !used.has(p)).map((p) => ({ path: ['Parameters', p], message: `Parameter ${p} not used.` }));
  },
});
