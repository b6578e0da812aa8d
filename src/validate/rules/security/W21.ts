// cfn_nag W21: IAM role should not allow Allow+NotResource
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotResource } from './policy-document.js';
import { inlinePolicyDocs } from './iam-resources.js';

export const W21 = cfnNagRule({
  id: 'W21',
  shortDescription: 'IAM role should not allow Allow+NotResource',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow Allow+NotResource', (r) => inlinePolicyDocs(r).some(allowsNotResource)),
});
