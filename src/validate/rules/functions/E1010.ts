// Fn::GetAtt must name a resource of the template, and an attribute its type has.
import { propertySpecAt, resourceSpec } from '../../../template/index.js';
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { hasTransform, isRecord } from '../template-walk.js';

/** Types whose attributes are open-ended (stack outputs, custom resource return values). */
const OPEN = /^(Custom::|AWS::CloudFormation::(Stack|CustomResource)$|AWS::Serverless::|AWS::ServiceCatalog::CloudFormationProvisionedProduct$)/;

/** True when the spec wants an object (a property type or a map) where the GetAtt stands. */
function objectExpected(resources: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  if (path[0] !== 'Resources' || path[2] !== 'Properties' || path.length < 4) return false;
  const owner = resources[String(path[1])];
  if (!isRecord(owner) || typeof owner.Type !== 'string') return false;
  const kind = propertySpecAt(owner.Type, path.slice(3))?.type.kind;
  return kind === 'ref' || kind === 'map';
}

export const E1010 = cfnLintRule({
  id: 'E1010',
  severity: 'error',
  shortDescription: 'GetAtt validation of parameters',
  description: 'Fn::GetAtt names a resource of the template and one of its attributes.',
  tags: ['functions', 'getatt'],
  check({ body }) {
    if (hasTransform(body)) return [];
    const resources = isRecord(body.Resources) ? body.Resources : {};
    const out = [];
    for (const r of referencesOf(body)) {
      if (r.kind !== 'GetAtt' || r.path[0] === 'Outputs') continue;
      // Inside another function (Join, Select...) cfn-lint reports under that function's id.
      if (r.path.slice(0, -1).some((s) => typeof s === 'string' && s.startsWith('Fn::') && s !== 'Fn::If')) continue;
      const res = resources[r.target];
      if (!isRecord(res)) {
        out.push({ path: [...r.path, 0], message: `'${r.target}' is not one of [${Object.keys(resources).map((n) => `'${n}'`).join(', ')}]` });
        continue;
      }
      const type = typeof res.Type === 'string' ? res.Type : '';
      const target = r.path.slice(0, -1);
      if (objectExpected(resources, target)) {
        out.push({ path: r.path, message: `{'Fn::GetAtt': ['${r.target}', '${r.attribute ?? ''}']} is not of type 'object'` });
        continue;
      }
      if (r.attribute === undefined || OPEN.test(type)) continue;
      const spec = resourceSpec(type);
      if (spec && spec.attributes.size > 0 && !spec.attributes.has(r.attribute)) {
        out.push({ path: [...r.path, 1], message: `'${r.attribute}' is not one of [${[...spec.attributes.keys()].map((n) => `'${n}'`).join(', ')}]` });
      }
    }
    return out;
  },
});
