// cfn_nag W11: IAM role should not allow * resource on its permissions policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardResource } from './policy-document.js';
import { inlinePolicyDocs } from './iam-resources.js';

export const W11 = cfnNagRule({
  id: 'W11',
  shortDescription: 'IAM role should not allow * resource on its permissions policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow * resource on its permissions policy', (r) => inlinePolicyDocs(r).some(allowsWildcardResource)),
});
