// cfn_nag F15: S3 Bucket policy should not allow * action
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { allowsWildcardAction } from './policy-document.js';
import { policyDocument } from './iam-resources.js';

export const F15 = cfnNagRule({
  id: 'F15',
  shortDescription: 'S3 Bucket policy should not allow * action',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::BucketPolicy'], 'S3 Bucket policy should not allow * action', (r) => allowsWildcardAction(policyDocument(r))),
});
