// DeletionPolicy takes one of a few words; Snapshot only for types that can snapshot.
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';
import { checkPolicy } from './policy-values.js';

export const E3035 = cfnLintRule({
  id: 'E3035',
  severity: 'error',
  shortDescription: 'Check DeletionPolicy values for Resources',
  description: 'DeletionPolicy is Delete, Retain, RetainExceptOnCreate, or Snapshot where supported.',
  tags: ['resources', 'deletionpolicy'],
  check: (ctx) => resourcesOf(ctx).flatMap((r) => checkPolicy(r, 'DeletionPolicy', ['Delete', 'Retain', 'RetainExceptOnCreate'])),
});
