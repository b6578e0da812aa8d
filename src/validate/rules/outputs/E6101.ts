// Output values refer to names the template defines (Ref) and attributes resources have (GetAtt).
import { PSEUDO_PARAMETERS, resourceSpec } from '../../../template/index.js';
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { hasTransform, isRecord } from '../template-walk.js';

export const E6101 = cfnLintRule({
  id: 'E6101',
  severity: 'error',
  shortDescription: 'Validate that outputs values are a string',
  description: 'Output values resolve: Ref names a parameter, resource or pseudo parameter; Fn::GetAtt a real attribute.',
  tags: ['outputs'],
  check({ body }) {
    if (hasTransform(body)) return [];
    const resources = isRecord(body.Resources) ? body.Resources : {};
    const names = [...Object.keys(isRecord(body.Parameters) ? body.Parameters : {}), ...Object.keys(resources), ...PSEUDO_PARAMETERS];
    const out = [];
    for (const r of referencesOf(body)) {
      if (r.path[0] !== 'Outputs' || r.path[2] !== 'Value') continue;
      if (r.kind === 'Ref' && !names.includes(r.target)) out.push({ path: r.path, message: `'${r.target}' is not one of [${names.map((n) => `'${n}'`).join(', ')}]` });
      if (r.kind !== 'GetAtt' || r.attribute === undefined) continue;
      const res = resources[r.target];
      const type = isRecord(res) && typeof res.Type === 'string' ? res.Type : '';
      const spec = type && !/^(Custom::|AWS::CloudFormation::Stack$)/.test(type) ? resourceSpec(type) : undefined;
      if (spec && spec.attributes.size > 0 && !spec.attributes.has(r.attribute)) {
        out.push({ path: [...r.path, 1], message: `'${r.attribute}' is not one of [${[...spec.attributes.keys()].map((n) => `'${n}'`).join(', ')}]` });
      }
    }
    return out;
  },
});
