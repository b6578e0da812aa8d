// Check if properties have a valid value: checked against the resource spec (see property-check.ts).
import { cfnLintRule } from '../define.js';
import { propertyFindings } from './property-check.js';

export const E3030 = cfnLintRule({
  id: 'E3030',
  severity: 'error',
  shortDescription: 'Check if properties have a valid value',
  description: 'Property values are among the values the resource spec allows.',
  tags: ['resources', 'properties'],
  check: (ctx) => propertyFindings(ctx, 'E3030'),
});
