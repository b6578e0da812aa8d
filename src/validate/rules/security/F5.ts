// cfn_nag F5: IAM managed policy should not allow * action
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F5 = cfnNagRule({
  id: 'F5',
  shortDescription: 'IAM managed policy should not allow * action',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::ManagedPolicy'], 'IAM managed policy should not allow * action', (r) => allowsWildcardAction(policyDocument(r))),
});
