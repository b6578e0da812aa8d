// The per-region artifact store: a versioned bucket encrypted with its own KMS key, in every region
// and account of the pipeline, deployed by one StackSet from the home region. Hand-kept pipelines
// create these with scripts; the bucket name is the one the cloud adapter derives
// (meridian-<pipeline>-<account>-<region>), so the Package stage finds it and never creates its own.
import { getAtt, ref, sub, type Resource, type Template } from './cfn.js';
import type { SynthPlan } from './plan.js';

/** The template every stack instance of the StackSet runs. */
export function artifactStoreTemplate(plan: SynthPlan): Template {
  const bucketName = `meridian-${plan.pipeline}-\${AWS::AccountId}-\${AWS::Region}`;
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `Meridian ${plan.pipeline}: artifact bucket and KMS key of one region (a StackSet instance)`,
    Resources: {
      ArtifactKey: {
        Type: 'AWS::KMS::Key',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          Description: sub(`Meridian ${plan.pipeline} artifacts in \${AWS::Region}`),
          EnableKeyRotation: true,
          // The account administers the key; IAM policies of its roles (deploy role, CloudFormation) grant its use.
          KeyPolicy: {
            Version: '2012-10-17',
            Statement: [{ Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') }, Action: 'kms:*', Resource: '*' }],
          },
        },
      },
      ArtifactKeyAlias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: `alias/meridian-${plan.pipeline}-artifacts`, TargetKeyId: ref('ArtifactKey') } },
      ArtifactBucket: {
        Type: 'AWS::S3::Bucket',
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: {
          BucketName: sub(bucketName),
          VersioningConfiguration: { Status: 'Enabled' },
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt('ArtifactKey', 'Arn') }, BucketKeyEnabled: true }] },
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          // Old template versions are what Revert redeploys; keep them a while, not forever.
          LifecycleConfiguration: { Rules: [{ Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } }] },
        },
      },
      ArtifactBucketPolicy: {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: ref('ArtifactBucket'),
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
                Action: 's3:*',
                Resource: [getAtt('ArtifactBucket', 'Arn'), sub('${ArtifactBucket.Arn}/*')],
                Condition: { Bool: { 'aws:SecureTransport': 'false' } },
              },
            ],
          },
        },
      },
    },
    Outputs: {
      BucketName: { Value: ref('ArtifactBucket') },
      KeyArn: { Value: getAtt('ArtifactKey', 'Arn') },
    },
  };
}

/** The StackSet resource of the home template: one instance per account x region of the pipeline. */
export function artifactStackSet(plan: SynthPlan): Resource {
  const accounts = plan.accounts.length ? plan.accounts : [ref('AWS::AccountId')];
  return {
    Type: 'AWS::CloudFormation::StackSet',
    Properties: {
      StackSetName: `meridian-${plan.pipeline}-artifacts`,
      Description: `Meridian ${plan.pipeline}: per-region artifact buckets and KMS keys`,
      PermissionModel: 'SELF_MANAGED',
      // Regions at once: an artifact store is small and independent, so all regions go together.
      OperationPreferences: { MaxConcurrentPercentage: 100, FailureToleranceCount: 0, RegionConcurrencyType: 'PARALLEL' },
      StackInstancesGroup: [{ DeploymentTargets: { Accounts: accounts }, Regions: plan.regions.map((r) => r.region) }],
      TemplateBody: JSON.stringify(artifactStoreTemplate(plan)),
    },
  };
}
