// A password parameter without NoEcho is shown in the console; a literal password is in the template.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { passwordUses, refParameter } from './password-properties.js';

const noEcho = (p: Record<string, unknown>) => p.NoEcho === true || (typeof p.NoEcho === 'string' && p.NoEcho.toLowerCase() === 'true');

export const W2501 = cfnLintRule({
  id: 'W2501',
  severity: 'warning',
  shortDescription: 'Check if Password Properties are correctly configured',
  description: 'Parameters used as passwords are NoEcho; literal passwords use a secure dynamic reference.',
  tags: ['parameters', 'passwords', 'security'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const u of passwordUses(ctx)) {
      const param = refParameter(ctx, u.value);
      if (param && !noEcho(param[1])) out.push({ path: ['Parameters', param[0]], message: `Parameter ${param[0]} used as ${u.property}, therefore NoEcho should be True` });
      if (typeof u.value === 'string' && !/\{\{resolve:(ssm-secure|secretsmanager):/.test(u.value)) {
        out.push({ path: u.path, message: `Password should use a secure dynamic reference for ${u.path.join('/')}` });
      }
    }
    return out;
  },
});
