// cfn_nag F18: SNS topic policy should not allow * principal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardPrincipal } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F18 = cfnNagRule({
  id: 'F18',
  shortDescription: 'SNS topic policy should not allow * principal',
  tags: ['security', 'sns'],
  check: (ctx) => flagResources(ctx, ['AWS::SNS::TopicPolicy'], 'SNS topic policy should not allow * principal', (r) => allowsWildcardPrincipal(policyDocument(r))),
});
