// cfn_nag W88: Kinesis Firehose DeliveryStream of type DirectPut should specify SSE.
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W88 = cfnNagRule({
  id: 'W88',
  shortDescription: 'Kinesis Firehose DeliveryStream of type DirectPut should specify SSE.',
  tags: ['security', 'kinesisfirehose'],
  check: (ctx) => flagResources(ctx, ['AWS::KinesisFirehose::DeliveryStream'], 'Kinesis Firehose DeliveryStream of type DirectPut should specify SSE.', (r) => (r.props.DeliveryStreamType === undefined || r.props.DeliveryStreamType === 'DirectPut') && !isSet(r.props.DeliveryStreamEncryptionConfigurationInput)),
});
