// Resource type is from a service that has been shut down (see service-lifecycle.ts for the services and dates).
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';
import { lifecycleMessage, lifecycleOf } from './service-lifecycle.js';

export const E3710 = cfnLintRule({
  id: 'E3710',
  severity: 'error',
  shortDescription: 'Resource type is from a service that has been shut down',
  description: 'Resource types of services AWS has shut down cannot be deployed.',
  tags: ['resources', 'lifecycle'],
  check(ctx) {
    const out = [];
    for (const r of resourcesOf(ctx)) {
      const l = lifecycleOf(r.type);
      if (l?.rule === 'E3710') out.push({ path: [...r.path, 'Properties'], message: lifecycleMessage(r.type, l) });
    }
    return out;
  },
});
