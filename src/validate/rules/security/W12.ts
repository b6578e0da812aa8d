// cfn_nag W12: IAM policy should not allow * resource
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardResource } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W12 = cfnNagRule({
  id: 'W12',
  shortDescription: 'IAM policy should not allow * resource',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Policy'], 'IAM policy should not allow * resource', (r) => allowsWildcardResource(policyDocument(r))),
});
