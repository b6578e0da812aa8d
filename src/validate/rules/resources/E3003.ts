// Required Resource properties are missing: checked against the resource spec (see property-check.ts).
import { cfnLintRule } from '../define.js';
import { propertyFindings } from './property-check.js';

export const E3003 = cfnLintRule({
  id: 'E3003',
  severity: 'error',
  shortDescription: 'Required Resource properties are missing',
  description: 'Properties the resource spec marks as required are present.',
  tags: ['resources', 'properties'],
  check: (ctx) => propertyFindings(ctx, 'E3003'),
});
