// Retaining a resource on delete but not on replacement still loses it on an update.
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';

export const W3011 = cfnLintRule({
  id: 'W3011',
  severity: 'warning',
  shortDescription: 'Check resources with UpdateReplacePolicy/DeletionPolicy have both',
  description: 'A resource protected by DeletionPolicy also sets UpdateReplacePolicy, and the other way round.',
  tags: ['resources', 'updatereplacepolicy', 'deletionpolicy'],
  check(ctx) {
    const out = [];
    for (const r of resourcesOf(ctx)) {
      const del = r.raw.DeletionPolicy;
      const upd = r.raw.UpdateReplacePolicy;
      // Any value but Delete counts: a wrong value (E3035/E3036) was still meant to protect.
      const protectsDel = del !== undefined && del !== 'Delete';
      const protectsUpd = upd !== undefined && upd !== 'Delete';
      if ((protectsDel && upd === undefined) || (protectsUpd && del === undefined)) {
        out.push({ path: r.path, message: "Both 'UpdateReplacePolicy' and 'DeletionPolicy' are needed to protect resource from deletion" });
      }
    }
    return out;
  },
});
