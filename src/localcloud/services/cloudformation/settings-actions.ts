// Stack settings: SetStackPolicy, GetStackPolicy, UpdateTerminationProtection, and reading the
// RoleARN / NotificationARNs / RollbackConfiguration that CreateStack, UpdateStack and
// CreateChangeSet carry (an empty list, `Name=`, clears; an absent one leaves the stack's).
import { AwsError } from '../../contract.js';
import type { QueryParams, RequestContext, XmlValue } from '../../contract.js';
import { requireStack } from './backend.js';
import { bool, memberList, memberRecords, required } from './query-params.js';
import type { RollbackConfigurationRecord, StackRecord } from './records.js';
import { regionOf } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import { parseStackPolicy } from './stack-policy.js';

const ALARM_ARN = /^arn:[\w-]+:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;

/** NotificationARNs of a request, or undefined when it names none (not even an empty list). */
export function givenNotificationArns(params: QueryParams): string[] | undefined {
  if (params.NotificationARNs === undefined && params['NotificationARNs.member.1'] === undefined) return undefined;
  const arns = memberList(params, 'NotificationARNs');
  if (arns.length > 5) throw new AwsError('ValidationError', `1 validation error detected: Value '[${arns.join(', ')}]' at 'notificationARNs' failed to satisfy constraint: Member must have length less than or equal to 5`);
  return arns;
}

/** RollbackConfiguration of a request, checked as CloudFormation checks it; undefined when absent. */
export function givenRollbackConfiguration(params: QueryParams): RollbackConfigurationRecord | undefined {
  const minutes = params['RollbackConfiguration.MonitoringTimeInMinutes'];
  const listed = params['RollbackConfiguration.RollbackTriggers'] !== undefined || params['RollbackConfiguration.RollbackTriggers.member.1.Arn'] !== undefined;
  if (minutes === undefined && !listed) return undefined;
  const triggers = memberRecords(params, 'RollbackConfiguration.RollbackTriggers').map((r) => ({ Arn: r.Arn ?? '', Type: r.Type ?? '' }));
  if (triggers.length > 5) throw new AwsError('ValidationError', 'Rollback configuration can have at most 5 rollback triggers');
  for (const t of triggers) {
    if (t.Type !== 'AWS::CloudWatch::Alarm') throw new AwsError('ValidationError', `Rollback trigger type ${t.Type} is not supported; use AWS::CloudWatch::Alarm`);
    if (!ALARM_ARN.test(t.Arn)) throw new AwsError('ValidationError', `Rollback trigger ${t.Arn} is not a CloudWatch alarm ARN`);
  }
  const n = minutes === undefined ? undefined : Number(minutes);
  if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > 180)) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${minutes}' at 'rollbackConfiguration.monitoringTimeInMinutes' failed to satisfy constraint: Member must have value less than or equal to 180`);
  }
  return { triggers, ...(n !== undefined ? { monitoringMinutes: n } : {}) };
}

/** Applies the governance a request carried to the stack (what it did not carry stays). */
export function applyGovernance(stack: StackRecord, given: { roleArn?: string; notificationArns?: string[]; rollback?: RollbackConfigurationRecord }): void {
  if (given.roleArn) stack.roleArn = given.roleArn;
  if (given.notificationArns) stack.notificationArns = given.notificationArns;
  if (given.rollback) stack.rollbackConfiguration = given.rollback;
}

function policyBody(params: QueryParams): string {
  if (params.StackPolicyURL !== undefined) throw new AwsError('ValidationError', 'localcloud takes stack policies as StackPolicyBody only');
  const body = required(params, 'StackPolicyBody');
  if (Buffer.byteLength(body) > 16_384) throw new AwsError('ValidationError', "1 validation error detected: Value at 'stackPolicyBody' failed to satisfy constraint: Member must have length less than or equal to 16384");
  parseStackPolicy(body);
  return body;
}

/** The StackPolicyBody of CreateStack / UpdateStack, checked; undefined when absent. */
export function givenStackPolicy(params: QueryParams): string | undefined {
  return params.StackPolicyBody === undefined && params.StackPolicyURL === undefined ? undefined : policyBody(params);
}

export async function setStackPolicy(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  stack.stackPolicy = policyBody(params);
  return {};
}

export async function getStackPolicy(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  return { StackPolicyBody: stack.stackPolicy };
}

export async function updateTerminationProtection(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  const enabled = bool(params, 'EnableTerminationProtection');
  if (enabled === undefined) required(params, 'EnableTerminationProtection');
  if (stack.parentId) throw new AwsError('ValidationError', `Termination protection cannot be updated on nested stack ${stack.stackName}; update it on the root stack`);
  if (stack.status === 'DELETE_IN_PROGRESS') throw new AwsError('ValidationError', `Stack [${stack.stackName}] is in DELETE_IN_PROGRESS state`);
  stack.terminationProtection = enabled === true;
  return { StackId: stack.stackId };
}
