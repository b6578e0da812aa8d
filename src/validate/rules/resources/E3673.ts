// An instance needs an AMI: ImageId, unless its launch template provides one.
import { cfnLintRule } from '../define.js';
import { intrinsicName, isRecord, resourcesOf } from '../template-walk.js';

export const E3673 = cfnLintRule({
  id: 'E3673',
  severity: 'error',
  shortDescription: 'Validate if an ImageId is required',
  description: 'AWS::EC2::Instance sets ImageId unless it uses a LaunchTemplate.',
  tags: ['resources', 'ec2'],
  check: (ctx) =>
    resourcesOf(ctx, 'AWS::EC2::Instance')
      .filter((r) => isRecord(r.raw.Properties) && intrinsicName(r.raw.Properties) === undefined && !('ImageId' in r.props) && !('LaunchTemplate' in r.props))
      .map((r) => ({ path: [...r.path, 'Properties'], message: "'ImageId' is a required property" })),
});
