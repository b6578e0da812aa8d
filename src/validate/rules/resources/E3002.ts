// Resource properties are invalid: checked against the resource spec (see property-check.ts),
// and IPv4 networks where the provider schema's format asks for one (property-constraints.ts).
import { cfnLintRule } from '../define.js';
import { propertyFindings } from './property-check.js';
import { constraintFindings } from './property-constraints.js';

export const E3002 = cfnLintRule({
  id: 'E3002',
  severity: 'error',
  shortDescription: 'Resource properties are invalid',
  description: 'Properties are ones the resource type (or property type) defines.',
  tags: ['resources', 'properties'],
  check: (ctx) => [...propertyFindings(ctx, 'E3002'), ...constraintFindings(ctx, 'E3002')],
});
