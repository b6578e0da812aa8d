// The resources of a template as a graph: who must exist before whom (DependsOn, Ref, GetAtt,
// Sub), a deterministic deployment order, and the cycles CloudFormation would refuse (E3004).
import { isRecord, PSEUDO_PARAMETERS } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import { collectReferences, type FoundReference } from './references.js';
import { findCycles, orderOf } from './order.js';

export type EdgeKind = 'DependsOn' | 'Ref' | 'GetAtt' | 'Sub';

/** `from` needs `to` to exist first; `path` is where the template says so. */
export interface DependencyEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  path: TemplatePath;
}

/** A reference to a name the template does not define (reported, never thrown). */
export interface UndefinedReference {
  /** The resource or output holding the reference. */
  from: string;
  name: string;
  kind: EdgeKind;
  path: TemplatePath;
}

export interface DependencyGraph {
  /** Resource logical ids, in template order. */
  nodes: string[];
  edges: DependencyEdge[];
  /** Topological order, ties broken by template order. Leaves out resources on or behind a cycle. */
  order: string[];
  /** Resources that can be created together: each level needs only earlier levels. */
  levels: string[][];
  /** Each cycle as its path, first resource repeated at the end: [A, B, A]. */
  cycles: string[][];
  undefinedReferences: UndefinedReference[];
}

interface Names {
  resources: Set<string>;
  parameters: Set<string>;
  conditions: Record<string, unknown>;
}

const PSEUDO = new Set<string>(PSEUDO_PARAMETERS);

function namesOf(body: Record<string, unknown>): Names {
  const resources = isRecord(body.Resources) ? Object.keys(body.Resources).filter((k) => !k.startsWith('Fn::ForEach::')) : [];
  return {
    resources: new Set(resources),
    parameters: new Set(isRecord(body.Parameters) ? Object.keys(body.Parameters) : []),
    conditions: isRecord(body.Conditions) ? body.Conditions : {},
  };
}

/**
 * References made by one entry (a resource or an output), including those inside the condition
 * expressions it uses, directly or through Fn::If / Condition, each visited once.
 */
function referencesOf(entry: unknown, entryPath: TemplatePath, names: Names, skip: readonly string[]): FoundReference[] {
  const found: FoundReference[] = [];
  const seen = new Set<string>();
  const queue: string[] = [];
  const onCondition = (name: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      queue.push(name);
    }
  };
  if (isRecord(entry)) {
    for (const [key, value] of Object.entries(entry)) {
      if (skip.includes(key)) continue;
      if (key === 'Condition' && typeof value === 'string') onCondition(value);
      else collectReferences(value, [...entryPath, key], found, onCondition);
    }
  }
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (Object.hasOwn(names.conditions, name)) collectReferences(names.conditions[name], ['Conditions', name], found, onCondition);
  }
  return found;
}

interface NamedReference {
  kind: EdgeKind;
  name: string;
  path: TemplatePath;
}

function dependsOnOf(logicalId: string, entry: unknown): NamedReference[] {
  if (!isRecord(entry)) return [];
  const at: TemplatePath = ['Resources', logicalId, 'DependsOn'];
  const raw = entry.DependsOn;
  if (typeof raw === 'string') return [{ kind: 'DependsOn', name: raw, path: at }];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((d, i): NamedReference[] => (typeof d === 'string' ? [{ kind: 'DependsOn', name: d, path: [...at, i] }] : []));
}

type Classified = { edge: true; to: string } | { edge: false; undefinedName?: string };

function classify(ref: NamedReference, names: Names): Classified {
  if (names.resources.has(ref.name)) return { edge: true, to: ref.name };
  // Parameters and pseudo parameters are inputs, not resources; GetAtt and DependsOn only name resources.
  const input = names.parameters.has(ref.name) || PSEUDO.has(ref.name);
  if (input && (ref.kind === 'Ref' || ref.kind === 'Sub')) return { edge: false };
  return { edge: false, undefinedName: ref.name };
}

/** Builds the dependency graph of a template body's resources. */
export function dependencyGraph(body: Record<string, unknown>): DependencyGraph {
  const names = namesOf(body);
  const resources = isRecord(body.Resources) ? body.Resources : {};
  const nodes = [...names.resources];
  const edges: DependencyEdge[] = [];
  const undefinedReferences: UndefinedReference[] = [];
  for (const id of nodes) {
    const entry = resources[id];
    const refs: NamedReference[] = [...dependsOnOf(id, entry), ...referencesOf(entry, ['Resources', id], names, ['Type', 'DependsOn'])];
    for (const ref of refs) {
      const c = classify(ref, names);
      if (c.edge) edges.push({ from: id, to: c.to, kind: ref.kind, path: ref.path });
      else if (c.undefinedName !== undefined) undefinedReferences.push({ from: id, name: c.undefinedName, kind: ref.kind, path: ref.path });
    }
  }
  const { order, levels } = orderOf(nodes, edges);
  return { nodes, edges, order, levels, cycles: findCycles(nodes, edges), undefinedReferences };
}

/** Which resources each output needs, and the references outputs make to undefined names. */
export function outputDependencies(body: Record<string, unknown>): { edges: DependencyEdge[]; undefinedReferences: UndefinedReference[] } {
  const names = namesOf(body);
  const outputs = isRecord(body.Outputs) ? body.Outputs : {};
  const edges: DependencyEdge[] = [];
  const undefinedReferences: UndefinedReference[] = [];
  for (const [name, entry] of Object.entries(outputs)) {
    for (const ref of referencesOf(entry, ['Outputs', name], names, [])) {
      const c = classify(ref, names);
      if (c.edge) edges.push({ from: name, to: c.to, kind: ref.kind, path: ref.path });
      else if (c.undefinedName !== undefined) undefinedReferences.push({ from: name, name: c.undefinedName, kind: ref.kind, path: ref.path });
    }
  }
  return { edges, undefinedReferences };
}
