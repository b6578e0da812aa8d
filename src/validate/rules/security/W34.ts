// cfn_nag W34: Batch Job Definition Container Properties should not have Privileged set to true
import { cfnNagRule } from '../define.js';
import { isRecord, isTrue } from '../template-walk.js';
import { flagResources } from './flag.js';

export const W34 = cfnNagRule({
  id: 'W34',
  shortDescription: 'Batch Job Definition Container Properties should not have Privileged set to true',
  tags: ['security', 'batch'],
  check: (ctx) => flagResources(ctx, ['AWS::Batch::JobDefinition'], 'Batch Job Definition Container Properties should not have Privileged set to true', (r) => isRecord(r.props.ContainerProperties) && isTrue(r.props.ContainerProperties.Privileged)),
});
