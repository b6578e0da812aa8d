// cfn_nag W63: EMR Cluster should specify SecurityConfiguration.
import { cfnNagRule } from '../define.js';
import { flagResources, refersToType } from './flag.js';

export const W63 = cfnNagRule({
  id: 'W63',
  shortDescription: 'EMR Cluster should specify SecurityConfiguration.',
  tags: ['security', 'emr'],
  check: (ctx) => flagResources(ctx, ['AWS::EMR::Cluster'], 'EMR Cluster should specify SecurityConfiguration.', (r, ctx) => !refersToType(ctx, r.props.SecurityConfiguration, 'AWS::EMR::SecurityConfiguration')),
});
