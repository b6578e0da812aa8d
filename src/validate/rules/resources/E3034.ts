// Numbers fall within the range the resource provider schema gives (an Iops below 100 fails).
import { cfnLintRule } from '../define.js';
import { constraintFindings } from './property-constraints.js';

export const E3034 = cfnLintRule({
  id: 'E3034',
  severity: 'error',
  shortDescription: 'Check if a number is between min and max',
  description: 'Literal numbers respect the minimum and maximum of the resource provider schema.',
  tags: ['resources', 'properties', 'number'],
  check: (ctx) => constraintFindings(ctx, 'E3034'),
});
