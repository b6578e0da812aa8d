// A Ref must name a parameter, a resource or a pseudo parameter of the same template.
import { PSEUDO_PARAMETERS } from '../../../template/index.js';
import { cfnLintRule } from '../define.js';
import { referencesOf } from '../references.js';
import { hasTransform, isRecord } from '../template-walk.js';

export const E1020 = cfnLintRule({
  id: 'E1020',
  severity: 'error',
  shortDescription: 'Ref validation of value',
  description: 'Ref names a parameter, a resource or a pseudo parameter.',
  tags: ['functions', 'ref'],
  check({ body }) {
    if (hasTransform(body)) return [];
    const names = new Set<string>([...Object.keys(isRecord(body.Parameters) ? body.Parameters : {}), ...Object.keys(isRecord(body.Resources) ? body.Resources : {}), ...PSEUDO_PARAMETERS]);
    const params = isRecord(body.Parameters) ? body.Parameters : {};
    const isList = (name: string) => {
      const p = params[name];
      return isRecord(p) && typeof p.Type === 'string' && (p.Type === 'CommaDelimitedList' || p.Type.startsWith('List<'));
    };
    const out = referencesOf(body)
      .filter((r) => r.kind === 'Ref' && !names.has(r.target) && r.path[0] !== 'Outputs' && r.path[0] !== 'Rules')
      .map((r) => ({ path: r.path, message: `'${r.target}' is not one of [${[...names].map((n) => `'${n}'`).join(', ')}]` }));
    // Fn::Equals compares strings: a list parameter there never equals anything.
    for (const r of referencesOf(body)) {
      if (r.kind === 'Ref' && r.path[0] === 'Conditions' && r.path[r.path.length - 3] === 'Fn::Equals' && isList(r.target)) {
        out.push({ path: r.path, message: `{'Ref': '${r.target}'} is not of type 'string'` });
      }
    }
    return out;
  },
});
