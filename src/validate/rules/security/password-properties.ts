// Properties that hold passwords, and where parameters feed them (W1011, W2501).
import type { TemplatePath } from '../../../template/index.js';
import type { RuleContext } from '../../types.js';
import { isRecord, resourcesOf } from '../template-walk.js';

export const PASSWORD_PROPERTIES = new Set(['MasterUserPassword', 'Password', 'DbPassword', 'AdminPassword', 'AuthToken']);

export interface PasswordUse {
  path: TemplatePath;
  property: string;
  value: unknown;
}

/** Password-named properties at the top level of resources' Properties. */
export function passwordUses(ctx: RuleContext): PasswordUse[] {
  const out: PasswordUse[] = [];
  for (const r of resourcesOf(ctx)) {
    if (r.type.startsWith('Custom::')) continue;
    for (const [k, v] of Object.entries(r.props)) if (PASSWORD_PROPERTIES.has(k)) out.push({ path: [...r.path, 'Properties', k], property: k, value: v });
  }
  return out;
}

/** The parameter a value is a Ref to, if any. */
export function refParameter(ctx: RuleContext, v: unknown): [string, Record<string, unknown>] | undefined {
  if (!isRecord(v) || typeof v.Ref !== 'string') return undefined;
  const p = isRecord(ctx.body.Parameters) ? ctx.body.Parameters[v.Ref] : undefined;
  return isRecord(p) ? [v.Ref, p] : undefined;
}
