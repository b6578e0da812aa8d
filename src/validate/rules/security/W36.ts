// cfn_nag W36: Security group rules without a description obscure their purpose and may lead to bad practices in ensuring they only allow traffic from the ports and sources/destinations required.
import { cfnNagRule } from '../define.js';
import { flagRules } from './security-group-rules.js';

export const W36 = cfnNagRule({
  id: 'W36',
  shortDescription: 'Security group rules without a description obscure their purpose and may lead to bad practices in ensuring they only allow traffic from the ports and sources/destinations required.',
  tags: ['security', 'ec2', 'security-group'],
  check: (ctx) => flagRules(ctx, 'any', 'Security group rules without a description obscure their purpose and may lead to bad practices in ensuring they only allow traffic from the ports and sources/destinations required.', (rule) => rule.Description === undefined, false),
});
