// Errors of the evaluator: a stable code, CloudFormation's wording where it has one, and the
// template path of the offending node so callers can point at line:column via SourceMap.locate.
import type { TemplateDiagnostic } from '../diagnostics.js';
import type { SourceMap, TemplatePath } from '../source-map.js';

export type EvaluationErrorCode =
  /** Wrong arity or argument types for an intrinsic function. */
  | 'INTRINSIC_ARGUMENTS'
  /** Ref, GetAtt or a Fn::Sub variable names nothing the template declares. */
  | 'UNRESOLVED_REFERENCE'
  /** Fn::If, Condition or a resource names an undeclared condition. */
  | 'UNKNOWN_CONDITION'
  /** Conditions that refer to each other in a loop. */
  | 'CONDITION_CYCLE'
  /** A condition (or rule) depends on something not known here (a resource attribute, an account lookup). */
  | 'CONDITION_UNRESOLVED'
  /** A Rules section entry of the wrong shape. */
  | 'RULE_INVALID'
  /** A template section (Resources, Conditions...) that is not a map. */
  | 'SECTION_INVALID'
  | 'MAPPING_KEY_NOT_FOUND'
  | 'SELECT_OUT_OF_RANGE'
  | 'CIDR_INVALID'
  /** Bad Fn::Sub syntax, or a variable that is not a string. */
  | 'SUB_INVALID'
  /** Bad Fn::ForEach loop (shape, collection, identifier, colliding keys). */
  | 'FOREACH_INVALID';

/** Bad usage of an intrinsic function, found while evaluating a template. */
export class EvaluationError extends Error {
  readonly source = 'user' as const;

  constructor(
    readonly code: EvaluationErrorCode,
    message: string,
    /** Where in the template it happened (keys and list indexes from the top). */
    readonly path: TemplatePath,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}

/** Positions an evaluation error in its file, as a diagnostic like the reader's. */
export function evaluationDiagnostic(err: EvaluationError, file: string, sourceMap: SourceMap): TemplateDiagnostic {
  return { code: err.code, message: err.message, file, range: sourceMap.locate(err.path), path: err.path };
}
