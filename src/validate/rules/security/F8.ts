// cfn_nag F8: SNS Topic policy should not allow Allow+NotPrincipal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotPrincipal } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F8 = cfnNagRule({
  id: 'F8',
  shortDescription: 'SNS Topic policy should not allow Allow+NotPrincipal',
  tags: ['security', 'sns'],
  check: (ctx) => flagResources(ctx, ['AWS::SNS::TopicPolicy'], 'SNS Topic policy should not allow Allow+NotPrincipal', (r) => allowsNotPrincipal(policyDocument(r))),
});
