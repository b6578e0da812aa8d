// A deployment's governance, as CloudFormation takes it: the service role, notification topics and
// rollback triggers ride on the change set; the stack policy and termination protection are set on
// the stack around it (no change set carries them). What a deploy applied is kept in the approved
// record, so undo puts back the same settings. Absent keys leave the stack's own setting as it is.
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { alarmNameOf, callerAccount, describeStack, ensureStackPolicy, ensureTerminationProtection, type RollbackSettings } from '../../cloud/index.js';
import { serviceRoleOf } from '../config/governance-settings.js';
import { partitionOf } from '../config/regions.js';
import type { StackConfig } from '../config/schema.js';
import { stageAccountOf } from '../config/stage-settings.js';
import type { Variant } from '../record/approved-record.js';
import { accountOf } from '../rollout/accounts.js';
import { StepFailure, type RunContext, type StepMeta } from './run-context.js';

export interface StackGovernance {
  /** RoleARN of the change set: the role CloudFormation acts with. */
  roleArn?: string;
  notificationArns?: string[];
  /** Rollback triggers with every alarm as an ARN of the stack's own region and account. */
  rollback?: RollbackSettings;
  /** The policy file (as meridian.yaml names it) and its text at the run's commit. */
  stackPolicy?: { file: string; body: string };
  /** Production stacks only: the stage stacks are Meridian's to delete. */
  terminationProtection?: boolean;
}

/** StackPolicyBody's limit. */
const POLICY_MAX_BYTES = 16_384;

async function policyOf(ctx: RunContext, file: string, where: StepMeta): Promise<{ file: string; body: string }> {
  const fail = (why: string) => new StepFailure('STACK_POLICY_INVALID', `stack policy ${file}: ${why}`, where);
  let body: string;
  try {
    body = await readFile(join(await ctx.source.tree(), file), 'utf8');
  } catch {
    throw fail('no such file in the commit');
  }
  if (Buffer.byteLength(body) > POLICY_MAX_BYTES) throw fail(`${Buffer.byteLength(body)} bytes, more than CloudFormation's ${POLICY_MAX_BYTES}`);
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    throw fail(`not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray((doc as { Statement?: unknown } | null)?.Statement)) throw fail('a stack policy is a JSON object with a Statement list');
  return { file, body };
}

/** `name` → arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>; an ARN stays as it is. */
export function alarmArn(alarm: string, region: string, account: string): string {
  if (alarm.startsWith('arn:')) return alarm;
  return `arn:${partitionOf(region) ?? 'aws'}:cloudwatch:${region}:${account}:alarm:${alarmNameOf(alarm)}`;
}

/** The governance of `stack` deployed to `region` as `variant` (ctx routes to that deployment's account). */
export async function governanceFor(ctx: RunContext, stack: StackConfig, region: string, variant: Variant): Promise<StackGovernance> {
  const where = { stage: variant === 'stage' ? ('stage' as const) : ('deploy' as const), region, stack: stack.name };
  const account = variant === 'stage' ? stageAccountOf(ctx.config) : accountOf(ctx.config, region);
  const roleArn = serviceRoleOf(stack, account);
  const out: StackGovernance = {};
  if (roleArn) out.roleArn = roleArn;
  if (stack.notificationArns) out.notificationArns = [...stack.notificationArns];
  if (stack.rollbackTriggers) {
    const { alarms, monitoringTime } = stack.rollbackTriggers;
    const id = alarms.some((a) => !a.startsWith('arn:')) ? (account?.id ?? (await callerAccount(ctx.deps.cloud, { region }))) : '';
    out.rollback = { alarms: alarms.map((a) => alarmArn(a, region, id)), monitoringMinutes: monitoringTime / 60_000 };
  }
  if (stack.stackPolicy) out.stackPolicy = await policyOf(ctx, stack.stackPolicy, where);
  if (variant === 'production' && stack.terminationProtection !== undefined) out.terminationProtection = stack.terminationProtection;
  return out;
}

/** The change set's part of the governance. */
export function changeSetSettings(g: StackGovernance | undefined): { roleArn?: string; notificationArns?: string[]; rollback?: RollbackSettings } {
  if (!g) return {};
  return { ...(g.roleArn ? { roleArn: g.roleArn } : {}), ...(g.notificationArns ? { notificationArns: g.notificationArns } : {}), ...(g.rollback ? { rollback: g.rollback } : {}) };
}

/**
 * Before an update runs: the commit's stack policy governs its own update (CloudFormation checks an
 * update against the policy the stack has when it starts), so a reviewer approves both together.
 */
export async function settingsBeforeUpdate(ctx: RunContext, region: string, stackName: string, g: StackGovernance | undefined): Promise<void> {
  if (g?.stackPolicy) await ensureStackPolicy(ctx.deps.cloud, { region }, stackName, g.stackPolicy.body);
}

/** After a deploy (or a change set with nothing to do): the policy of a new stack, termination protection. */
export async function settingsAfterDeploy(ctx: RunContext, region: string, stackName: string, g: StackGovernance | undefined): Promise<string[]> {
  if (!g?.stackPolicy && g?.terminationProtection === undefined) return [];
  const stack = await describeStack(ctx.deps.cloud, { region }, stackName);
  if (!stack || stack.status === 'REVIEW_IN_PROGRESS' || stack.status === 'ROLLBACK_COMPLETE') return [];
  const changed: string[] = [];
  if (g.stackPolicy && (await ensureStackPolicy(ctx.deps.cloud, { region }, stackName, g.stackPolicy.body))) changed.push(`stack policy ${g.stackPolicy.file}`);
  if (g.terminationProtection !== undefined && (await ensureTerminationProtection(ctx.deps.cloud, { region }, stackName, g.terminationProtection, stack.terminationProtection))) {
    changed.push(`termination protection ${g.terminationProtection ? 'on' : 'off'}`);
  }
  return changed;
}
