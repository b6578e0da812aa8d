// Mappings limit: the template reader checks it while reading (src/template), so this entry only carries
// the metadata for listings, suppressions and SARIF.
import { cfnLintRule } from '../define.js';

export const E7010 = cfnLintRule({
  id: 'E7010',
  severity: 'error',
  shortDescription: 'Mappings limit',
  description: 'A template has at most 200 mappings; reported by the template reader.',
  tags: ['limits'],
  check: () => [],
});
