// Outputs have alphanumeric names and only the keys CloudFormation knows.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';

const KEYS = ['Value', 'Description', 'Export', 'Condition'];

export const E6001 = cfnLintRule({
  id: 'E6001',
  severity: 'error',
  shortDescription: 'Check the properties of Outputs',
  description: 'Output names are alphanumeric and outputs hold only Value, Description, Export and Condition.',
  tags: ['outputs'],
  check({ body }) {
    if (!isRecord(body.Outputs)) return [];
    const ext = JSON.stringify(body.Transform ?? '').includes('LanguageExtensions');
    const out: RuleFinding[] = [];
    for (const [name, o] of Object.entries(body.Outputs)) {
      if (ext && name.startsWith('Fn::ForEach::')) continue;
      if (!/^[a-zA-Z0-9]+$/.test(name)) out.push({ path: ['Outputs', name], message: `'${name}' does not match any of the regexes: '^[a-zA-Z0-9]+$'` });
      else if (isRecord(o)) for (const k of Object.keys(o)) if (!KEYS.includes(k)) out.push({ path: ['Outputs', name, k], message: `Additional properties are not allowed ('${k}' was unexpected)` });
    }
    return out;
  },
});
