// `${Name}` in a plain string is sent to AWS literally: almost always a forgotten Fn::Sub.
import { PSEUDO_PARAMETERS } from '../../../template/index.js';
import { cfnLintRule } from '../define.js';
import { subVariables } from '../references.js';
import { isRecord, walk } from '../template-walk.js';

const EXCLUDED = new Set(['TemplateBody']);

export const E1029 = cfnLintRule({
  id: 'E1029',
  severity: 'error',
  shortDescription: 'Sub is required if a variable is used in a string',
  description: 'A string holding ${Parameter} or ${Resource.Attribute} outside Fn::Sub is a forgotten Fn::Sub.',
  tags: ['functions', 'sub'],
  check({ body }) {
    const resources = isRecord(body.Resources) ? body.Resources : {};
    const names = new Set<string>([...Object.keys(isRecord(body.Parameters) ? body.Parameters : {}), ...Object.keys(resources), ...PSEUDO_PARAMETERS]);
    const out: { path: (string | number)[]; message: string }[] = [];
    for (const [id, res] of Object.entries(resources)) {
      if (!isRecord(res) || !isRecord(res.Properties)) continue;
      // State machines substitute their own DefinitionSubstitutions.
      const local = new Set(Object.keys(isRecord(res.Properties.DefinitionSubstitutions) ? res.Properties.DefinitionSubstitutions : {}));
      walk(res.Properties, ['Resources', id, 'Properties'], (v, p) => {
        if (isRecord(v) && ('Fn::Sub' in v || 'Fn::Transform' in v)) return 'skip';
        // Nested templates have their own ${...} syntax.
        if (EXCLUDED.has(String(p[p.length - 1]))) return 'skip';
        if (typeof v !== 'string' || !v.includes('${')) return;
        for (const name of subVariables(v)) {
          const base = name.includes('.') && !name.startsWith('AWS::') ? name.slice(0, name.indexOf('.')) : name;
          // IAM policy variables (${aws:username}) and other ${a:b} forms are not template names.
          if (local.has(name) || name.startsWith('stageVariables.')) continue;
          if (!names.has(base) && !/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(name)) continue;
          out.push({ path: [...p], message: `Found an embedded parameter "\${${name}}" outside of an "Fn::Sub" at ${p.join('/')}` });
        }
      });
    }
    return out;
  },
});
