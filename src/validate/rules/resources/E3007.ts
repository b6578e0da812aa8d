// Ref cannot tell a resource from a parameter of the same name.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';

export const E3007 = cfnLintRule({
  id: 'E3007',
  severity: 'error',
  shortDescription: 'Unique resource and parameter names',
  description: 'A resource and a parameter do not share a logical name.',
  tags: ['resources', 'parameters'],
  check({ body }) {
    if (!isRecord(body.Resources) || !isRecord(body.Parameters)) return [];
    const params = body.Parameters;
    return Object.keys(body.Resources).filter((r) => r in params).map((r) => ({ path: ['Resources', r], message: `Resources and Parameters must not share name: ${r}` }));
  },
});
