// Policy language version 2008-10-17 lacks policy variables and newer condition operators.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord } from '../template-walk.js';
import { policyDocuments } from './policy-schema.js';

export const W2511 = cfnLintRule({
  id: 'W2511',
  severity: 'warning',
  shortDescription: 'Check IAM Resource Policies syntax',
  description: "Policy documents use Version '2012-10-17'.",
  tags: ['resources', 'iam'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const kind of ['identity', 'trust', 'resource'] as const) {
      for (const { doc, path } of policyDocuments(ctx, kind)) {
        if (isRecord(doc) && doc.Version === '2008-10-17') out.push({ path: [...path, 'Version'], message: "IAM Policy Version should be updated to '2012-10-17'" });
      }
    }
    return out;
  },
});
