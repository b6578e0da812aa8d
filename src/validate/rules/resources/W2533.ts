// A .zip deployment package runs on a managed runtime: without Handler and Runtime it cannot start.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';
import { isZipPackage } from './lambda-package.js';

export const W2533 = cfnLintRule({
  id: 'W2533',
  severity: 'warning',
  shortDescription: 'Check required properties for Lambda if the deployment package is a .zip file',
  description: 'Lambda functions deployed from a .zip package set Handler and Runtime.',
  tags: ['resources', 'lambda'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx, 'AWS::Lambda::Function')) {
      if (!isZipPackage(r)) continue;
      const missing = ['Handler', 'Runtime'].filter((k) => !(k in r.props));
      if (missing.length === 0) continue;
      const at = 'PackageType' in r.props ? 'PackageType' : 'Code';
      out.push({ path: [...r.path, 'Properties', at], message: `Properties [${missing.map((m) => `'${m}'`).join(', ')}] missing for zip file deployment at ${[...r.path, 'Properties'].join('/')}` });
    }
    return out;
  },
});
