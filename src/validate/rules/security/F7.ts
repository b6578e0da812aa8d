// cfn_nag F7: SQS Queue policy should not allow Allow+NotPrincipal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotPrincipal } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F7 = cfnNagRule({
  id: 'F7',
  shortDescription: 'SQS Queue policy should not allow Allow+NotPrincipal',
  tags: ['security', 'sqs'],
  check: (ctx) => flagResources(ctx, ['AWS::SQS::QueuePolicy'], 'SQS Queue policy should not allow Allow+NotPrincipal', (r) => allowsNotPrincipal(policyDocument(r))),
});
