// An alias record takes its TTL from the target; TTL and ResourceRecords are not allowed with it.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { recordSets } from './route53-records.js';

export const E3029 = cfnLintRule({
  id: 'E3029',
  severity: 'error',
  shortDescription: 'Validate Route53 record set aliases',
  description: 'A record set with AliasTarget has no TTL and no ResourceRecords.',
  tags: ['resources', 'route53'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const s of recordSets(ctx)) {
      if (!('AliasTarget' in s.props)) continue;
      for (const k of ['TTL', 'ResourceRecords']) if (k in s.props) out.push({ path: [...s.path, k], message: `Additional properties are not allowed ('${k}' was unexpected)` });
    }
    return out;
  },
});
