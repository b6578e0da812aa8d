// A secret passed as a parameter ends up in change sets and console history; dynamic references
// do not. cfn-lint checks a fixed list of secret-holding properties, and only a Ref standing
// there directly or through Fn::If (inside Join or Sub the parameter is only part of the value).
import type { TemplatePath } from '../../../template/index.js';
import type { RuleFinding } from '../../types.js';
import { cfnLintRule } from '../define.js';
import { isRecord, resourcesOf } from '../template-walk.js';

/** Secret properties by resource type, as paths under Properties (`*` for each list item). */
const SECRETS: Record<string, string[][]> = {
  'AWS::DirectoryService::MicrosoftAD': [['Password']],
  'AWS::DirectoryService::SimpleAD': [['Password']],
  'AWS::ElastiCache::ReplicationGroup': [['AuthToken']],
  'AWS::IAM::User': [['LoginProfile', 'Password']],
  'AWS::KinesisFirehose::DeliveryStream': [['RedshiftDestinationConfiguration', 'Password']],
  'AWS::OpsWorks::App': [['AppSource', 'Password']],
  'AWS::OpsWorks::Stack': [['RdsDbInstances', '*', 'DbPassword'], ['CustomCookbooksSource', 'Password']],
  'AWS::RDS::DBCluster': [['MasterUserPassword']],
  'AWS::RDS::DBInstance': [['MasterUserPassword']],
  'AWS::Redshift::Cluster': [['MasterUserPassword']],
};

/** Calls `at` for each value found at `steps` below `v`, looking through Fn::If branches. */
function valuesAt(v: unknown, steps: readonly string[], path: TemplatePath, at: (v: unknown, p: TemplatePath) => void): void {
  const args = isRecord(v) ? v['Fn::If'] : undefined;
  if (Array.isArray(args) && args.length === 3 && Object.keys(v as object).length === 1) {
    for (const i of [1, 2]) valuesAt(args[i], steps, [...path, 'Fn::If', i], at);
    return;
  }
  const [step, ...rest] = steps;
  if (step === undefined) return at(v, path);
  if (step === '*') {
    if (Array.isArray(v)) v.forEach((x, i) => valuesAt(x, rest, [...path, i], at));
    return;
  }
  if (isRecord(v) && step in v) valuesAt(v[step], rest, [...path, step], at);
}

export const W1011 = cfnLintRule({
  id: 'W1011',
  severity: 'warning',
  shortDescription: 'Instead of REFing a parameter for a secret use a dynamic reference',
  description: 'Secret properties take {{resolve:secretsmanager:...}} or {{resolve:ssm-secure:...}} rather than a parameter.',
  tags: ['functions', 'dynamic reference', 'ref'],
  check(ctx) {
    const params = isRecord(ctx.body.Parameters) ? ctx.body.Parameters : {};
    const out: RuleFinding[] = [];
    for (const r of resourcesOf(ctx, ...Object.keys(SECRETS))) {
      for (const steps of SECRETS[r.type] ?? []) {
        valuesAt(r.props, steps, [...r.path, 'Properties'], (v, p) => {
          if (isRecord(v) && Object.keys(v).length === 1 && typeof v.Ref === 'string' && v.Ref in params) {
            out.push({ path: [...p, 'Ref'], message: 'Use dynamic references over parameters for secrets' });
          }
        });
      }
    }
    return out;
  },
});
