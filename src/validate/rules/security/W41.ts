// cfn_nag W41: S3 Bucket should have encryption option set
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W41 = cfnNagRule({
  id: 'W41',
  shortDescription: 'S3 Bucket should have encryption option set',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::Bucket'], 'S3 Bucket should have encryption option set', (r) => !isSet(r.props.BucketEncryption)),
});
