// cfn_nag F40: IAM managed policy should not allow a * resource with PassRole action
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsPassRoleOnAnyResource } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F40 = cfnNagRule({
  id: 'F40',
  shortDescription: 'IAM managed policy should not allow a * resource with PassRole action',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::ManagedPolicy'], 'IAM managed policy should not allow a * resource with PassRole action', (r) => allowsPassRoleOnAnyResource(policyDocument(r))),
});
