// cfn_nag F9: S3 Bucket policy should not allow Allow+NotPrincipal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsNotPrincipal } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F9 = cfnNagRule({
  id: 'F9',
  shortDescription: 'S3 Bucket policy should not allow Allow+NotPrincipal',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::BucketPolicy'], 'S3 Bucket policy should not allow Allow+NotPrincipal', (r) => allowsNotPrincipal(policyDocument(r))),
});
