// Identity policies (roles, users, groups, IAM policies) are well-formed IAM policy documents.
import { cfnLintRule } from '../define.js';
import { usesSam } from '../template-walk.js';
import { policyFindings } from './policy-schema.js';

export const E3510 = cfnLintRule({
  id: 'E3510',
  severity: 'error',
  shortDescription: 'Validate identity based IAM polices',
  description: 'Identity policy documents have a Version, Statements with Effect, one of Action/NotAction and Resource/NotResource, valid ARNs, and no Principal.',
  tags: ['resources', 'iam'],
  check: (ctx) => (usesSam(ctx.body) ? [] : policyFindings(ctx, 'identity')),
});
