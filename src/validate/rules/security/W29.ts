// cfn_nag W29: Security Groups found egress with port range instead of just a single port
import { cfnNagRule } from '../define.js';
import { flagRules, isPortRange } from './security-group-rules.js';

export const W29 = cfnNagRule({
  id: 'W29',
  shortDescription: 'Security Groups found egress with port range instead of just a single port',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'egress', 'Security Groups found egress with port range instead of just a single port', (rule) => isPortRange(rule)),
});
