// cfn_nag W13: IAM managed policy should not allow * resource
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardResource } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W13 = cfnNagRule({
  id: 'W13',
  shortDescription: 'IAM managed policy should not allow * resource',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::ManagedPolicy'], 'IAM managed policy should not allow * resource', (r) => allowsWildcardResource(policyDocument(r))),
});
