// Outputs limit: the template reader checks it while reading (src/template), so this entry only carries
// the metadata for listings, suppressions and SARIF.
import { cfnLintRule } from '../define.js';

export const E6010 = cfnLintRule({
  id: 'E6010',
  severity: 'error',
  shortDescription: 'Outputs limit',
  description: 'A template has at most 200 outputs; reported by the template reader.',
  tags: ['limits'],
  check: () => [],
});
