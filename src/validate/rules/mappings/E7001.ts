// Mapping names and keys are alphanumeric; values sit two levels down.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { lineText } from '../../engine.js';
import { isRecord } from '../template-walk.js';

const NAME = /^[a-zA-Z0-9]+$/;
const bad = (k: string) => `${/^\d+$/.test(k) ? k : `'${k}'`} does not match any of the regexes: '^[a-zA-Z0-9]+$'`;

export const E7001 = cfnLintRule({
  id: 'E7001',
  severity: 'error',
  shortDescription: 'Mappings are appropriately configured',
  description: 'Mapping names are alphanumeric; each mapping maps top-level keys to maps of second-level keys.',
  tags: ['mappings'],
  check({ body, template }) {
    if (!isRecord(body.Mappings)) return [];
    // An unquoted number as a key is an integer to YAML, not a string (cfn-lint points at its parent).
    const unquotedNumber = (path: (string | number)[]) => {
      const r = template.sourceMap.key(path);
      if (!r || template.format !== 'yaml') return false;
      return !/['"]/.test(lineText(template, r.start.line).charAt(r.start.column - 1));
    };
    const out: RuleFinding[] = [];
    for (const [name, map] of Object.entries(body.Mappings)) {
      if (!NAME.test(name)) out.push({ path: ['Mappings', name], message: bad(name) });
      else if (!isRecord(map)) out.push({ path: ['Mappings', name], message: `${JSON.stringify(map)} is not of type 'object'` });
      else {
        for (const [top, second] of Object.entries(map)) {
          // Top-level keys are often region names (us-east-1): only second-level keys must be alphanumeric.
          if (!isRecord(second)) out.push({ path: ['Mappings', name, top], message: `${JSON.stringify(second)} is not of type 'object'` });
          else {
            for (const k of Object.keys(second)) {
              if (/^\d+$/.test(k) && unquotedNumber(['Mappings', name, top, k])) out.push({ path: ['Mappings', name, top], message: bad(k) });
              else if (!NAME.test(k)) out.push({ path: ['Mappings', name, top, k], message: bad(k) });
            }
          }
        }
      }
    }
    return out;
  },
});
