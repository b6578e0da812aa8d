// Conditions are computed once per stack, in dependency order, from parameters, pseudo
// parameters and mappings; a condition may name another, so loops are found and reported.
import type { TemplateModel } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { EvaluationContext } from './context.js';
import { Evaluator } from './evaluator.js';

/** Computes every condition of the template. Throws EvaluationError for bad conditions and cycles. */
export function evaluateConditions(model: TemplateModel, ctx: EvaluationContext): Record<string, boolean> {
  const results: Record<string, boolean> = {};
  const visiting: string[] = [];
  const declared = (name: string) => Object.hasOwn(model.conditions, name);

  const ev = new Evaluator(ctx, {
    mappings: model.mappings,
    parameters: new Set(model.parameters.keys()),
    // Conditions are settled before any resource exists: a resource reference is an error.
    resources: new Set(),
    section: 'Conditions',
    // Inside Conditions, {Condition: name} is always a reference (an unknown name is an error).
    isCondition: () => true,
    condition: (name, path) => compute(name, path),
  });

  function compute(name: string, path: TemplatePath): boolean {
    const known = Object.hasOwn(results, name) ? results[name] : undefined;
    if (known !== undefined) return known;
    if (!declared(name)) {
      return ev.fail('UNKNOWN_CONDITION', `Template format error: Unresolved condition dependency ${name}`, path);
    }
    const loopStart = visiting.indexOf(name);
    if (loopStart >= 0) {
      const cycle = [...visiting.slice(loopStart), name].join(' -> ');
      return ev.fail('CONDITION_CYCLE', `Template error: circular dependency between conditions: ${cycle}`, path);
    }
    visiting.push(name);
    const value = ev.value(model.conditions[name], ['Conditions', name]);
    visiting.pop();
    if (typeof value !== 'boolean') {
      return ev.fail(
        'INTRINSIC_ARGUMENTS',
        `Template error: condition ${name} must be a condition function (Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition)`,
        ['Conditions', name],
      );
    }
    results[name] = value;
    return value;
  }

  for (const name of Object.keys(model.conditions)) compute(name, ['Conditions', name]);
  return results;
}
