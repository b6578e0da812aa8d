// cfn_nag W90: ElasticsearchcDomain should be inside vpc, should specify VPCOptions
import { cfnNagRule } from '../define.js';
import { flagResources, isSet } from './flag.js';

export const W90 = cfnNagRule({
  id: 'W90',
  shortDescription: 'ElasticsearchcDomain should be inside vpc, should specify VPCOptions',
  tags: ['security', 'elasticsearch'],
  check: (ctx) => flagResources(ctx, ['AWS::Elasticsearch::Domain', 'AWS::OpenSearchService::Domain'], 'ElasticsearchcDomain should be inside vpc, should specify VPCOptions', (r) => !isSet(r.props.VPCOptions)),
});
