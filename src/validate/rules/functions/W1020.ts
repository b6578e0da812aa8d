// Fn::Sub over a string without variables does nothing but hide a plain string. A `${!x}`
// literal is no variable. Under AWS::LanguageExtensions such a Sub is already its plain string
// when cfn-lint reads the template (the transform replaces it), so there is nothing to report.
import { cfnLintRule } from '../define.js';
import { subNodesOf, subStringChecked, subVariables } from '../references.js';
import { usesLanguageExtensions } from '../../../template/index.js';
import { usesSam } from '../template-walk.js';

export const W1020 = cfnLintRule({
  id: 'W1020',
  severity: 'warning',
  shortDescription: "Sub isn't needed if it doesn't have a variable defined",
  description: 'Fn::Sub whose string has no ${...} variables can be a plain string.',
  tags: ['functions', 'sub'],
  check({ body }) {
    if (usesSam(body) || usesLanguageExtensions(body)) return [];
    const out: { path: (string | number)[]; message: string }[] = [];
    for (const { value: v, path: p } of subNodesOf(body)) {
      if (Object.keys(v).length !== 1) continue;
      const arg = v['Fn::Sub'];
      const text = Array.isArray(arg) ? arg[0] : arg;
      if (typeof text === 'string' && subVariables(text).length === 0 && subStringChecked(arg)) {
        out.push({ path: [...p, 'Fn::Sub'], message: "'Fn::Sub' isn't needed because there are no variables" });
      }
    }
    return out;
  },
});
