// Parameters limit: the template reader checks it while reading (src/template), so this entry only carries
// the metadata for listings, suppressions and SARIF.
import { cfnLintRule } from '../define.js';

export const E2010 = cfnLintRule({
  id: 'E2010',
  severity: 'error',
  shortDescription: 'Parameters limit',
  description: 'A template has at most 200 parameters; reported by the template reader.',
  tags: ['limits'],
  check: () => [],
});
