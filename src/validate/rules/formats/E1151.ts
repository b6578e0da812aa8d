// Validate VPC id format: a malformed literal id fails only at deploy time.
import { cfnLintRule } from '../define.js';
import { badIds, FORMATS } from './id-format.js';

export const E1151 = cfnLintRule({
  id: 'E1151',
  severity: 'error',
  shortDescription: 'Validate VPC id format',
  description: 'VPC ids written as literals look like vpc-xxxxxxxx.',
  tags: ['resources', 'format'],
  check: (ctx) => badIds(ctx, FORMATS.E1151 as (typeof FORMATS)[string]),
});
