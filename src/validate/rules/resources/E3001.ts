// The shape of each resource: a Type string, known attributes only, a valid logical id.
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import type { RuleFinding } from '../../types.js';

const ATTRIBUTES = ['Type', 'Properties', 'DependsOn', 'Condition', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'CreationPolicy', 'UpdatePolicy', 'Version'];
const show = (v: unknown): string => (v === null ? 'None' : typeof v === 'string' ? `'${v}'` : typeof v === 'boolean' ? (v ? 'True' : 'False') : JSON.stringify(v));

export const E3001 = cfnLintRule({
  id: 'E3001',
  severity: 'error',
  shortDescription: 'Basic CloudFormation Resource Check',
  description: 'Resources have alphanumeric logical ids, a string Type, and only known resource attributes.',
  tags: ['resources'],
  check({ body }) {
    if (!isRecord(body.Resources)) return [];
    const sam = JSON.stringify(body.Transform ?? '').includes('Serverless');
    const out: RuleFinding[] = [];
    for (const [id, r] of Object.entries(body.Resources)) {
      const path = ['Resources', id];
      if (id.startsWith('Fn::ForEach::') && JSON.stringify(body.Transform ?? '').includes('LanguageExtensions')) continue;
      if (!/^[a-zA-Z0-9]+$/.test(id)) {
        out.push({ path, message: `'${id}' does not match any of the regexes: '^[a-zA-Z0-9]+$'` });
        continue;
      }
      if (!isRecord(r)) {
        out.push({ path, message: `${show(r)} is not of type 'object'` });
        continue;
      }
      if (!('Type' in r)) out.push({ path, message: "'Type' is a required property" });
      else if (typeof r.Type !== 'string') out.push({ path: [...path, 'Type'], message: `${show(r.Type)} is not of type 'string'` });
      if ('Condition' in r && typeof r.Condition !== 'string') out.push({ path: [...path, 'Condition'], message: `${show(r.Condition)} is not of type 'string'` });
      // Modules expand into resources that carry their own policies.
      if (typeof r.Type === 'string' && r.Type.endsWith('::MODULE')) {
        for (const k of ['CreationPolicy', 'UpdatePolicy']) if (k in r) out.push({ path: [...path, k], message: `False schema does not allow ${show(r[k])}` });
      }
      if (sam) continue;
      for (const k of Object.keys(r)) if (!ATTRIBUTES.includes(k)) out.push({ path: [...path, k], message: `Additional properties are not allowed ('${k}' was unexpected)` });
    }
    return out;
  },
});
