// cfn_nag W40: Security Groups egress with an IpProtocol of -1 found
import { cfnNagRule } from '../define.js';
import { allProtocols, flagRules, isLocalhost } from './security-group-rules.js';

export const W40 = cfnNagRule({
  id: 'W40',
  shortDescription: 'Security Groups egress with an IpProtocol of -1 found',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'egress', 'Security Groups egress with an IpProtocol of -1 found', (rule) => allProtocols(rule) && !isLocalhost(rule)),
});
