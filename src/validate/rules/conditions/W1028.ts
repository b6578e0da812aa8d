// A branch of Fn::If that the surrounding conditions already decide can never be taken:
// dead configuration that readers trust.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

type Known = ReadonlyMap<string, boolean>;

/** Adds what `name` being `value` implies through And / Or / Not of { Condition } entries. */
function imply(conditions: Record<string, unknown>, name: string, value: boolean, known: Map<string, boolean>): void {
  if (known.has(name)) return;
  known.set(name, value);
  const def = conditions[name];
  if (!isRecord(def)) return;
  const refs = (list: unknown) => (Array.isArray(list) ? list.filter(isRecord).map((c) => c.Condition).filter((c): c is string => typeof c === 'string') : []);
  if (value) for (const c of refs(def['Fn::And'])) imply(conditions, c, true, known);
  if (!value) for (const c of refs(def['Fn::Or'])) imply(conditions, c, false, known);
  for (const c of refs(def['Fn::Not'])) imply(conditions, c, !value, known);
}

function visit(v: unknown, path: TemplatePath, known: Known, conditions: Record<string, unknown>, out: RuleFinding[]): void {
  if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...path, i], known, conditions, out));
  if (!isRecord(v)) return;
  const args = v['Fn::If'];
  if (Object.keys(v).length === 1 && Array.isArray(args) && args.length === 3 && typeof args[0] === 'string') {
    const name = args[0];
    const state = known.get(name);
    if (state !== undefined) {
      const dead = state ? 2 : 1;
      out.push({ path: [...path, 'Fn::If', dead], message: `['Fn::If', ${dead}] is not reachable. When setting condition '${name}' to ${state ? 'False' : 'True'} from current status ${state ? 'True' : 'False'}` });
    }
    for (const branch of [1, 2] as const) {
      if (state !== undefined && branch === (state ? 2 : 1)) continue;
      const next = new Map(known);
      imply(conditions, name, branch === 1, next);
      visit(args[branch], [...path, 'Fn::If', branch], next, conditions, out);
    }
    return;
  }
  for (const [k, x] of Object.entries(v)) visit(x, [...path, k], known, conditions, out);
}

export const W1028 = cfnLintRule({
  id: 'W1028',
  severity: 'warning',
  shortDescription: 'Check Fn::If has a path that cannot be reached',
  description: 'Fn::If branches are reachable given the conditions around them (the resource condition and enclosing Fn::If).',
  tags: ['functions', 'if', 'conditions'],
  check(ctx) {
    const conditions = isRecord(ctx.body.Conditions) ? ctx.body.Conditions : {};
    if (Object.keys(conditions).length === 0) return [];
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx)) {
      const known = new Map<string, boolean>();
      if (typeof r.raw.Condition === 'string') imply(conditions, r.raw.Condition, true, known);
      visit(r.raw.Properties, [...r.path, 'Properties'], known, conditions, out);
    }
    return out;
  },
});
