// cfn_nag F3: IAM role should not allow * action on its permissions policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardAction } from './policy-document.js';
import { inlinePolicyDocs } from './iam-resources.js';

export const F3 = cfnNagRule({
  id: 'F3',
  shortDescription: 'IAM role should not allow * action on its permissions policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow * action on its permissions policy', (r) => inlinePolicyDocs(r).some(allowsWildcardAction)),
});
