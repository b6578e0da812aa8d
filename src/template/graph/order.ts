// Orders a dependency graph (Kahn's algorithm, ties broken by template order so the output is
// stable) and finds its cycles (Tarjan's strongly connected components).

interface Edge {
  from: string;
  to: string;
}

/** For each node, the nodes it depends on, deduplicated, in template order. */
function adjacency(nodes: readonly string[], edges: readonly Edge[]): Map<string, string[]> {
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const sets = new Map(nodes.map((n) => [n, new Set<string>()]));
  for (const e of edges) sets.get(e.from)?.add(e.to);
  return new Map([...sets].map(([n, s]) => [n, [...s].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))]));
}

/** Deployment order and levels; nodes on or behind a cycle are left out of both. */
export function orderOf(nodes: readonly string[], edges: readonly Edge[]): { order: string[]; levels: string[][] } {
  const deps = adjacency(nodes, edges);
  const dependents = new Map(nodes.map((n): [string, string[]] => [n, []]));
  const waiting = new Map<string, number>();
  for (const [n, ds] of deps) {
    waiting.set(n, ds.length);
    for (const d of ds) dependents.get(d)?.push(n);
  }
  const rank = new Map(nodes.map((n, i) => [n, i]));
  // Ready nodes kept sorted by template position; templates are small enough for array inserts.
  const ready = nodes.filter((n) => waiting.get(n) === 0);
  const order: string[] = [];
  const level = new Map<string, number>();
  while (ready.length > 0) {
    const n = ready.shift() as string;
    order.push(n);
    level.set(n, Math.max(-1, ...(deps.get(n) ?? []).map((d) => level.get(d) ?? 0)) + 1);
    for (const m of dependents.get(n) ?? []) {
      const left = (waiting.get(m) ?? 0) - 1;
      waiting.set(m, left);
      if (left === 0) {
        const at = ready.findIndex((r) => (rank.get(r) ?? 0) > (rank.get(m) ?? 0));
        ready.splice(at < 0 ? ready.length : at, 0, m);
      }
    }
  }
  const levels: string[][] = [];
  for (const n of nodes) {
    const l = level.get(n);
    if (l !== undefined) (levels[l] ??= []).push(n);
  }
  return { order, levels };
}

/** Strongly connected components that hold a cycle (more than one node, or a self-reference). */
function cyclicComponents(nodes: readonly string[], deps: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of deps.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (deps.get(v) ?? []).includes(v)) out.push(component);
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
}

/** The shortest way from `start` back to itself inside one component: [start, ..., start]. */
function shortestCycle(start: string, members: Set<string>, deps: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head] as string;
    for (const w of deps.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at) as string) path.push(at);
        // The walk went backwards from v; the dependency path reads start -> ... -> v -> start.
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * Cycles as paths: for every resource on a cycle (in template order) not yet shown on one,
 * the shortest cycle through it. A -> B means A depends on B.
 */
export function findCycles(nodes: readonly string[], edges: readonly Edge[]): string[][] {
  const deps = adjacency(nodes, edges);
  const rank = new Map(nodes.map((n, i) => [n, i]));
  const cycles: string[][] = [];
  for (const component of cyclicComponents(nodes, deps)) {
    const members = new Set(component);
    const covered = new Set<string>();
    for (const n of [...component].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0))) {
      if (covered.has(n)) continue;
      const cycle = shortestCycle(n, members, deps);
      cycle.forEach((c) => covered.add(c));
      cycles.push(cycle);
    }
  }
  return cycles.sort((a, b) => (rank.get(a[0] as string) ?? 0) - (rank.get(b[0] as string) ?? 0));
}
