// cfn_nag W20: S3 Bucket policy should not allow Allow+NotAction
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const W20 = cfnNagRule({
  id: 'W20',
  shortDescription: 'S3 Bucket policy should not allow Allow+NotAction',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::BucketPolicy'], 'S3 Bucket policy should not allow Allow+NotAction', (r) => allowsNotAction(policyDocument(r))),
});
