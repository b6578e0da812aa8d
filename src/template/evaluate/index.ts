// Public surface of the evaluator: parameters, conditions, intrinsic functions, ForEach loops.
export type { EvaluationContext } from './context.js';
export { partitionOf, urlSuffixOf, defaultAvailabilityZones } from './context.js';
export { EvaluationError, evaluationDiagnostic } from './errors.js';
export type { EvaluationErrorCode } from './errors.js';
export { resolveParameters } from './parameters.js';
export type { ParameterError, ParameterErrorCode, ParameterResolution, ResolveParametersOptions } from './parameters.js';
export { evaluateConditions } from './conditions.js';
export { evaluate } from './evaluate.js';
export type { EvaluateOptions } from './evaluate.js';
export { cidrSubnets } from './cidr.js';
export { expandLanguageExtensions, usesLanguageExtensions } from './for-each.js';
export type { ExpandOptions } from './for-each.js';
export { resolveTemplate, MASK } from './resolve-template.js';
export type { ResolveOptions } from './resolve-template.js';
export { evaluateRules } from './rules.js';
export type { RuleAssertion, RuleFailure, RulesOutcome } from './rules.js';
