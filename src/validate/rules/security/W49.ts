// cfn_nag W49: Kinesis Stream should specify StreamEncryption. EncryptionType should be KMS and specify KMS Key Id.
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W49 = cfnNagRule({
  id: 'W49',
  shortDescription: 'Kinesis Stream should specify StreamEncryption. EncryptionType should be KMS and specify KMS Key Id.',
  tags: ['security', 'kinesis'],
  check: (ctx) => flagResources(ctx, ['AWS::Kinesis::Stream'], 'Kinesis Stream should specify StreamEncryption. EncryptionType should be KMS and specify KMS Key Id.', (r) => !isSet(r.props.StreamEncryption)),
});
