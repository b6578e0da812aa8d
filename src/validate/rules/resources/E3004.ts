// CloudFormation cannot order resources that depend on each other in a loop.
import { cfnLintRule } from '../define.js';
import { hasTransform } from '../template-walk.js';
import { dependencyEdges } from './dependencies.js';

/** Strongly connected components (Tarjan), so every member of a cycle is reported. */
function cycles(nodes: string[], next: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || next.get(v)?.has(v)) out.push(comp);
    }
  };
  for (const n of nodes) if (!idx.has(n)) visit(n);
  return out;
}

export const E3004 = cfnLintRule({
  id: 'E3004',
  severity: 'error',
  shortDescription: 'Resource dependencies are not circular',
  description: 'Resources do not depend on each other in a loop through Ref, Fn::GetAtt, Fn::Sub or DependsOn.',
  tags: ['resources', 'dependson', 'ref', 'getatt'],
  check({ body }) {
    if (hasTransform(body)) return [];
    const next = new Map<string, Set<string>>();
    for (const e of dependencyEdges(body)) {
      const s = next.get(e.from) ?? new Set<string>();
      s.add(e.to);
      next.set(e.from, s);
    }
    const out = [];
    for (const comp of cycles([...next.keys()], next)) {
      for (const id of comp) {
        const others = comp.length === 1 ? [id] : [...(next.get(id) ?? [])].filter((t) => comp.includes(t));
        out.push({ path: ['Resources', id], message: `Circular Dependencies for resource ${id}. Circular dependency with [${others.join(', ')}]` });
      }
    }
    return out;
  },
});
