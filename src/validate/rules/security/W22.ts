// cfn_nag W22: IAM policy should not allow Allow+NotResource
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotResource } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W22 = cfnNagRule({
  id: 'W22',
  shortDescription: 'IAM policy should not allow Allow+NotResource',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Policy'], 'IAM policy should not allow Allow+NotResource', (r) => allowsNotResource(policyDocument(r))),
});
