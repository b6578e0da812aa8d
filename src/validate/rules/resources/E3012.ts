// Check resource properties values: checked against the resource spec (see property-check.ts).
import { cfnLintRule } from '../define.js';
import { propertyFindings } from './property-check.js';

export const E3012 = cfnLintRule({
  id: 'E3012',
  severity: 'error',
  shortDescription: 'Check resource properties values',
  description: 'Property values have the type the resource spec gives them (string, number, boolean, list, object).',
  tags: ['resources', 'properties'],
  check: (ctx) => propertyFindings(ctx, 'E3012'),
});
