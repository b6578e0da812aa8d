// Dependency graph of a template's resources: edges, deployment order and levels, cycles.
export { dependencyGraph, outputDependencies } from './dependency-graph.js';
export type { DependencyEdge, DependencyGraph, EdgeKind, UndefinedReference } from './dependency-graph.js';
export { subVariables } from './references.js';
export { renderGraph } from './render.js';
export type { GraphFormat, RenderInput } from './render.js';
