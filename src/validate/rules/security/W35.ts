// cfn_nag W35: S3 Bucket should have access logging configured
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W35 = cfnNagRule({
  id: 'W35',
  shortDescription: 'S3 Bucket should have access logging configured',
  tags: ['security', 's3'],
  check: (ctx) => flagResources(ctx, ['AWS::S3::Bucket'], 'S3 Bucket should have access logging configured', (r) => !isSet(r.props.LoggingConfiguration)),
});
