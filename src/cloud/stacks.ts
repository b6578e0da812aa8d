// Reading stacks and waiting for stack operations, streaming their events as they happen.
import {
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import type { CloudTarget } from './clients.js';
import { clientsOf, pollUntil, send, type CloudDeps } from './cloud-deps.js';
import { errorCode } from './retry-policy.js';
import { isFailedStatus, isInProgress } from './stack-status.js';

export interface StackSummary {
  stackId: string;
  stackName: string;
  status: string;
  statusReason?: string;
  outputs: Record<string, string>;
  /** Parameter values as DescribeStacks shows them (NoEcho values arrive masked as ****). */
  parameters: Record<string, string>;
  tags: Record<string, string>;
  /** Export names of outputs that are exported. */
  exports: Record<string, string>;
  /** EnableTerminationProtection: DeleteStack is refused while it is on. */
  terminationProtection: boolean;
  /** RoleARN: the service role CloudFormation acts with. */
  roleArn?: string;
  notificationArns: string[];
  /** RollbackConfiguration's alarm ARNs and monitoring minutes, when the stack has any. */
  rollback?: { alarms: string[]; monitoringMinutes: number };
}

/** One resource event of a stack operation, as progress printers show it. */
export interface ResourceEvent {
  eventId: string;
  time: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  reason?: string;
  clientRequestToken?: string;
}

export type StackOperationResult =
  | { kind: 'succeeded'; status: string; stack?: StackSummary }
  | { kind: 'failed'; status: string; reason: string; failures: ResourceEvent[] };

/** A stack as DescribeStacks answers it, in Meridian's terms. */
export function summaryOf(s: Stack): StackSummary {
  const pairs = <T>(list: T[] | undefined, k: (t: T) => string | undefined, v: (t: T) => string | undefined) =>
    Object.fromEntries((list ?? []).flatMap((t) => (k(t) !== undefined ? [[k(t) as string, v(t) ?? '']] : [])));
  const out: StackSummary = {
    stackId: s.StackId ?? '',
    stackName: s.StackName ?? '',
    status: s.StackStatus ?? 'UNKNOWN',
    outputs: pairs(s.Outputs, (o) => o.OutputKey, (o) => o.OutputValue),
    parameters: pairs(s.Parameters, (p) => p.ParameterKey, (p) => p.ResolvedValue ?? p.ParameterValue),
    tags: pairs(s.Tags, (t) => t.Key, (t) => t.Value),
    exports: pairs(s.Outputs?.filter((o) => o.ExportName), (o) => o.OutputKey, (o) => o.ExportName),
    terminationProtection: s.EnableTerminationProtection === true,
    notificationArns: s.NotificationARNs ?? [],
  };
  if (s.StackStatusReason) out.statusReason = s.StackStatusReason;
  if (s.RoleARN) out.roleArn = s.RoleARN;
  const triggers = s.RollbackConfiguration?.RollbackTriggers ?? [];
  if (triggers.length > 0 || s.RollbackConfiguration?.MonitoringTimeInMinutes) {
    out.rollback = { alarms: triggers.flatMap((t) => (t.Arn ? [t.Arn] : [])), monitoringMinutes: s.RollbackConfiguration?.MonitoringTimeInMinutes ?? 0 };
  }
  return out;
}

function eventOf(e: StackEvent): ResourceEvent {
  const out: ResourceEvent = {
    eventId: e.EventId ?? '',
    time: e.Timestamp?.toISOString() ?? '',
    logicalId: e.LogicalResourceId ?? '',
    resourceType: e.ResourceType ?? '',
    status: e.ResourceStatus ?? '',
  };
  if (e.PhysicalResourceId) out.physicalId = e.PhysicalResourceId;
  if (e.ResourceStatusReason) out.reason = e.ResourceStatusReason;
  if (e.ClientRequestToken) out.clientRequestToken = e.ClientRequestToken;
  return out;
}

/** "Stack with id X does not exist" is AWS's answer for an absent stack: that is a value, not an error. */
export function isMissingStack(err: unknown): boolean {
  return errorCode(err) === 'ValidationError' && /does not exist/.test((err as Error).message ?? '');
}

/** The stack named `stackName` (or with that id), or undefined if there is none. */
export async function describeStack(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<StackSummary | undefined> {
  const { cloudformation } = clientsOf(deps, target);
  try {
    const out = await send(deps, () => cloudformation.send(new DescribeStacksCommand({ StackName: stackName })));
    const s = out.Stacks?.[0];
    return s ? summaryOf(s) : undefined;
  } catch (err) {
    if (isMissingStack(err)) return undefined;
    throw err;
  }
}

/** The newest events of a stack, oldest first, stopping at `untilEventId` (exclusive). Bounded to 10 pages. */
export async function recentEvents(deps: CloudDeps, target: CloudTarget, stackId: string, untilEventId?: string): Promise<ResourceEvent[]> {
  const { cloudformation } = clientsOf(deps, target);
  const out: ResourceEvent[] = [];
  let token: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await send(deps, () => cloudformation.send(new DescribeStackEventsCommand({ StackName: stackId, NextToken: token })));
    for (const e of res.StackEvents ?? []) {
      if (untilEventId && e.EventId === untilEventId) return out.reverse();
      out.push(eventOf(e));
    }
    token = res.NextToken;
    if (!token) break;
  }
  return out.reverse();
}

/** The event id a wait should stream from: the newest event before the operation starts. */
export async function newestEventId(deps: CloudDeps, target: CloudTarget, stackId: string): Promise<string | undefined> {
  const { cloudformation } = clientsOf(deps, target);
  try {
    const res = await send(deps, () => cloudformation.send(new DescribeStackEventsCommand({ StackName: stackId })));
    return res.StackEvents?.[0]?.EventId;
  } catch (err) {
    if (isMissingStack(err)) return undefined;
    throw err;
  }
}

export interface WaitOptions {
  /** The newest event seen before the operation started (or by an earlier wait): only later events are news. */
  afterEventId?: string;
  onEvent?: (e: ResourceEvent) => void;
  /** Told the newest event id after each batch, so a resumed wait starts from there. */
  onCursor?: (eventId: string) => Promise<void> | void;
}

/**
 * Waits until the stack's current operation ends, calling `onEvent` for each new resource event.
 * `afterEventId` is the newest event seen before the operation started (events after it are its own).
 */
export async function waitForStack(
  deps: CloudDeps,
  target: CloudTarget,
  stackId: string,
  options: WaitOptions = {},
): Promise<StackOperationResult> {
  let cursor = options.afterEventId;
  const seen: ResourceEvent[] = [];
  const readEvents = async (): Promise<boolean> => {
    let fresh: ResourceEvent[];
    try {
      fresh = await recentEvents(deps, target, stackId, cursor);
    } catch (err) {
      if (isMissingStack(err)) return true;
      throw err;
    }
    for (const e of fresh) {
      seen.push(e);
      options.onEvent?.(e);
    }
    if (fresh.length > 0) {
      cursor = fresh[fresh.length - 1]?.eventId;
      if (cursor) await options.onCursor?.(cursor);
    }
    // The stack's own event with a settled status: the operation may have ended.
    return fresh.some((e) => e.physicalId === stackId && !e.status.endsWith('_IN_PROGRESS'));
  };
  let polls = 0;
  return pollUntil(deps, `stack ${stackId}`, async () => {
    // Events first; the stack is described only when its own event says the operation may have
    // ended, on the first poll (a resumed wait may find it over) and every tenth (an endpoint that
    // writes no stack-level events): half the requests of describing on every poll, which is what
    // a wave of many regions spends its time on.
    polls += 1;
    const settled = await readEvents();
    if (!settled && polls % 10 !== 1) return undefined;
    const stack = await describeStack(deps, target, stackId);
    // Ended between the two calls: the operation's last events were written after the read.
    if (!settled && stack && !isInProgress(stack.status)) await readEvents();
    if (!stack) return { kind: 'succeeded', status: 'DELETE_COMPLETE' } as const;
    if (isInProgress(stack.status)) return undefined;
    if (isFailedStatus(stack.status)) {
      const failures = seen.filter((e) => e.status.endsWith('_FAILED') && e.reason && !/cancelled/i.test(e.reason));
      const reason = failures[0]?.reason ?? stack.statusReason ?? stack.status;
      return { kind: 'failed', status: stack.status, reason, failures } as const;
    }
    return { kind: 'succeeded', status: stack.status, stack } as const;
  });
}

/** Deletes a stack and waits; an absent stack is already deleted. */
export async function deleteStack(
  deps: CloudDeps,
  target: CloudTarget,
  stackName: string,
  options: { clientToken: string; onEvent?: (e: ResourceEvent) => void; retainResources?: string[] },
): Promise<StackOperationResult> {
  let stack = await describeStack(deps, target, stackName);
  if (stack && isInProgress(stack.status)) {
    // Another operation (or our own delete, resumed) is running: let it end first.
    await waitForStack(deps, target, stack.stackId);
    stack = await describeStack(deps, target, stack.stackId);
  }
  if (!stack || stack.status === 'DELETE_COMPLETE') return { kind: 'succeeded', status: 'DELETE_COMPLETE' };
  const afterEventId = await newestEventId(deps, target, stack.stackId);
  const { cloudformation } = clientsOf(deps, target);
  const stackId = stack.stackId;
  await send(deps, () =>
    cloudformation.send(new DeleteStackCommand({ StackName: stackId, ClientRequestToken: options.clientToken, RetainResources: options.retainResources })),
  );
  const waitOptions: { afterEventId?: string; onEvent?: (e: ResourceEvent) => void } = {};
  if (afterEventId) waitOptions.afterEventId = afterEventId;
  if (options.onEvent) waitOptions.onEvent = options.onEvent;
  const result = await waitForStack(deps, target, stack.stackId, waitOptions);
  // Waiting on the stack id, a deleted stack still answers with DELETE_COMPLETE: that is success.
  if (result.kind === 'succeeded' && result.status !== 'DELETE_COMPLETE' && result.stack) {
    return { kind: 'failed', status: result.status, reason: 'stack was not deleted', failures: [] };
  }
  return result;
}

/** The template a stack runs now (as submitted), or undefined when there is no stack. */
export async function getStackTemplate(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<string | undefined> {
  const { cloudformation } = clientsOf(deps, target);
  try {
    const out = await send(deps, () => cloudformation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' })));
    return out.TemplateBody;
  } catch (err) {
    if (isMissingStack(err)) return undefined;
    throw err;
  }
}
