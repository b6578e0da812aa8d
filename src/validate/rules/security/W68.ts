// cfn_nag W68: AWS::ApiGateway::Deployment resources should be associated with an AWS::ApiGateway::UsagePlan.
import type { RuleContext } from '../../types.js';
import { cfnNagRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';
import { flagResources } from './flag.js';

/** The APIs some AWS::ApiGateway::UsagePlan of the template covers (ApiStages[].ApiId, as JSON). */
function usagePlanApis(ctx: RuleContext): Set<string> {
  const out = new Set<string>();
  for (const p of resourcesOf(ctx, 'AWS::ApiGateway::UsagePlan')) {
    for (const s of Array.isArray(p.props.ApiStages) ? p.props.ApiStages : []) if (isRecord(s)) out.add(JSON.stringify(s.ApiId));
  }
  return out;
}

export const W68 = cfnNagRule({
  id: 'W68',
  shortDescription: 'AWS::ApiGateway::Deployment resources should be associated with an AWS::ApiGateway::UsagePlan.',
  tags: ['security', 'apigateway'],
  check: (ctx) => flagResources(ctx, ['AWS::ApiGateway::Deployment'], 'AWS::ApiGateway::Deployment resources should be associated with an AWS::ApiGateway::UsagePlan.', (r, ctx) => !usagePlanApis(ctx).has(JSON.stringify(r.props.RestApiId))),
});
