// cfn_nag W27: Security Groups found ingress with port range instead of just a single port
import { cfnNagRule } from '../define.js';
import { flagRules, isPortRange } from './security-group-rules.js';

export const W27 = cfnNagRule({
  id: 'W27',
  shortDescription: 'Security Groups found ingress with port range instead of just a single port',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'ingress', 'Security Groups found ingress with port range instead of just a single port', (rule) => isPortRange(rule)),
});
