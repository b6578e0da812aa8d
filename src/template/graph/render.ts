// Presents a dependency graph for people (text), for Graphviz (dot) and for programs (json).
import type { SourceMap, TemplatePath } from '../source-map.js';
import type { DependencyEdge, DependencyGraph } from './dependency-graph.js';

export type GraphFormat = 'text' | 'dot' | 'json';

export interface RenderInput {
  graph: DependencyGraph;
  /** Resource logical id -> its Type. */
  types: ReadonlyMap<string, string>;
  /** Name of the template, shown in headings. */
  name: string;
  /** Positions for the json edges. */
  sourceMap?: SourceMap;
}

/** Each resource's dependencies with the kinds of reference that tie them, in edge order. */
function dependenciesOf(edges: readonly DependencyEdge[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const e of edges) {
    const deps = out.get(e.from) ?? new Map<string, string[]>();
    const kinds = deps.get(e.to) ?? [];
    if (!kinds.includes(e.kind)) kinds.push(e.kind);
    deps.set(e.to, kinds);
    out.set(e.from, deps);
  }
  return out;
}

function renderText({ graph, types, name }: RenderInput): string {
  const deps = dependenciesOf(graph.edges);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const lines = [`${name}: ${count(graph.nodes.length, 'resource')} in ${count(graph.levels.length, 'level')}`];
  const width = Math.max(0, ...graph.nodes.map((n) => n.length));
  const line = (id: string) => {
    const needs = [...(deps.get(id) ?? [])].map(([to, kinds]) => `${to} (${kinds.join(', ')})`);
    const type = types.get(id) ?? '?';
    return `  ${id.padEnd(width)}  ${type}${needs.length > 0 ? `  <- ${needs.join(', ')}` : ''}`;
  };
  graph.levels.forEach((level, i) => {
    lines.push(`Level ${i + 1}${level.length > 1 ? ` (${level.length} in parallel)` : ''}`);
    for (const id of level) lines.push(line(id));
  });
  const ordered = new Set(graph.order);
  const blocked = graph.nodes.filter((n) => !ordered.has(n));
  if (blocked.length > 0) {
    lines.push('Not deployable (on or behind a cycle)');
    for (const id of blocked) lines.push(line(id));
  }
  for (const cycle of graph.cycles) lines.push(`Cycle: ${cycle.join(' -> ')}`);
  return `${lines.join('\n')}\n`;
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

function renderDot({ graph, types, name }: RenderInput): string {
  const onCycle = new Set(graph.cycles.flat());
  const lines = [`digraph ${quote(name)} {`, '  rankdir=BT;', '  node [shape=box, fontname="Helvetica"];'];
  for (const id of graph.nodes) {
    const colour = onCycle.has(id) ? ', color=red' : '';
    lines.push(`  ${quote(id)} [label=${quote(`${id}\n${types.get(id) ?? '?'}`)}${colour}];`);
  }
  for (const [from, deps] of dependenciesOf(graph.edges)) {
    for (const [to, kinds] of deps) {
      const colour = onCycle.has(from) && onCycle.has(to) ? ', color=red' : '';
      lines.push(`  ${quote(from)} -> ${quote(to)} [label=${quote(kinds.join(','))}${colour}];`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function renderJson({ graph, sourceMap }: RenderInput): string {
  const at = (path: TemplatePath) => {
    if (!sourceMap) return {};
    const { line, column } = sourceMap.locate(path).start;
    return { line, column };
  };
  const edges = graph.edges.map((e) => ({ ...e, ...at(e.path) }));
  return `${JSON.stringify({ order: graph.order, levels: graph.levels, edges, cycles: graph.cycles }, null, 2)}\n`;
}

/** The graph as text (levels with types and dependencies), Graphviz dot, or JSON. */
export function renderGraph(format: GraphFormat, input: RenderInput): string {
  switch (format) {
    case 'text':
      return renderText(input);
    case 'dot':
      return renderDot(input);
    case 'json':
      return renderJson(input);
  }
}
