// cfn_nag W33: EC2 Subnet should not have MapPublicIpOnLaunch set to true
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';
import { isTrue } from '../template-walk.js';

export const W33 = cfnNagRule({
  id: 'W33',
  shortDescription: 'EC2 Subnet should not have MapPublicIpOnLaunch set to true',
  tags: ['security', 'ec2'],
  check: (ctx) => flagResources(ctx, ['AWS::EC2::Subnet'], 'EC2 Subnet should not have MapPublicIpOnLaunch set to true', (r) => isTrue(r.props.MapPublicIpOnLaunch)),
});
