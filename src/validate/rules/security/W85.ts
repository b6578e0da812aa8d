// cfn_nag W85: ElasticsearchcDomain should have NodeToNodeEncryptionOptions enabled
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W85 = cfnNagRule({
  id: 'W85',
  shortDescription: 'ElasticsearchcDomain should have NodeToNodeEncryptionOptions enabled',
  tags: ['security', 'elasticsearch'],
  check: (ctx) => flagResources(ctx, ['AWS::Elasticsearch::Domain', 'AWS::OpenSearchService::Domain'], 'ElasticsearchcDomain should have NodeToNodeEncryptionOptions enabled', (r) => !isRecord(r.props.NodeToNodeEncryptionOptions) || notTrue(r.props.NodeToNodeEncryptionOptions.Enabled)),
});
