// Resources limit: the template reader checks it while reading (src/template), so this entry only carries
// the metadata for listings, suppressions and SARIF.
import { cfnLintRule } from '../define.js';

export const E3010 = cfnLintRule({
  id: 'E3010',
  severity: 'error',
  shortDescription: 'Resources limit',
  description: 'A template has at most 500 resources; reported by the template reader.',
  tags: ['limits'],
  check: () => [],
});
