// Strings that do not match the service's pattern fail at deploy time (names, ARNs).
import { cfnLintRule } from '../define.js';
import { constraintFindings } from './property-constraints.js';

export const E3031 = cfnLintRule({
  id: 'E3031',
  severity: 'error',
  shortDescription: 'Check if property values adhere to a specific pattern',
  description: 'Literal strings match the pattern of the resource provider schema.',
  tags: ['resources', 'properties', 'pattern'],
  check: (ctx) => constraintFindings(ctx, 'E3031'),
});
