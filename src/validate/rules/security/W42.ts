// cfn_nag W42: Security Groups ingress with an ipProtocol of -1 found
import { cfnNagRule } from '../define.js';
import { flagRules, allProtocols } from './security-group-rules.js';

export const W42 = cfnNagRule({
  id: 'W42',
  shortDescription: 'Security Groups ingress with an ipProtocol of -1 found',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'ingress', 'Security Groups ingress with an ipProtocol of -1 found', (rule) => allProtocols(rule)),
});
