// A resource type the resource spec does not know fails at deploy time (usually a typo).
import { resourceSpec } from '../../../template/index.js';
import { cfnLintRule } from '../define.js';
import { resourcesOf, usesSam } from '../template-walk.js';

export const E3006 = cfnLintRule({
  id: 'E3006',
  severity: 'error',
  shortDescription: 'Validate the CloudFormation resource type',
  description: 'Resource types exist (custom resources, SAM types under the SAM transform and modules excepted).',
  tags: ['resources'],
  regional: true,
  check(ctx) {
    const sam = usesSam(ctx.body);
    return resourcesOf(ctx)
      .filter((r) => r.type !== '' && r.type !== 'AWS::CDK::Metadata' && !r.type.startsWith('Custom::') && !r.type.endsWith('::MODULE') && !(sam && r.type.startsWith('AWS::Serverless::')) && /^[a-zA-Z0-9]+$/.test(r.id))
      .filter((r) => resourceSpec(r.type) === undefined)
      .map((r) => ({ path: [...r.path, 'Type'], message: `Resource type '${r.type}' does not exist in '${ctx.region}'` }));
  },
});
