// Parse failures come from the template reader's diagnostics; this entry carries the metadata.
import { cfnLintRule } from '../define.js';

export const E0000 = cfnLintRule({
  id: 'E0000',
  severity: 'error',
  shortDescription: 'Parsing error found when parsing the template',
  description: 'The template is not valid YAML or JSON, has duplicate keys, or uses an unknown tag.',
  tags: ['base'],
  check: () => [],
});
