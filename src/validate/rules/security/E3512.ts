// Resource policies (bucket, queue, topic) name who they apply to: one of Principal/NotPrincipal.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { intrinsicName, isRecord, usesSam } from '../template-walk.js';
import { policyDocuments, policyFindings } from './policy-schema.js';

export const E3512 = cfnLintRule({
  id: 'E3512',
  severity: 'error',
  shortDescription: 'Validate resource based IAM polices',
  description: 'Resource policy documents are well-formed and each statement has exactly one of Principal and NotPrincipal.',
  tags: ['resources', 'iam'],
  check(ctx) {
    if (usesSam(ctx.body)) return [];
    const out: RuleFinding[] = policyFindings(ctx, 'resource');
    for (const { doc, path } of policyDocuments(ctx, 'resource')) {
      if (!isRecord(doc) || intrinsicName(doc) !== undefined) continue;
      const st = doc.Statement;
      const list = Array.isArray(st) ? st.map((s, i) => [s, [...path, 'Statement', i]] as const) : [[st, [...path, 'Statement']] as const];
      for (const [s, p] of list) {
        if (!isRecord(s) || intrinsicName(s) !== undefined) continue;
        const has = ['Principal', 'NotPrincipal'].filter((k) => k in s).length;
        if (has !== 1) out.push({ path: p, message: "Only one of ['Principal', 'NotPrincipal'] is a required property" });
      }
    }
    return out;
  },
});
