// Resource type is from a service in maintenance mode (see service-lifecycle.ts for the services and dates).
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';
import { lifecycleMessage, lifecycleOf } from './service-lifecycle.js';

export const W3697 = cfnLintRule({
  id: 'W3697',
  severity: 'warning',
  shortDescription: 'Resource type is from a service in maintenance mode',
  description: 'Resource types of services in maintenance mode (no new features, may be retired).',
  tags: ['resources', 'lifecycle'],
  check(ctx) {
    const out = [];
    for (const r of resourcesOf(ctx)) {
      const l = lifecycleOf(r.type);
      if (l?.rule === 'W3697') out.push({ path: [...r.path, 'Properties'], message: lifecycleMessage(r.type, l) });
    }
    return out;
  },
});
