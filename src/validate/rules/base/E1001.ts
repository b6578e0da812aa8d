// The top level of a template: known sections only, Resources present, the one format version.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, walk } from '../template-walk.js';

const SECTIONS = ['Globals', 'AWSTemplateFormatVersion', 'Conditions', 'Description', 'Hooks', 'Mappings', 'Metadata', 'Outputs', 'Parameters', 'Resources', 'Rules', 'Transform'];
const OBJECT_SECTIONS = ['Conditions', 'Mappings', 'Metadata', 'Outputs', 'Parameters', 'Resources', 'Rules'];

export const E1001 = cfnLintRule({
  id: 'E1001',
  severity: 'error',
  shortDescription: 'Basic CloudFormation Template Configuration',
  description: 'Top-level sections are known ones, Resources exists, and sections have the right shape.',
  tags: ['base'],
  check({ body }) {
    const out: RuleFinding[] = [];
    if (!('Resources' in body)) out.push({ path: [], message: "'Resources' is a required property" });
    const sam = JSON.stringify(body.Transform ?? '').includes('AWS::Serverless');
    for (const key of Object.keys(body)) {
      if (!SECTIONS.includes(key) || (key === 'Globals' && !sam)) {
        const hint = SECTIONS.find((s) => s.toLowerCase() === key.toLowerCase() || s === `${key}s`);
        out.push({ path: [key], message: `Additional properties are not allowed ('${key}' was unexpected${hint ? `. Did you mean '${hint}'?` : ''})` });
      }
    }
    for (const s of OBJECT_SECTIONS) {
      if (s in body && !isRecord(body[s])) out.push({ path: [s], message: `${JSON.stringify(body[s])} is not of type 'object'` });
    }
    // YAML nulls (a key with nothing after it) inside conditions are never meaningful.
    if (isRecord(body.Conditions)) {
      walk(body.Conditions, ['Conditions'], (value, path) => {
        if (value === null) out.push({ path: [...path], message: "None is not of type 'array', 'boolean', 'integer', 'number', 'object', 'string'" });
      });
    }
    const v = body.AWSTemplateFormatVersion;
    if ('AWSTemplateFormatVersion' in body && v !== '2010-09-09') {
      out.push({ path: ['AWSTemplateFormatVersion'], message: `${JSON.stringify(v)} is not one of ['2010-09-09']` });
    }
    return out;
  },
});
