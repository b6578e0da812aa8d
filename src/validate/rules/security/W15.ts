// cfn_nag W15: IAM role should not allow Allow+NotAction
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { inlinePolicyDocs } from './iam-resources.js';

export const W15 = cfnNagRule({
  id: 'W15',
  shortDescription: 'IAM role should not allow Allow+NotAction',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow Allow+NotAction', (r) => inlinePolicyDocs(r).some(allowsNotAction)),
});
