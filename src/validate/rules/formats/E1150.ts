// Validate security group format: a malformed literal id fails only at deploy time.
import { cfnLintRule } from '../define.js';
import { badIds, FORMATS } from './id-format.js';

export const E1150 = cfnLintRule({
  id: 'E1150',
  severity: 'error',
  shortDescription: 'Validate security group format',
  description: 'Security group ids written as literals look like sg-xxxxxxxx.',
  tags: ['resources', 'format'],
  check: (ctx) => badIds(ctx, FORMATS.E1150 as (typeof FORMATS)[string]),
});
