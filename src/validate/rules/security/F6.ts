// cfn_nag F6: IAM role should not allow Allow+NotPrincipal in its trust policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotPrincipal } from './policy-document.js';
import { trustPolicy } from './iam-resources.js';

export const F6 = cfnNagRule({
  id: 'F6',
  shortDescription: 'IAM role should not allow Allow+NotPrincipal in its trust policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow Allow+NotPrincipal in its trust policy', (r) => allowsNotPrincipal(trustPolicy(r))),
});
