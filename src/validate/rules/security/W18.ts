// cfn_nag W18: SQS Queue policy should not allow Allow+NotAction
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W18 = cfnNagRule({
  id: 'W18',
  shortDescription: 'SQS Queue policy should not allow Allow+NotAction',
  tags: ['security', 'sqs'],
  check: (ctx) => flagResources(ctx, ['AWS::SQS::QueuePolicy'], 'SQS Queue policy should not allow Allow+NotAction', (r) => allowsNotAction(policyDocument(r))),
});
