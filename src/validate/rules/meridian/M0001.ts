// A cfn_nag suppression must say why: an unexplained suppression hides a finding for good.
import { meridianRule } from '../define.js';
import { resourceSuppressions } from '../../suppressions.js';

export const M0001 = meridianRule({
  id: 'M0001',
  severity: 'warning',
  shortDescription: 'Suppression without a reason',
  description: 'Every entry of Metadata.cfn_nag.rules_to_suppress gives a non-empty reason.',
  tags: ['suppressions'],
  check({ body }) {
    const out = [];
    for (const list of resourceSuppressions(body).nag.values()) {
      for (const s of list) if (s.reason === undefined) out.push({ path: s.path, message: `Suppression of ${s.id} has no reason; say why the finding does not apply` });
    }
    return out;
  },
});
