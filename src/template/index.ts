// Public surface of src/template: reading, modelling and evaluating CloudFormation templates.
export { parseTemplate, parseDocument, readTemplateFile, TEMPLATE_LIMITS } from './read-template.js';
export type { ParsedTemplate, ParseResult, DocumentResult } from './read-template.js';
export { SourceMap } from './source-map.js';
export type { TemplatePath } from './source-map.js';
export type { Position, Range } from './source-node.js';
export { TemplateError, formatDiagnostic } from './diagnostics.js';
export type { TemplateDiagnostic } from './diagnostics.js';
export { SHORT_TAGS } from './build-template.js';
export { modelOf, parameterKind, isRecord, PSEUDO_PARAMETERS } from './model.js';
export type { TemplateModel, ParameterModel, ParameterKind, ResourceModel, OutputModel } from './model.js';
// --- template-spec: resource spec (generated/spec) and dependency graph ---
export { resourceSpec, resourceTypeNames, propertySpecAt, replacementOf, createSpecStore, walkProperties, SpecError, DEFAULT_SPEC_DIR } from './spec/index.js';
export type { SpecStore, PropertyAt, PrimitiveName, PropertySpec, PropertyTypeSpec, Replacement, ResourceTypeSpec, SpecType } from './spec/index.js';
export { dependencyGraph, outputDependencies, subVariables, renderGraph } from './graph/index.js';
export type { DependencyEdge, DependencyGraph, EdgeKind, UndefinedReference, GraphFormat, RenderInput } from './graph/index.js';
// --- template-eval: parameters, conditions, intrinsic functions, Fn::ForEach ---
export {
  resolveParameters, evaluateConditions, evaluate, resolveTemplate, expandLanguageExtensions, usesLanguageExtensions,
  EvaluationError, evaluationDiagnostic, partitionOf, urlSuffixOf, defaultAvailabilityZones, cidrSubnets, MASK, evaluateRules,
} from './evaluate/index.js';
export type {
  EvaluationContext, EvaluationErrorCode, ParameterError, ParameterErrorCode, ParameterResolution, ResolveParametersOptions,
  EvaluateOptions, ExpandOptions, ResolveOptions, RuleAssertion, RuleFailure, RulesOutcome,
} from './evaluate/index.js';
