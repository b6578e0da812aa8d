// Reading IAM policy documents the way cfn_nag does: statements, effects, wildcards.
import { isRecord } from '../template-walk.js';

export interface Statement {
  effect: string;
  actions: unknown[];
  notActions: unknown[];
  resources: unknown[];
  notResources: unknown[];
  principal: unknown;
  notPrincipal: unknown;
  hasNotAction: boolean;
  hasNotResource: boolean;
  hasNotPrincipal: boolean;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The statements of a policy document (Statement may be one object or a list). */
export function statementsOf(doc: unknown): Statement[] {
  if (!isRecord(doc)) return [];
  return list(doc.Statement)
    .filter(isRecord)
    .map((s) => ({
      effect: typeof s.Effect === 'string' ? s.Effect : '',
      actions: list(s.Action),
      notActions: list(s.NotAction),
      resources: list(s.Resource),
      notResources: list(s.NotResource),
      principal: s.Principal,
      notPrincipal: s.NotPrincipal,
      hasNotAction: 'NotAction' in s,
      hasNotResource: 'NotResource' in s,
      hasNotPrincipal: 'NotPrincipal' in s,
    }));
}

const allows = (s: Statement) => s.effect === 'Allow';

/** An action of `*` or `service:*` (cfn_nag counts both as a wildcard action). */
export const isWildcardAction = (a: unknown): boolean => typeof a === 'string' && (a === '*' || /^[\w-]+:\*$/.test(a));

export const allowsWildcardAction = (doc: unknown): boolean => statementsOf(doc).some((s) => allows(s) && s.actions.some(isWildcardAction));
export const allowsWildcardResource = (doc: unknown): boolean => statementsOf(doc).some((s) => allows(s) && s.resources.some((r) => r === '*'));
export const allowsNotAction = (doc: unknown): boolean => statementsOf(doc).some((s) => allows(s) && s.hasNotAction);
export const allowsNotResource = (doc: unknown): boolean => statementsOf(doc).some((s) => allows(s) && s.hasNotResource);
export const allowsNotPrincipal = (doc: unknown): boolean => statementsOf(doc).some((s) => allows(s) && s.hasNotPrincipal);

/** A principal of `*` or `{ AWS: '*' }` (also inside a list). */
export function isWildcardPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (isRecord(p)) return Object.values(p).some((v) => v === '*' || (Array.isArray(v) && v.includes('*')));
  return false;
}

export const allowsWildcardPrincipal = (doc: unknown): boolean => statementsOf(doc).some((s) => allows(s) && isWildcardPrincipal(s.principal));

/** True when an action pattern (with * and ? wildcards) covers `action`. */
export function actionCovers(pattern: unknown, action: string): boolean {
  if (typeof pattern !== 'string') return false;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.toLowerCase() === action.toLowerCase();
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    patterns.set(pattern, re);
  }
  return re.test(action);
}

// Compiled once per pattern: the same few patterns are asked about for every statement.
const patterns = new Map<string, RegExp>();

/** iam:PassRole (or a wildcard covering it) allowed on resource `*`. */
export const allowsPassRoleOnAnyResource = (doc: unknown): boolean =>
  statementsOf(doc).some((s) => allows(s) && s.resources.some((r) => r === '*') && s.actions.some((a) => actionCovers(a, 'iam:PassRole')));
