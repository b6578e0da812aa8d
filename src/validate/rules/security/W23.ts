// cfn_nag W23: IAM managed policy should not allow Allow+NotResource
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotResource } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W23 = cfnNagRule({
  id: 'W23',
  shortDescription: 'IAM managed policy should not allow Allow+NotResource',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::ManagedPolicy'], 'IAM managed policy should not allow Allow+NotResource', (r) => allowsNotResource(policyDocument(r))),
});
