// Every ${Name} in Fn::Sub must resolve: a parameter, resource, pseudo parameter or local variable.
import { PSEUDO_PARAMETERS } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { referencesOf, subNodesOf } from '../references.js';
import { hasTransform, intrinsicName, isRecord } from '../template-walk.js';

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = body;
  for (const k of path) v = isRecord(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

export const E1019 = cfnLintRule({
  id: 'E1019',
  severity: 'error',
  shortDescription: 'Sub validation of parameters',
  description: 'Variables in Fn::Sub name parameters, resources (with an attribute), pseudo parameters or local variables.',
  tags: ['functions', 'sub'],
  check({ body }) {
    if (hasTransform(body) || Object.keys(isRecord(body.Resources) ? body.Resources : {}).some((k) => k.startsWith('Fn::ForEach'))) return [];
    const resources = isRecord(body.Resources) ? body.Resources : {};
    const names = new Set<string>([...Object.keys(isRecord(body.Parameters) ? body.Parameters : {}), ...Object.keys(resources), ...PSEUDO_PARAMETERS]);
    const out: RuleFinding[] = [];
    for (const { value: v, path: p } of subNodesOf(body)) {
      const nested = p.some((s) => typeof s === 'string' && s.startsWith('Fn::') && s !== 'Fn::If');
      if (!nested && Object.keys(v).length === 1 && isRecord(v['Fn::Sub']) && intrinsicName(v['Fn::Sub']) === undefined) {
        out.push({ path: [...p, 'Fn::Sub'], message: `${JSON.stringify(v['Fn::Sub'])} is not of type 'array', 'string'` });
      }
    }
    for (const r of referencesOf(body)) {
      if (r.kind !== 'Sub' || r.path[0] === 'Outputs') continue;
      // The list form with a variable map is checked as a whole by cfn-lint (E1020 on the map).
      if (Array.isArray(valueAt(body, r.path))) continue;
      const known = r.attribute !== undefined ? r.target in resources : names.has(r.target);
      if (!known) out.push({ path: r.path, message: `'${r.attribute !== undefined ? `${r.target}.${r.attribute}` : r.target}' is not one of [${[...names].map((n) => `'${n}'`).join(', ')}]` });
    }
    return out;
  },
});
