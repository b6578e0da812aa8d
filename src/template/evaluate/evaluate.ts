// The public entry to evaluate one value of a template (a property, an output) on its own.
import type { TemplateModel } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { EvaluationContext } from './context.js';
import { EvaluationError } from './errors.js';
import { Evaluator, type EvaluationScope } from './evaluator.js';
import { LANGUAGE_EXTENSIONS } from './for-each.js';
import { toPlain } from './unresolved.js';

export interface EvaluateOptions {
  /** Where `value` stands in its template; error paths start with it. */
  path?: TemplatePath;
  /**
   * The template the value belongs to: its Mappings serve Fn::FindInMap, and Ref/GetAtt to a
   * name it does not declare becomes an error instead of staying unresolved.
   */
  model?: TemplateModel;
  /** With `model`: the resources that exist (e.g. without those whose condition is false). */
  resources?: ReadonlySet<string>;
}

/**
 * A scope for evaluating values of `model` (or of no template) with known conditions.
 * `resources` narrows the names Ref/GetAtt may use (default: every resource of the model).
 */
export function scopeOf(model: TemplateModel | undefined, conditions: Record<string, boolean>, options: { resources?: ReadonlySet<string>; section?: string } = {}): EvaluationScope {
  const scope: EvaluationScope = {
    mappings: model?.mappings ?? {},
    isCondition: (name) => Object.hasOwn(conditions, name),
    condition: (name, path) => {
      const value = Object.hasOwn(conditions, name) ? conditions[name] : undefined;
      if (value === undefined) throw new EvaluationError('UNKNOWN_CONDITION', `Template format error: Unresolved condition dependency ${name}`, path);
      return value;
    },
  };
  if (options.section !== undefined) scope.section = options.section;
  if (model) {
    scope.parameters = new Set(model.parameters.keys());
    // Other transforms (SAM, macros) add resources the text does not show: any name may be one.
    const open = model.transforms.some((t) => t !== LANGUAGE_EXTENSIONS);
    if (!open) scope.resources = options.resources ?? new Set(model.resources.keys());
  }
  return scope;
}

/**
 * Evaluates every intrinsic function in `value` as far as the context allows. What cannot be
 * known yet stays in long intrinsic form with its known parts evaluated; AWS::NoValue is removed
 * from maps and lists (a top-level AWS::NoValue gives undefined). Throws EvaluationError.
 */
export function evaluate(value: unknown, ctx: EvaluationContext, conditions: Record<string, boolean>, options: EvaluateOptions = {}): unknown {
  const ev = new Evaluator(ctx, scopeOf(options.model, conditions, options.resources ? { resources: options.resources } : {}));
  return toPlain(ev.value(value, options.path ?? []));
}
