// cfn_nag W47: SNS Topic should specify KmsMasterKeyId property
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W47 = cfnNagRule({
  id: 'W47',
  shortDescription: 'SNS Topic should specify KmsMasterKeyId property',
  tags: ['security', 'sns'],
  check: (ctx) => flagResources(ctx, ['AWS::SNS::Topic'], 'SNS Topic should specify KmsMasterKeyId property', (r) => !isSet(r.props.KmsMasterKeyId)),
});
