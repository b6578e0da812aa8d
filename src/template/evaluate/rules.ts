// The Rules section: assertions on parameter values that CloudFormation checks before it
// creates or updates anything. Rule-only functions are added to the common ones here; those that
// look into the account (Fn::RefAll, Fn::ValueOf, Fn::ValueOfAll) cannot be answered offline,
// so assertions using them are reported as unchecked rather than guessed.
import { isRecord, type TemplateModel } from '../model.js';
import type { TemplatePath } from '../source-map.js';
import type { EvaluationContext } from './context.js';
import { EvaluationError } from './errors.js';
import { Evaluator, type IntrinsicHandler } from './evaluator.js';
import { scopeOf } from './evaluate.js';
import { Unresolved, hasUnresolved } from './unresolved.js';

export interface RuleAssertion {
  rule: string;
  /** Index in the rule's Assertions list. */
  assertion: number;
  /** Path of the Assert, for SourceMap.locate. */
  path: TemplatePath;
}

export interface RuleFailure extends RuleAssertion {
  code: 'RULE_ASSERTION_FAILED';
  /** The AssertDescription, or a generic text when there is none. */
  message: string;
}

export interface RulesOutcome {
  failures: RuleFailure[];
  /** Assertions (or rule conditions) that need account lookups or unknown values. */
  unchecked: RuleAssertion[];
}

const strings = (ev: Evaluator, value: unknown, path: TemplatePath, fn: string): string[] | Unresolved => {
  const v = ev.value(value, path);
  if (hasUnresolved(v)) return v instanceof Unresolved ? v : new Unresolved({ [fn]: v });
  if (!Array.isArray(v)) return ev.fail('INTRINSIC_ARGUMENTS', `Template error: ${fn} requires a list of strings`, path);
  return v.map(String);
};

const memberFunction =
  (fn: string, test: (list: string[], other: string | string[]) => boolean, otherIsList: boolean): IntrinsicHandler =>
  (ev, args, path) => {
    const [rawList, rawOther] = ev.list(args, path, fn, 2);
    const list = strings(ev, rawList, [...path, 0], fn);
    const other = otherIsList ? strings(ev, rawOther, [...path, 1], fn) : ev.string(rawOther, [...path, 1], `the second argument of ${fn}`);
    if (list instanceof Unresolved || other instanceof Unresolved) return new Unresolved({ [fn]: [list, other] });
    return test(list, other);
  };

const lookup = (fn: string): IntrinsicHandler => (ev, args, path) => new Unresolved({ [fn]: ev.value(args, path) });

const RULE_FUNCTIONS: Readonly<Record<string, IntrinsicHandler>> = {
  'Fn::Contains': memberFunction('Fn::Contains', (list, s) => list.includes(s as string), false),
  'Fn::EachMemberEquals': memberFunction('Fn::EachMemberEquals', (list, s) => list.every((m) => m === s), false),
  'Fn::EachMemberIn': memberFunction('Fn::EachMemberIn', (list, other) => list.every((m) => (other as string[]).includes(m)), true),
  'Fn::RefAll': lookup('Fn::RefAll'),
  'Fn::ValueOf': lookup('Fn::ValueOf'),
  'Fn::ValueOfAll': lookup('Fn::ValueOfAll'),
};

/** true / false, or undefined when the expression needs values not known here. */
function truth(ev: Evaluator, expression: unknown, path: TemplatePath): boolean | undefined {
  try {
    const v = ev.value(expression, path);
    if (typeof v === 'boolean') return v;
    if (v instanceof Unresolved) return undefined;
    return ev.fail('INTRINSIC_ARGUMENTS', 'Template error: a rule condition or assertion must give true or false', path);
  } catch (err) {
    if (err instanceof EvaluationError && err.code === 'CONDITION_UNRESOLVED') return undefined;
    throw err;
  }
}

/** Checks the Rules section against the parameter values in `ctx`. Throws EvaluationError for malformed rules. */
export function evaluateRules(model: TemplateModel, ctx: EvaluationContext, conditions: Record<string, boolean> = {}): RulesOutcome {
  const outcome: RulesOutcome = { failures: [], unchecked: [] };
  const scope = { ...scopeOf(model, conditions, { resources: new Set<string>(), section: 'Rules' }), intrinsics: RULE_FUNCTIONS };
  const ev = new Evaluator(ctx, scope);
  for (const [rule, body] of Object.entries(model.rules)) {
    const at = ['Rules', rule];
    if (!isRecord(body) || !Array.isArray(body.Assertions)) {
      throw new EvaluationError('RULE_INVALID', `Template format error: rule ${rule} needs a list of Assertions`, at);
    }
    const applies = 'RuleCondition' in body ? truth(ev, body.RuleCondition, [...at, 'RuleCondition']) : true;
    if (applies === false) continue;
    body.Assertions.forEach((assertion: unknown, i: number) => {
      const path = [...at, 'Assertions', i, 'Assert'];
      if (!isRecord(assertion) || !('Assert' in assertion)) {
        throw new EvaluationError('RULE_INVALID', `Template format error: every assertion of rule ${rule} needs an Assert`, [...at, 'Assertions', i]);
      }
      const result = applies === undefined ? undefined : truth(ev, assertion.Assert, path);
      if (result === undefined) outcome.unchecked.push({ rule, assertion: i, path });
      else if (!result) {
        const description = typeof assertion.AssertDescription === 'string' ? assertion.AssertDescription.trim() : `Assertion ${i + 1} of rule ${rule} failed`;
        outcome.failures.push({ rule, assertion: i, path, code: 'RULE_ASSERTION_FAILED', message: description });
      }
    });
  }
  return outcome;
}
