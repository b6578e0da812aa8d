// DependsOn must name resources of the same template, not itself.
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

export const E3005 = cfnLintRule({
  id: 'E3005',
  severity: 'error',
  shortDescription: 'Check DependsOn values for Resources',
  description: 'DependsOn lists logical ids of other resources in the template.',
  tags: ['resources', 'dependson'],
  check(ctx) {
    const all = isRecord(ctx.body.Resources) ? ctx.body.Resources : {};
    const out = [];
    for (const r of resourcesOf(ctx)) {
      const d = r.raw.DependsOn;
      if (d === undefined) continue;
      const list = Array.isArray(d) ? d.map((v, i) => ({ v, path: [...r.path, 'DependsOn', i] })) : [{ v: d, path: [...r.path, 'DependsOn'] }];
      for (const { v, path } of list) {
        if (typeof v !== 'string') out.push({ path, message: `${JSON.stringify(v)} is not of type 'string'` });
        else if (!(v in all)) out.push({ path, message: `'${v}' is not one of [${Object.keys(all).filter((k) => k !== r.id).map((k) => `'${k}'`).join(', ')}]` });
        else if (v === r.id) out.push({ path, message: `'${v}' should not depend on itself` });
      }
    }
    return out;
  },
});
