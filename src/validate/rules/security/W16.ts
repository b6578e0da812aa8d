// cfn_nag W16: IAM policy should not allow Allow+NotAction
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W16 = cfnNagRule({
  id: 'W16',
  shortDescription: 'IAM policy should not allow Allow+NotAction',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Policy'], 'IAM policy should not allow Allow+NotAction', (r) => allowsNotAction(policyDocument(r))),
});
