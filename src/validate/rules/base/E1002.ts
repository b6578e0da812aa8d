// Template size limit: the template reader checks it while reading (src/template), so this entry only carries
// the metadata for listings, suppressions and SARIF.
import { cfnLintRule } from '../define.js';

export const E1002 = cfnLintRule({
  id: 'E1002',
  severity: 'error',
  shortDescription: 'Template size limit',
  description: 'The template is at most 1,000,000 bytes (51,200 in a request body); reported by the template reader.',
  tags: ['limits'],
  check: () => [],
});
