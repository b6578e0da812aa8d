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
    // A resource whose Type is not a string (a rain module, `Type: !Rain::Module x`) is no
    // resource to cfn-lint: nothing can refer to it.
    const resources = Object.fromEntries(Object.entries(isRecord(body.Resources) ? body.Resources : {}).filter(([, r]) => isRecord(r) && typeof r.Type === 'string'));
    const names = [...Object.keys(isRecord(body.Parameters) ? body.Parameters : {}), ...Object.keys(resources), ...PSEUDO_PARAMETERS];
    const listOf = (xs: string[]) => `[${xs.map((n) => `'${n}'`).join(', ')}]`;
    const out = [];
    for (const r of referencesOf(body)) {
      if (r.path[0] !== 'Outputs' || r.path[2] !== 'Value') continue;
      if (r.kind === 'Ref' && !names.includes(r.target)) out.push({ path: r.path, message: `'${r.target}' is not one of ${listOf(names)}` });
      // `${Res.Attr}` in an output's Fn::Sub: the resource must exist (reported at the Fn::Sub).
      if (r.kind === 'Sub' && r.attribute !== undefined && !(r.target in resources)) {
        out.push({ path: r.path, message: `'${r.target}' is not one of ${listOf(Object.keys(resources))}` });
      }
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
