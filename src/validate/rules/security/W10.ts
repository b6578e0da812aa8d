// cfn_nag W10: CloudFront Distribution should enable access logging
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W10 = cfnNagRule({
  id: 'W10',
  shortDescription: 'CloudFront Distribution should enable access logging',
  tags: ['security', 'cloudfront'],
  check: (ctx) => flagResources(ctx, ['AWS::CloudFront::Distribution'], 'CloudFront Distribution should enable access logging', (r) => !isRecord(r.props.DistributionConfig) || !isSet(r.props.DistributionConfig.Logging)),
});
