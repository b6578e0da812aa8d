// "AWS::Region" written as a plain string is sent literally; it was meant as { Ref: AWS::Region }.
import { PSEUDO_PARAMETERS } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf, walk } from '../template-walk.js';

const PSEUDO = new Set<string>(PSEUDO_PARAMETERS);

export const W1054 = cfnLintRule({
  id: 'W1054',
  severity: 'warning',
  shortDescription: 'Pseudo-parameter string found without Ref',
  description: 'Property values that are exactly a pseudo parameter name are meant as a Ref to it.',
  tags: ['functions', 'ref'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx)) {
      if (r.type.startsWith('Custom::')) continue;
      walk(r.raw.Properties, [...r.path, 'Properties'], (v, p) => {
        if (isRecord(v) && ('Ref' in v || 'Fn::Sub' in v)) return 'skip';
        if (typeof v === 'string' && PSEUDO.has(v)) {
          out.push({ path: [...p], message: `'${v}' is a pseudo-parameter and should probably be used as 'Ref: ${v}' instead of a plain string` });
        }
      });
    }
    return out;
  },
});
