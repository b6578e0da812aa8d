// The dependency edges between resources: Ref, Fn::GetAtt, ${...} in Fn::Sub and DependsOn.
import type { TemplatePath } from '../../../template/index.js';
import { referencesOf, type Reference } from '../references.js';
import { asList, isRecord } from '../template-walk.js';

export interface DependencyEdge {
  from: string;
  to: string;
  via: 'Ref' | 'GetAtt' | 'Sub' | 'DependsOn';
  path: TemplatePath;
}

const SECTIONS = ['Properties', 'Metadata', 'CreationPolicy', 'UpdatePolicy'];
const cache = new WeakMap<object, DependencyEdge[]>();

/**
 * Edges from each resource to the resources it needs, in template order (per resource: its
 * Properties, Metadata, CreationPolicy, UpdatePolicy, then DependsOn). Read from the template's
 * reference list, which other rules share, and computed once per template.
 */
export function dependencyEdges(body: Record<string, unknown>): DependencyEdge[] {
  const cached = cache.get(body);
  if (cached) return cached;
  const resources = isRecord(body.Resources) ? body.Resources : {};
  const bySection = new Map<string, Reference[]>();
  for (const r of referencesOf(body)) {
    if (r.path[0] !== 'Resources' || typeof r.path[2] !== 'string' || !SECTIONS.includes(r.path[2])) continue;
    const key = `${String(r.path[1])}\u0000${r.path[2]}`;
    const list = bySection.get(key);
    if (list) list.push(r);
    else bySection.set(key, [r]);
  }
  const out: DependencyEdge[] = [];
  for (const [id, res] of Object.entries(resources)) {
    if (!isRecord(res)) continue;
    for (const key of SECTIONS) {
      for (const r of bySection.get(`${id}\u0000${key}`) ?? []) {
        if ((r.kind === 'Ref' || r.kind === 'GetAtt' || r.kind === 'Sub') && r.target in resources) out.push({ from: id, to: r.target, via: r.kind, path: r.path });
      }
    }
    asList(res.DependsOn).forEach((d, i) => {
      if (typeof d === 'string' && d in resources) out.push({ from: id, to: d, via: 'DependsOn', path: ['Resources', id, 'DependsOn', ...(Array.isArray(res.DependsOn) ? [i] : [])] });
    });
  }
  cache.set(body, out);
  return out;
}
