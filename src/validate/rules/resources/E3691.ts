// A DB instance names an engine RDS has and a version of that engine RDS offers.
import { cfnLintRule } from '../define.js';
import { engineVersionFindings } from './rds-engines-check.js';

export const E3691 = cfnLintRule({
  id: 'E3691',
  severity: 'error',
  shortDescription: 'Validate DB Instance Engine and Engine Version',
  description: 'Engine is one RDS offers, and EngineVersion one of that engine’s versions.',
  tags: ['resources'],
  check: engineVersionFindings,
});
