// Role trust policies are well-formed IAM policy documents with valid AWS principals.
import { cfnLintRule } from '../define.js';
import { usesSam } from '../template-walk.js';
import { policyFindings } from './policy-schema.js';

export const E3530 = cfnLintRule({
  id: 'E3530',
  severity: 'error',
  shortDescription: 'Validate IAM trust polices',
  description: 'AssumeRolePolicyDocument has Statements with Effect, one of Action/NotAction, and AWS principals that are accounts or IAM ARNs.',
  tags: ['resources', 'iam'],
  check: (ctx) => (usesSam(ctx.body) ? [] : policyFindings(ctx, 'trust')),
});
