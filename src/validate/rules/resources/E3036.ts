// UpdateReplacePolicy takes one of a few words; Snapshot only for types that can snapshot.
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';
import { checkPolicy } from './policy-values.js';

export const E3036 = cfnLintRule({
  id: 'E3036',
  severity: 'error',
  shortDescription: 'Check UpdateReplacePolicy values for Resources',
  description: 'UpdateReplacePolicy is Delete, Retain, or Snapshot where supported.',
  tags: ['resources', 'updatereplacepolicy'],
  check: (ctx) => resourcesOf(ctx).flatMap((r) => checkPolicy(r, 'UpdateReplacePolicy', ['Delete', 'Retain'])),
});
