// Small builders for CloudFormation JSON, so the emitted templates read like hand-written ones.
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Resource = { Type: string; Properties?: Record<string, Json>; Condition?: string; DependsOn?: string[]; DeletionPolicy?: string; UpdateReplacePolicy?: string; Metadata?: Record<string, Json> };
export interface Template {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters?: Record<string, Record<string, Json>>;
  Conditions?: Record<string, Json>;
  Resources: Record<string, Resource>;
  Outputs?: Record<string, { Description?: string; Value: Json; Condition?: string; Export?: { Name: Json } }>;
}

export const ref = (name: string): Json => ({ Ref: name });
export const getAtt = (name: string, attr: string): Json => ({ 'Fn::GetAtt': [name, attr] });
export const sub = (text: string, vars?: Record<string, Json>): Json => ({ 'Fn::Sub': vars ? [text, vars] : text });
export const ifThen = (condition: string, yes: Json, no: Json): Json => ({ 'Fn::If': [condition, yes, no] });
export const noValue: Json = { Ref: 'AWS::NoValue' };

/** An IAM policy statement. */
export const allow = (actions: string[], resources: Json[]): Json => ({ Effect: 'Allow', Action: actions.length === 1 ? (actions[0] as string) : actions, Resource: resources.length === 1 ? (resources[0] as Json) : resources });

/** A role that `service` assumes, with one inline policy of `statements`. */
export function serviceRole(service: string, policyName: string, statements: Json[], managed: string[] = []): Resource {
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] },
      ...(managed.length ? { ManagedPolicyArns: managed.map((m) => sub(`arn:\${AWS::Partition}:iam::aws:policy/${m}`)) } : {}),
      Policies: [{ PolicyName: policyName, PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
    },
  };
}
