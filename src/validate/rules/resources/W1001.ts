// A Ref or GetAtt to a resource that only exists under a condition fails whenever that condition
// is false, unless the reference itself sits under the same condition.
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { conditionLogic, type Fact } from '../condition-logic.js';
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { hasTransform, isRecord } from '../template-walk.js';

/** The conditions of the Fn::If branches a path lies in: true in the first branch, false in the second. */
function guards(body: Record<string, unknown>, path: TemplatePath): Fact[] {
  const out: Fact[] = [];
  let v: unknown = body;
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as string | number;
    const args = step === 'Fn::If' && isRecord(v) ? v['Fn::If'] : undefined;
    const branch = path[i + 1];
    if (Array.isArray(args) && args.length === 3 && (branch === 1 || branch === 2) && typeof args[0] === 'string') out.push({ name: args[0], value: branch === 1 });
    v = isRecord(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[step] : undefined;
  }
  return out;
}

export const W1001 = cfnLintRule({
  id: 'W1001',
  severity: 'warning',
  shortDescription: 'Ref/GetAtt to resource that is available when conditions are applied',
  description: 'References to conditional resources are made under the same condition.',
  tags: ['conditions', 'resources', 'ref', 'getatt'],
  check({ body }) {
    if (hasTransform(body)) return [];
    const resources = isRecord(body.Resources) ? body.Resources : {};
    const outputs = isRecord(body.Outputs) ? body.Outputs : {};
    const logic = conditionLogic(body);
    const conditionOf = (section: Record<string, unknown>, id: unknown) => {
      const r = typeof id === 'string' ? section[id] : undefined;
      return isRecord(r) && typeof r.Condition === 'string' ? r.Condition : undefined;
    };
    const out: RuleFinding[] = [];
    for (const r of referencesOf(body)) {
      if (r.kind !== 'Ref' && r.kind !== 'GetAtt' && r.kind !== 'Sub') continue;
      if (r.path[0] !== 'Resources' && r.path[0] !== 'Outputs') continue;
      if (r.path[0] === 'Resources' && r.path[2] !== 'Properties') continue;
      const needed = conditionOf(resources, r.target);
      if (!needed) continue;
      const own = conditionOf(r.path[0] === 'Resources' ? resources : outputs, r.path[1]);
      const held = guards(body, r.path);
      if (own !== undefined) held.push({ name: own, value: true });
      if (logic.implies(held, needed)) continue;
      const at = r.path.slice(0, -1);
      const kind = r.kind === 'GetAtt' || r.attribute !== undefined ? 'GetAtt' : 'Ref';
      out.push({ path: at, message: `${kind} to resource '${r.target}' that may not be available when condition '${needed}' is False at ${at.join('/')}` });
    }
    return out;
  },
});
