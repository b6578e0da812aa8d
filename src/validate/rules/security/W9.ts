// cfn_nag W9: Security Groups found with ingress cidr that is not /32
import { cfnNagRule } from '../define.js';
import { flagRules } from './security-group-rules.js';

export const W9 = cfnNagRule({
  id: 'W9',
  shortDescription: 'Security Groups found with ingress cidr that is not /32',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'ingress', 'Security Groups found with ingress cidr that is not /32', (rule) => (typeof rule.CidrIp === 'string' && !rule.CidrIp.endsWith('/32')) || (typeof rule.CidrIpv6 === 'string' && !rule.CidrIpv6.endsWith('/128'))),
});
