// Validate AMI id format: a malformed literal id fails only at deploy time.
import { cfnLintRule } from '../define.js';
import { badIds, FORMATS } from './id-format.js';

export const E1152 = cfnLintRule({
  id: 'E1152',
  severity: 'error',
  shortDescription: 'Validate AMI id format',
  description: 'AMI ids written as literals look like ami-xxxxxxxx.',
  tags: ['resources', 'format'],
  check: (ctx) => badIds(ctx, FORMATS.E1152 as (typeof FORMATS)[string]),
});
