// cfn_nag W79: ECR Repository should have ScanOnPush enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W79 = cfnNagRule({
  id: 'W79',
  shortDescription: 'ECR Repository should have ScanOnPush enabled',
  tags: ['security', 'ecr'],
  check: (ctx) => flagResources(ctx, ['AWS::ECR::Repository'], 'ECR Repository should have ScanOnPush enabled', (r) => !isRecord(r.props.ImageScanningConfiguration) || notTrue(r.props.ImageScanningConfiguration.ScanOnPush)),
});
