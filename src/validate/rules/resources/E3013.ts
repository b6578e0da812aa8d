// CloudFront aliases are lower-case DNS names, optionally starting with a wildcard label.
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

const NO_INNER_WILDCARD = /^(?!.*(?:\.\*\.)).*/;
const DNS_NAME = /^(?:[a-z0-9*](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

export const E3013 = cfnLintRule({
  id: 'E3013',
  severity: 'error',
  shortDescription: 'CloudFront Aliases',
  description: 'CloudFront distribution aliases are valid lower-case domain names (a wildcard only as the first label).',
  tags: ['resources', 'cloudfront'],
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx, 'AWS::CloudFront::Distribution')) {
      const config = r.props.DistributionConfig;
      const aliases = isRecord(config) ? config.Aliases : undefined;
      if (!Array.isArray(aliases)) continue;
      aliases.forEach((a, i) => {
        // Dynamic references are resolved at deploy time.
        if (typeof a !== 'string' || a.startsWith('{{resolve:')) return;
        const path = [...r.path, 'Properties', 'DistributionConfig', 'Aliases', i];
        if (!NO_INNER_WILDCARD.test(a) || /\.\*\./.test(a)) out.push({ path, message: `'${a}' does not match '^(?!.*(?:\\.\\*\\.)).*'` });
        else if (!DNS_NAME.test(a)) out.push({ path, message: `'${a}' does not match '${DNS_NAME.source}'` });
      });
    }
    return out;
  },
});
