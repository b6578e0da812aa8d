// cfn_nag F2: IAM role should not allow * action on its trust policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardAction } from './policy-document.js';
import { trustPolicy } from './iam-resources.js';

export const F2 = cfnNagRule({
  id: 'F2',
  shortDescription: 'IAM role should not allow * action on its trust policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow * action on its trust policy', (r) => allowsWildcardAction(trustPolicy(r))),
});
