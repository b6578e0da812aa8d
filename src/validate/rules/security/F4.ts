// cfn_nag F4: IAM policy should not allow * action
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F4 = cfnNagRule({
  id: 'F4',
  shortDescription: 'IAM policy should not allow * action',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Policy'], 'IAM policy should not allow * action', (r) => allowsWildcardAction(policyDocument(r))),
});
