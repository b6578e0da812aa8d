// Values that cannot be computed yet (a resource attribute before deployment, an unknown
// export) travel through evaluation wrapped, so enclosing functions can tell "not known yet"
// from literal data that merely looks like an intrinsic. They are unwrapped to their long
// intrinsic form when evaluation ends.
import { NO_VALUE } from './context.js';

/** An intrinsic that stays as written (with its known parts evaluated). */
export class Unresolved {
  constructor(readonly expression: Record<string, unknown>) {}
}

/** True if `value` is or contains something not known yet. */
export function hasUnresolved(value: unknown): boolean {
  if (value instanceof Unresolved) return true;
  if (Array.isArray(value)) return value.some(hasUnresolved);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasUnresolved);
  return false;
}

/**
 * True if something not known yet waits on a resource (Fn::GetAtt, or Ref to a name that is not
 * one of `parameters`), rather than on a parameter without a value.
 */
export function waitsOnResource(value: unknown, parameters: ReadonlySet<string> | undefined): boolean {
  if (value instanceof Unresolved) {
    const expression = value.expression;
    if ('Fn::GetAtt' in expression) return true;
    if (typeof expression.Ref === 'string') return !(parameters?.has(expression.Ref) ?? false);
    return waitsOnResource(expression, parameters);
  }
  if (Array.isArray(value)) return value.some((v) => waitsOnResource(v, parameters));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((v) => waitsOnResource(v, parameters));
  return false;
}

/**
 * Turns evaluator values into plain template values: Unresolved becomes its intrinsic form,
 * AWS::NoValue entries are dropped from maps and lists (undefined at the top).
 */
export function toPlain(value: unknown): unknown {
  if (value === NO_VALUE) return undefined;
  if (value instanceof Unresolved) return toPlain(value.expression);
  if (Array.isArray(value)) return value.filter((v) => v !== NO_VALUE).map(toPlain);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== NO_VALUE) out[k] = toPlain(v);
    return out;
  }
  return value;
}
