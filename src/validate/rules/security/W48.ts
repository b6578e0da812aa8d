// cfn_nag W48: SQS Queue should specify KmsMasterKeyId property
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W48 = cfnNagRule({
  id: 'W48',
  shortDescription: 'SQS Queue should specify KmsMasterKeyId property',
  tags: ['security', 'sqs'],
  check: (ctx) => flagResources(ctx, ['AWS::SQS::Queue'], 'SQS Queue should specify KmsMasterKeyId property', (r) => !isSet(r.props.KmsMasterKeyId)),
});
