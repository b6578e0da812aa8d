// cfn_nag F16: S3 Bucket policy should not allow * principal
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardPrincipal } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F16 = cfnNagRule({
  id: 'F16',
  shortDescription: 'S3 Bucket policy should not allow * principal',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::BucketPolicy'], 'S3 Bucket policy should not allow * principal', (r) => allowsWildcardPrincipal(policyDocument(r))),
});
