// cfn_nag W31: S3 Bucket likely should not have a public read acl
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

export const W31 = cfnNagRule({
  id: 'W31',
  shortDescription: 'S3 Bucket likely should not have a public read acl',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::Bucket'], 'S3 Bucket likely should not have a public read acl', (r) => r.props.AccessControl === 'PublicRead'),
});
