// The shape of most cfn_nag checks: flag each resource of some types that fails a predicate,
// at the line of its Type key (where cfn_nag reports).
import type { RuleContext, RuleFinding } from '../../types.js';
import { intrinsicName, isRecord, resourcesOf, typePath, type ResourceEntry } from '../template-walk.js';

/** Findings for the resources of `types` for which `bad` holds. */
export function flagResources(ctx: RuleContext, types: readonly string[], message: string, bad: (r: ResourceEntry, ctx: RuleContext) => boolean): RuleFinding[] {
  // A plain loop: 111 rules call this for every template, most finding no resource to flag.
  const out: RuleFinding[] = [];
  for (const r of resourcesOf(ctx, ...types)) if (bad(r, ctx)) out.push({ path: typePath(r), message });
  return out;
}

/** True when `v` is missing, or set to false in any form (a condition may still turn it on). */
export const notTrue = (v: unknown): boolean => v === undefined || v === false || (typeof v === 'string' && v.toLowerCase() === 'false');

/** True when a property is set to something (a literal or an intrinsic function). */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && !(isRecord(v) && v.Ref === 'AWS::NoValue');

/**
 * A plaintext secret, the way cfn_nag sees it: a literal string, or a Ref to a parameter that has
 * a Default (a NoEcho parameter without Default and dynamic references are fine).
 */
export function isPlaintextSecret(ctx: RuleContext, v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return !/^\{\{resolve:(secretsmanager|ssm-secure):/.test(v);
  if (typeof v === 'number') return true;
  const fn = intrinsicName(v);
  if (fn === 'Ref') {
    const name = (v as Record<string, unknown>).Ref;
    const params = isRecord(ctx.body.Parameters) ? ctx.body.Parameters : {};
    const p = typeof name === 'string' ? params[name] : undefined;
    if (!isRecord(p)) return false;
    const noEcho = p.NoEcho === true || (typeof p.NoEcho === 'string' && p.NoEcho.toLowerCase() === 'true');
    return !noEcho || p.Default !== undefined;
  }
  return false;
}

/** True when `v` is a Ref to a resource of `type` in this template. */
export function refersToType(ctx: RuleContext, v: unknown, type: string): boolean {
  if (!isRecord(v) || typeof v.Ref !== 'string') return false;
  const resources = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
  const target = resources[v.Ref];
  return isRecord(target) && target.Type === type;
}
