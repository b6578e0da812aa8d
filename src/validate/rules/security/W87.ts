// cfn_nag W87: ApiGateway Deployment should have cache data encryption enabled when caching is enabled in StageDescription properties
import { cfnNagRule } from '../define.js';
import { isRecord, isTrue } from '../template-walk.js';
import { flagResources, notTrue } from './flag.js';

export const W87 = cfnNagRule({
  id: 'W87',
  shortDescription: 'ApiGateway Deployment should have cache data encryption enabled when caching is enabled in StageDescription properties',
  tags: ['security', 'apigateway'],
  check: (ctx) => flagResources(ctx, ['AWS::ApiGateway::Deployment'], 'ApiGateway Deployment should have cache data encryption enabled when caching is enabled in StageDescription properties', (r) => isRecord(r.props.StageDescription) && isTrue(r.props.StageDescription.CachingEnabled) && notTrue(r.props.StageDescription.CacheDataEncrypted)),
});
