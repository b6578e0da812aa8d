// cfn_nag F1: EBS volume should have server-side encryption enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F1 = cfnNagRule({
  id: 'F1',
  shortDescription: 'EBS volume should have server-side encryption enabled',
  tags: ['security', 'ec2'],
  check: (ctx) => flagResources(ctx, ['AWS::EC2::Volume'], 'EBS volume should have server-side encryption enabled', (r) => notTrue(r.props.Encrypted)),
});
