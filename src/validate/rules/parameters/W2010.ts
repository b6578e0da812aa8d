// NoEcho only masks a parameter in DescribeStacks; Metadata and Outputs show it in clear.
// A `${...}` cfn-lint never reads (its Fn::Sub's variable map fails first) is not reported.
import { cfnLintRule } from '../define.js';
import { referencesIn } from '../references.js';
import { isRecord } from '../template-walk.js';

export const W2010 = cfnLintRule({
  id: 'W2010',
  severity: 'warning',
  shortDescription: 'NoEcho parameters are not masked when used in Metadata and Outputs',
  description: 'NoEcho parameters are not referenced from resource Metadata or Outputs.',
  tags: ['parameters', 'security'],
  check({ body }) {
    const params = isRecord(body.Parameters) ? body.Parameters : {};
    const secret = new Set(Object.entries(params).filter(([, p]) => isRecord(p) && (p.NoEcho === true || String(p.NoEcho).toLowerCase() === 'true')).map(([k]) => k));
    if (secret.size === 0) return [];
    const out = [];
    const resources = isRecord(body.Resources) ? body.Resources : {};
    for (const [id, r] of Object.entries(resources)) {
      if (!isRecord(r) || !isRecord(r.Metadata)) continue;
      for (const ref of referencesIn(r.Metadata, ['Resources', id, 'Metadata'])) {
        if ((ref.kind === 'Ref' || (ref.kind === 'Sub' && !ref.unchecked)) && secret.has(ref.target)) out.push({ path: ref.path, message: `Don't use 'NoEcho' parameter '${ref.target}' in resource metadata` });
      }
    }
    for (const ref of referencesIn(body.Outputs, ['Outputs'])) {
      if ((ref.kind === 'Ref' || (ref.kind === 'Sub' && !ref.unchecked)) && secret.has(ref.target)) out.push({ path: ref.path, message: `Don't use 'NoEcho' parameter '${ref.target}' in 'Outputs'` });
    }
    return out;
  },
});
