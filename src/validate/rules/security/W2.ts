// cfn_nag W2: Security Groups found with cidr open to world on ingress. This should never be true on instance. Permissible on ELB
import { cfnNagRule } from '../define.js';
import { flagRules, isOpenToWorld } from './security-group-rules.js';

export const W2 = cfnNagRule({
  id: 'W2',
  shortDescription: 'Security Groups found with cidr open to world on ingress. This should never be true on instance. Permissible on ELB',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'ingress', 'Security Groups found with cidr open to world on ingress. This should never be true on instance. Permissible on ELB', (rule) => isOpenToWorld(rule)),
});
