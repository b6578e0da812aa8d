// Validate VPC subnet id format: a malformed literal id fails only at deploy time.
import { cfnLintRule } from '../define.js';
import { badIds, FORMATS } from './id-format.js';

export const E1154 = cfnLintRule({
  id: 'E1154',
  severity: 'error',
  shortDescription: 'Validate VPC subnet id format',
  description: 'Subnet ids written as literals look like subnet-xxxxxxxx.',
  tags: ['resources', 'format'],
  check: (ctx) => badIds(ctx, FORMATS.E1154 as (typeof FORMATS)[string]),
});
