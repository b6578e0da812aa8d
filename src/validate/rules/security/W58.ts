// cfn_nag W58: a Lambda function whose role cannot write CloudWatch Logs runs blind.
import type { RuleContext } from '../../types.js';
import { cfnNagRule } from '../define.js';
import { isRecord, type ResourceEntry } from '../template-walk.js';
import { flagResources } from './flag.js';
import { inlinePolicyDocs } from './iam-resources.js';
import { actionCovers, statementsOf } from './policy-document.js';

/** AWS managed policies that grant logs:CreateLogStream and logs:PutLogEvents. */
const LOGGING_POLICIES = [
  'AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaExecute', 'AWSLambdaDynamoDBExecutionRole',
  'AWSLambdaKinesisExecutionRole', 'AWSLambdaSQSQueueExecutionRole', 'CloudWatchLogsFullAccess',
];
const NEEDED = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const MESSAGE = 'Lambda functions require permission to write CloudWatch Logs';

function roleOf(ctx: RuleContext, v: unknown): ResourceEntry | undefined {
  const id = isRecord(v) ? (typeof v.Ref === 'string' ? v.Ref : Array.isArray(v['Fn::GetAtt']) ? v['Fn::GetAtt'][0] : undefined) : undefined;
  const res = typeof id === 'string' && isRecord(ctx.body.Resources) ? ctx.body.Resources[id] : undefined;
  if (!isRecord(res) || res.Type !== 'AWS::IAM::Role') return undefined;
  return { id: id as string, type: res.Type, raw: res, props: isRecord(res.Properties) ? res.Properties : {}, path: ['Resources', id as string] };
}

function canLog(role: ResourceEntry): boolean {
  const managed = Array.isArray(role.props.ManagedPolicyArns) ? role.props.ManagedPolicyArns : [];
  if (managed.some((a) => typeof a === 'string' && LOGGING_POLICIES.some((p) => a.endsWith(`/${p}`)))) return true;
  const allowed = inlinePolicyDocs(role).flatMap((d) => statementsOf(d).filter((s) => s.effect === 'Allow').flatMap((s) => s.actions));
  return NEEDED.every((n) => allowed.some((a) => actionCovers(a, n)));
}

export const W58 = cfnNagRule({
  id: 'W58',
  shortDescription: MESSAGE,
  tags: ['security', 'lambda', 'logging'],
  check: (ctx) =>
    flagResources(ctx, ['AWS::Lambda::Function'], MESSAGE, (r) => {
      const role = roleOf(ctx, r.props.Role);
      return role === undefined || !canLog(role);
    }),
});
