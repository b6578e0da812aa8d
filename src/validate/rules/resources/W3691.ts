// A DB instance does not ask for an engine version RDS has deprecated: creating it would fail.
import { cfnLintRule } from '../define.js';
import { deprecatedVersionFindings } from './rds-engines-check.js';

export const W3691 = cfnLintRule({
  id: 'W3691',
  severity: 'warning',
  shortDescription: 'Validate DB Instance Engine Version is not deprecated',
  description: 'EngineVersion is not one RDS has deprecated for the engine (new instances cannot use it).',
  tags: ['resources'],
  check: deprecatedVersionFindings,
});
