// A mapping nothing looks up is dead data.
import { cfnLintRule } from '../define.js';
import { findInMapNodesOf, referencesOf } from '../references.js';
import { isRecord } from '../template-walk.js';

function computedMapName(body: Record<string, unknown>): boolean {
  return findInMapNodesOf(body).some(({ value }) => Array.isArray(value['Fn::FindInMap']) && isRecord(value['Fn::FindInMap'][0]));
}

export const W7001 = cfnLintRule({
  id: 'W7001',
  severity: 'warning',
  shortDescription: 'Check if Mappings are Used',
  description: 'Every mapping is read by Fn::FindInMap.',
  tags: ['mappings'],
  check({ body }) {
    if (!isRecord(body.Mappings)) return [];
    const refs = referencesOf(body);
    const used = new Set(refs.filter((r) => r.kind === 'FindInMap').map((r) => r.target));
    // A FindInMap whose map name is computed could read any mapping.
    if (computedMapName(body)) return [];
    return Object.keys(body.Mappings).filter((m) => !used.has(m)).map((m) => ({ path: ['Mappings', m], message: `Mapping '${m}' is defined but it is not used` }));
  },
});
