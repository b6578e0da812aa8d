// The dependency edges between resources: Ref, Fn::GetAtt, ${...} in Fn::Sub and DependsOn.
import type { TemplatePath } from '../../../template/index.js';
import { referencesIn } from '../references.js';
import { asList, isRecord } from '../template-walk.js';

export interface DependencyEdge {
  from: string;
  to: string;
  via: 'Ref' | 'GetAtt' | 'Sub' | 'DependsOn';
  path: TemplatePath;
}

/** Edges from each resource to the resources it needs, in template order. */
export function dependencyEdges(body: Record<string, unknown>): DependencyEdge[] {
  const resources = isRecord(body.Resources) ? body.Resources : {};
  const out: DependencyEdge[] = [];
  for (const [id, res] of Object.entries(resources)) {
    if (!isRecord(res)) continue;
    for (const key of ['Properties', 'Metadata', 'CreationPolicy', 'UpdatePolicy']) {
      if (!(key in res)) continue;
      for (const r of referencesIn(res[key], ['Resources', id, key])) {
        if ((r.kind === 'Ref' || r.kind === 'GetAtt' || r.kind === 'Sub') && r.target in resources) out.push({ from: id, to: r.target, via: r.kind, path: r.path });
      }
    }
    asList(res.DependsOn).forEach((d, i) => {
      if (typeof d === 'string' && d in resources) out.push({ from: id, to: d, via: 'DependsOn', path: ['Resources', id, 'DependsOn', ...(Array.isArray(res.DependsOn) ? [i] : [])] });
    });
  }
  return out;
}
