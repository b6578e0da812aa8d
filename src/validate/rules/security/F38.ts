// cfn_nag F38: IAM role should not allow * resource with PassRole action on its permissions policy
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsPassRoleOnAnyResource } from './policy-document.js';
import { inlinePolicyDocs } from './iam-resources.js';

export const F38 = cfnNagRule({
  id: 'F38',
  shortDescription: 'IAM role should not allow * resource with PassRole action on its permissions policy',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow * resource with PassRole action on its permissions policy', (r) => inlinePolicyDocs(r).some(allowsPassRoleOnAnyResource)),
});
