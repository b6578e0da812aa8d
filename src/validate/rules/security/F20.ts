// cfn_nag F20: SQS Queue policy should not allow * action
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F20 = cfnNagRule({
  id: 'F20',
  shortDescription: 'SQS Queue policy should not allow * action',
  tags: ['security', 'sqs'],
  check: (ctx) => flagResources(ctx, ['AWS::SQS::QueuePolicy'], 'SQS Queue policy should not allow * action', (r) => allowsWildcardAction(policyDocument(r))),
});
