// An instance profile holds exactly one role.
import { cfnLintRule } from '../define.js';
import { resourcesOf } from '../template-walk.js';

export const E3032 = cfnLintRule({
  id: 'E3032',
  severity: 'error',
  shortDescription: 'Check if a array has between min and max number of values specified',
  description: 'AWS::IAM::InstanceProfile Roles has one item.',
  tags: ['resources', 'iam'],
  check: (ctx) =>
    resourcesOf(ctx, 'AWS::IAM::InstanceProfile')
      .filter((r) => Array.isArray(r.props.Roles) && r.props.Roles.length > 1)
      .map((r) => ({ path: [...r.path, 'Properties', 'Roles'], message: `expected maximum item count: 1, found: ${(r.props.Roles as unknown[]).length}` })),
});
