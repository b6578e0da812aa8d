// cfn_nag W28: an explicit name blocks updates that need replacement (two resources cannot share it).
import { cfnNagRule } from '../define.js';
import { flagResources } from './flag.js';

/** The property that names each type, for the types cfn_nag checks. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::ApiGateway::ApiKey': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::CodeDeploy::DeploymentConfig': 'DeploymentConfigName',
  'AWS::CodeDeploy::DeploymentGroup': 'DeploymentGroupName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::EC2::SecurityGroup': 'GroupName',
  'AWS::ECR::Repository': 'RepositoryName',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'Name',
  'AWS::Elasticsearch::Domain': 'DomainName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::RDS::DBInstance': 'DBInstanceIdentifier',
};

const MESSAGE = 'Resource found with an explicit name, this disallows updates that require replacement of this resource';

export const W28 = cfnNagRule({
  id: 'W28',
  shortDescription: MESSAGE,
  tags: ['security', 'naming'],
  check: (ctx) =>
    // Even an empty name counts: cfn_nag flags the property being set at all.
    flagResources(ctx, Object.keys(NAME_PROPERTY), MESSAGE, (r) => r.props[NAME_PROPERTY[r.type] as string] !== undefined),
});
