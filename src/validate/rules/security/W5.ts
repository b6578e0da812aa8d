// cfn_nag W5: Security Groups found with cidr open to world on egress
import { cfnNagRule } from '../define.js';
import { flagRules, isOpenToWorld } from './security-group-rules.js';

export const W5 = cfnNagRule({
  id: 'W5',
  shortDescription: 'Security Groups found with cidr open to world on egress',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'egress', 'Security Groups found with cidr open to world on egress', (rule) => isOpenToWorld(rule)),
});
