// cfn_nag W54: ElasticsearchcDomain should specify EncryptionAtRestOptions
import { cfnNagRule } from '../define.js';
import { flagResources, notTrue } from './flag.js';
import { isRecord } from '../template-walk.js';

export const W54 = cfnNagRule({
  id: 'W54',
  shortDescription: 'ElasticsearchcDomain should specify EncryptionAtRestOptions',
  tags: ['security', 'elasticsearch'],
  check: (ctx) => flagResources(ctx, ['AWS::Elasticsearch::Domain', 'AWS::OpenSearchService::Domain'], 'ElasticsearchcDomain should specify EncryptionAtRestOptions', (r) => !isRecord(r.props.EncryptionAtRestOptions) || notTrue(r.props.EncryptionAtRestOptions.Enabled)),
});
