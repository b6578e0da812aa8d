// DependsOn on a resource already referenced adds nothing and goes stale when the Ref goes.
import { cfnLintRule } from '../define.js';
import { hasTransform } from '../template-walk.js';
import { dependencyEdges } from './dependencies.js';

export const W3005 = cfnLintRule({
  id: 'W3005',
  severity: 'warning',
  shortDescription: 'Check obsolete DependsOn configuration for Resources',
  description: 'DependsOn on a resource that is already a dependency through Ref or Fn::GetAtt is redundant.',
  tags: ['resources', 'dependson'],
  check({ body }) {
    if (hasTransform(body)) return [];
    const edges = dependencyEdges(body);
    const out = [];
    for (const d of edges.filter((e) => e.via === 'DependsOn')) {
      const implicit = edges.find((e) => e.from === d.from && e.to === d.to && e.via !== 'DependsOn' && e.path[2] === 'Properties');
      if (implicit) {
        const at = implicit.path.slice(0, implicit.path.length - 1).join('/');
        out.push({ path: d.path, message: `'${d.to}' dependency already enforced by a '${implicit.via === 'GetAtt' ? 'GetAtt' : implicit.via}' at '${at}'` });
      }
    }
    return out;
  },
});
