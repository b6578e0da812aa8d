// A secret passed as a parameter ends up in change sets and console history; dynamic references do not.
import { cfnLintRule } from '../define.js';
import { passwordUses, refParameter } from './password-properties.js';

export const W1011 = cfnLintRule({
  id: 'W1011',
  severity: 'warning',
  shortDescription: 'Instead of REFing a parameter for a secret use a dynamic reference',
  description: 'Password properties take {{resolve:secretsmanager:...}} or {{resolve:ssm-secure:...}} rather than a parameter.',
  tags: ['parameters', 'security'],
  check: (ctx) => passwordUses(ctx).filter((u) => refParameter(ctx, u.value)).map((u) => ({ path: u.path, message: 'Use dynamic references over parameters for secrets' })),
});
