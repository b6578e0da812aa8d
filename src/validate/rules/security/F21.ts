// cfn_nag F21: SQS Queue policy should not allow * principal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardPrincipal } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F21 = cfnNagRule({
  id: 'F21',
  shortDescription: 'SQS Queue policy should not allow * principal',
  tags: ['security', 'sqs'],
  check: (ctx) => flagResources(ctx, ['AWS::SQS::QueuePolicy'], 'SQS Queue policy should not allow * principal', (r) => allowsWildcardPrincipal(policyDocument(r))),
});
