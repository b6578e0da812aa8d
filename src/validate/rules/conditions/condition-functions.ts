// Shape checks for condition functions (Fn::Equals, And, Or, Not, Condition) in the Conditions
// section. One walk serves E8003-E8006; each rule keeps the findings of its own function.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { intrinsicName, isRecord } from '../template-walk.js';

export type ConditionFn = 'Fn::Equals' | 'Fn::And' | 'Fn::Or' | 'Fn::Not';

const LIMITS: Record<ConditionFn, [number, number]> = { 'Fn::Equals': [2, 2], 'Fn::And': [2, 10], 'Fn::Or': [2, 10], 'Fn::Not': [1, 1] };
const BOOLEAN_FNS = new Set(['Fn::And', 'Fn::Or', 'Fn::Not', 'Fn::Equals', 'Condition']);
const VALUE_FNS = new Set(['Ref', 'Fn::FindInMap', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::GetAZs', 'Fn::Base64', 'Fn::ToJsonString', 'Fn::Length']);

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));

function checkEquals(args: unknown[], path: TemplatePath, out: RuleFinding[]): void {
  args.forEach((a, i) => {
    const fn = intrinsicName(a);
    if (fn !== undefined ? !VALUE_FNS.has(fn) : typeof a === 'object' && a !== null) {
      out.push({ path: [...path, i], message: `${show(a)} is not of type 'string'` });
    }
  });
}

/** Finds shape problems of `fn` anywhere under `value`. */
export function conditionFindings(value: unknown, path: TemplatePath, fn: ConditionFn, defined: ReadonlySet<string>): RuleFinding[] {
  const out: RuleFinding[] = [];
  const visit = (v: unknown, p: TemplatePath): void => {
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...p, i]));
    if (!isRecord(v)) return;
    for (const [k, arg] of Object.entries(v)) {
      const at = [...p, k];
      if (k === fn) {
        const [min, max] = LIMITS[fn];
        if (!Array.isArray(arg)) out.push({ path: at, message: `${show(arg)} is not of type 'array'` });
        else if (arg.length < min) out.push({ path: at, message: `expected minimum item count: ${min}, found: ${arg.length}` });
        else if (arg.length > max) out.push({ path: at, message: `expected maximum item count: ${max}, found: ${arg.length}` });
        else if (fn === 'Fn::Equals') checkEquals(arg, at, out);
        else {
          arg.forEach((a, i) => {
            const name = intrinsicName(a);
            if (name === undefined || !BOOLEAN_FNS.has(name)) out.push({ path: [...at, i], message: `${show(a)} is not of type 'boolean'` });
            else if (name === 'Condition') {
              const target = (a as Record<string, unknown>).Condition;
              if (typeof target !== 'string' || !defined.has(target)) {
                out.push({ path: [...at, i, 'Condition'], message: `${show(target)} is not one of [${[...defined].map((d) => `'${d}'`).join(', ')}]` });
              }
            }
          });
        }
      }
      visit(arg, at);
    }
  };
  visit(value, path);
  return out;
}

/** Checks every condition of the template for one function. */
export function checkConditions(body: Record<string, unknown>, fn: ConditionFn): RuleFinding[] {
  if (!isRecord(body.Conditions)) return [];
  const defined = new Set(Object.keys(body.Conditions));
  // A condition that is not one condition function at all is E8001's; its insides are not looked at.
  return Object.entries(body.Conditions)
    .filter(([, v]) => isConditionFunction(v))
    .flatMap(([name, v]) => conditionFindings(v, ['Conditions', name], fn, defined));
}

/** True when `v` is a single condition function call. */
export function isConditionFunction(v: unknown): boolean {
  const name = intrinsicName(v);
  return name !== undefined && BOOLEAN_FNS.has(name);
}
