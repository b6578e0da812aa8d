// cfn_nag W19: SNS Topic policy should not allow Allow+NotAction
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W19 = cfnNagRule({
  id: 'W19',
  shortDescription: 'SNS Topic policy should not allow Allow+NotAction',
  tags: ['security', 'sns'],
  check: (ctx) => flagResources(ctx, ['AWS::SNS::TopicPolicy'], 'SNS Topic policy should not allow Allow+NotAction', (r) => allowsNotAction(policyDocument(r))),
});
