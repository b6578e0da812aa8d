// Resource type is from a service that is sunsetting (see service-lifecycle.ts for the services and dates).
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';
import { lifecycleMessage, lifecycleOf } from './service-lifecycle.js';

export const W3696 = cfnLintRule({
  id: 'W3696',
  severity: 'warning',
  shortDescription: 'Resource type is from a service that is sunsetting',
  description: 'Resource types of services with an announced end of support.',
  tags: ['resources', 'lifecycle'],
  check(ctx) {
    const out = [];
    for (const r of resourcesOf(ctx)) {
      const l = lifecycleOf(r.type);
      if (l?.rule === 'W3696') out.push({ path: [...r.path, 'Properties'], message: lifecycleMessage(r.type, l) });
    }
    return out;
  },
});
