// cfn_nag F28: Redshift Cluster should have encryption enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';

export const F28 = cfnNagRule({
  id: 'F28',
  shortDescription: 'Redshift Cluster should have encryption enabled',
  tags: ['security', 'redshift'],
  check: (ctx) => flagResources(ctx, ['AWS::Redshift::Cluster'], 'Redshift Cluster should have encryption enabled', (r) => notTrue(r.props.Encrypted)),
});
