// A resource's Condition must name a condition the template defines.
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

export const E3015 = cfnLintRule({
  id: 'E3015',
  severity: 'error',
  shortDescription: 'Validate the resource condition is valid',
  description: 'The Condition attribute of a resource names a defined condition.',
  tags: ['resources', 'conditions'],
  check(ctx) {
    const defined = Object.keys(isRecord(ctx.body.Conditions) ? ctx.body.Conditions : {});
    return resourcesOf(ctx)
      .filter((r) => typeof r.raw.Condition === 'string' && !defined.includes(r.raw.Condition))
      .map((r) => ({ path: [...r.path, 'Condition'], message: `'${String(r.raw.Condition)}' is not one of [${defined.map((d) => `'${d}'`).join(', ')}]` }));
  },
});
