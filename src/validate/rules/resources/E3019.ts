// Two resources of one type with the same primary identifier (a name) cannot both be created.
import { evaluate, evaluateConditions, resourceSpec, type EvaluationContext, type TemplateModel } from '../../../template/index.js';
import type { RuleContext, RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

/** Conditions that can be settled from the region alone (parameters unknown: undefined). */
function regionConditions(model: TemplateModel, ctx: EvaluationContext): Record<string, boolean> | undefined {
  try {
    return evaluateConditions(model, ctx);
  } catch {
    return undefined;
  }
}

/** A property value with what is known in the region evaluated (plain strings as they are). */
function knownValue(v: unknown, ctx: EvaluationContext, conditions: Record<string, boolean>): unknown {
  if (typeof v === 'string' || v === undefined) return v;
  try {
    return evaluate(v, ctx, conditions);
  } catch {
    return undefined;
  }
}

/** The resource's Properties with what is known in the region evaluated, or undefined. */
function knownProperties(props: unknown, ctx: EvaluationContext, conditions: Record<string, boolean>): Record<string, unknown> | undefined {
  try {
    const v = evaluate(props, ctx, conditions);
    return isRecord(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export const E3019 = cfnLintRule({
  id: 'E3019',
  severity: 'error',
  shortDescription: 'Validate that all resources have unique primary identifiers',
  description: 'Resources of the same type do not share a primary identifier value (names must be unique).',
  tags: ['resources'],
  regional: true,
  check(ctx) {
    // Checked for the region and for one other: conditions on the region can make two names
    // collide only elsewhere, and the template may be deployed there too.
    const other = ctx.region === 'us-west-2' ? 'us-east-1' : 'us-west-2';
    const out: RuleFinding[] = [];
    for (const region of [ctx.region, other]) out.push(...collisionsIn(ctx, region));
    return out;
  },
});

/** Names that the spec does not mark as the primary identifier but that must be unique too. */
const NAME_IDENTIFIERS: Record<string, string> = { 'AWS::CodeBuild::Project': 'Name' };

const cache = new WeakMap<object, Map<string, RuleFinding[]>>();

/** collisions, once per template and region: checking us-east-1 and us-west-2 asks for both twice. */
function collisionsIn(ctx: RuleContext, region: string): RuleFinding[] {
  let byRegion = cache.get(ctx.body);
  if (!byRegion) cache.set(ctx.body, (byRegion = new Map()));
  let found = byRegion.get(region);
  if (!found) byRegion.set(region, (found = collisions(ctx, region)));
  return found;
}

function collisions(ctx: RuleContext, region: string): RuleFinding[] {
  const groups = new Map<string, { id: string; prop: string }[]>();
  const evalCtx: EvaluationContext = { region, accountId: '123456789012', stackName: 'stack', stackId: 'stack-id', parameters: {} };
  const conditions = regionConditions(ctx.model, evalCtx) ?? {};
  for (const r of resourcesOf(ctx)) {
    const cond = r.raw.Condition;
    // A resource whose condition is false (or unknown) in this region does not exist there.
    if (cond !== undefined && (typeof cond !== 'string' || conditions[cond] !== true)) continue;
    const named = NAME_IDENTIFIERS[r.type];
    const ids = named ? [named] : (resourceSpec(r.type)?.primaryIdentifier ?? []);
    if (ids.length !== 1) continue;
    const prop = ids[0] as string;
    // Evaluate only what is needed: the identifier, or the whole Properties when a condition picks them.
    const raw = r.raw.Properties;
    const value = isRecord(raw) && !('Fn::If' in raw) ? knownValue(raw[prop], evalCtx, conditions) : knownProperties(raw, evalCtx, conditions)?.[prop];
    if (typeof value !== 'string' || value === '') continue;
    const key = `${r.type}\u0000${value}`;
    groups.set(key, [...(groups.get(key) ?? []), { id: r.id, prop }]);
  }
  const out: RuleFinding[] = [];
  for (const [key, members] of groups) {
    if (members.length < 2) continue;
    const value = key.split('\u0000')[1] as string;
    const names = members.map((m) => `'${m.id}'`).join(', ');
    for (const m of members) out.push({ path: ['Resources', m.id, 'Properties', m.prop], message: `Primary identifiers {'${m.prop}': '${value}'} should have unique values across the resources {${names}}` });
  }
  return out;
}
