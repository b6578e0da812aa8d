// cfn_nag W17: IAM managed policy should not allow Allow+NotAction
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W17 = cfnNagRule({
  id: 'W17',
  shortDescription: 'IAM managed policy should not allow Allow+NotAction',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::ManagedPolicy'], 'IAM managed policy should not allow Allow+NotAction', (r) => allowsNotAction(policyDocument(r))),
});
