// cfn_nag F39: IAM policy should not allow * resource with PassRole action
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsPassRoleOnAnyResource } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F39 = cfnNagRule({
  id: 'F39',
  shortDescription: 'IAM policy should not allow * resource with PassRole action',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Policy'], 'IAM policy should not allow * resource with PassRole action', (r) => allowsPassRoleOnAnyResource(policyDocument(r))),
});
