// cfn_nag W37: EBS Volume should specify a KmsKeyId value
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W37 = cfnNagRule({
  id: 'W37',
  shortDescription: 'EBS Volume should specify a KmsKeyId value',
  tags: ['security', 'ec2'],
  check: (ctx) => flagResources(ctx, ['AWS::EC2::Volume'], 'EBS Volume should specify a KmsKeyId value', (r) => !isSet(r.props.KmsKeyId)),
});
