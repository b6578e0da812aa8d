// cfn_nag F14: S3 Bucket should not have a public read-write acl
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const F14 = cfnNagRule({
  id: 'F14',
  shortDescription: 'S3 Bucket should not have a public read-write acl',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::Bucket'], 'S3 Bucket should not have a public read-write acl', (r) => r.props.AccessControl === 'PublicReadWrite'),
});
