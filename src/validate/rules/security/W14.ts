// cfn_nag W14: IAM role should not allow Allow+NotAction on trust permissions
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { trustPolicy } from './iam-resources.js';

export const W14 = cfnNagRule({
  id: 'W14',
  shortDescription: 'IAM role should not allow Allow+NotAction on trust permissions',
  tags: ['security', 'iam'],
  check: (ctx) => flagResources(ctx, ['AWS::IAM::Role'], 'IAM role should not allow Allow+NotAction on trust permissions', (r) => allowsNotAction(trustPolicy(r))),
});
