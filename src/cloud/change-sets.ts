// Change sets: the one way Meridian changes a stack, so every deploy is previewed first and
// "no changes" is recognised in both of the forms AWS uses.
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  type Capability,
  type Change,
  type DescribeChangeSetCommandOutput,
} from '@aws-sdk/client-cloudformation';
import type { CloudTarget } from './clients.js';
import { clientsOf, CloudError, pollUntil, send, type CloudDeps } from './cloud-deps.js';
import { errorCode } from './retry-policy.js';
import { isNoChangeMessage, isInProgress } from './stack-status.js';
import { deleteStack, describeStack, isMissingStack, newestEventId, waitForStack, type ResourceEvent, type StackOperationResult } from './stacks.js';

export interface TemplateSource {
  /** TemplateBody: at most 51,200 bytes. */
  body?: string;
  /** TemplateURL in the region's artifact bucket: larger templates, up to 1 MB. */
  url?: string;
}

export interface ChangeSetRequest {
  stackName: string;
  template: TemplateSource;
  parameters: Record<string, string>;
  capabilities: string[];
  tags: Record<string, string>;
  /** Unique per run and region (AWS keeps change set names per stack). */
  changeSetName: string;
  /** Idempotency token of the CreateChangeSet call. */
  clientToken: string;
  description?: string;
  /** The CloudFormation service role (RoleARN); absent: the role the stack already has, if any. */
  roleArn?: string;
  /** NotificationARNs; `[]` removes the stack's topics, absent leaves them. */
  notificationArns?: string[];
  /** RollbackConfiguration; absent: the stack's last one stays. */
  rollback?: RollbackSettings;
}

/** CloudFormation's RollbackConfiguration: CloudWatch alarm ARNs and the minutes watched after the operation. */
export interface RollbackSettings {
  alarms: string[];
  monitoringMinutes: number;
}

/** One changed attribute of a resource; the values are what DescribeChangeSet IncludePropertyValues gives. */
export interface ChangeDetail {
  attribute?: string;
  name?: string;
  requiresRecreation?: string;
  changeSource?: string;
  evaluation?: string;
  /** `/Properties/BucketName`, `/Metadata`. */
  path?: string;
  /** Add | Remove | Modify (of the value at `path`). */
  changeType?: string;
  /** Strings as they are, other values as JSON; NoEcho values arrive as `****`. */
  before?: string;
  after?: string;
}

export interface ResourceChange {
  action: string;
  /** `Child/Queue` for a resource of nested stack Child (as many levels as the hierarchy has). */
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  /** 'True' | 'False' | 'Conditional' for Modify. */
  replacement?: string;
  scope: string[];
  details: ChangeDetail[];
  /** A nested stack's change: the ARN of its nested change set (its template is the child's new one). */
  nestedChangeSetId?: string;
}

export type ChangeSetResult =
  | { kind: 'no-changes'; changeSetName: string }
  | {
      kind: 'changes';
      changeSetId: string;
      changeSetName: string;
      type: 'CREATE' | 'UPDATE';
      stackId: string;
      /** AVAILABLE until executed; a resumed step finds EXECUTE_IN_PROGRESS/COMPLETE/FAILED instead. */
      executionStatus: string;
      changes: ResourceChange[];
    };

function changeOf(c: Change): ResourceChange | undefined {
  const r = c.ResourceChange;
  if (!r) return undefined;
  const out: ResourceChange = {
    action: r.Action ?? 'Unknown',
    logicalId: r.LogicalResourceId ?? '',
    resourceType: r.ResourceType ?? '',
    scope: r.Scope ?? [],
    details: (r.Details ?? []).map((d) => ({
      ...(d.Target?.Attribute ? { attribute: d.Target.Attribute } : {}),
      ...(d.Target?.Name ? { name: d.Target.Name } : {}),
      ...(d.Target?.RequiresRecreation ? { requiresRecreation: d.Target.RequiresRecreation } : {}),
      ...(d.ChangeSource ? { changeSource: d.ChangeSource } : {}),
      ...(d.Evaluation ? { evaluation: d.Evaluation } : {}),
      ...(d.Target?.Path ? { path: d.Target.Path } : {}),
      ...(d.Target?.AttributeChangeType ? { changeType: d.Target.AttributeChangeType } : {}),
      ...(d.Target?.BeforeValue !== undefined ? { before: d.Target.BeforeValue } : {}),
      ...(d.Target?.AfterValue !== undefined ? { after: d.Target.AfterValue } : {}),
    })),
  };
  if (r.PhysicalResourceId) out.physicalId = r.PhysicalResourceId;
  if (r.Replacement) out.replacement = r.Replacement;
  return out;
}

/**
 * Creates a change set against `stackName` and waits for it. A stack that does not exist (or that a
 * failed first create left in ROLLBACK_COMPLETE, which is then deleted) gets a CREATE change set.
 */
export async function createChangeSet(deps: CloudDeps, target: CloudTarget, req: ChangeSetRequest): Promise<ChangeSetResult> {
  let stack = await describeStack(deps, target, req.stackName);
  if (stack && isInProgress(stack.status)) {
    await waitForStack(deps, target, stack.stackId);
    stack = await describeStack(deps, target, req.stackName);
  }
  if (stack?.status === 'ROLLBACK_COMPLETE' || stack?.status === 'ROLLBACK_FAILED') {
    // Such a stack can only be deleted; if that fails, creating it again would fail with a less telling error.
    const deleted = await deleteStack(deps, target, stack.stackId, { clientToken: `${req.clientToken}-cleanup`.slice(0, 128) });
    if (deleted.kind === 'failed') {
      throw new CloudError('STACK_CLEANUP_FAILED', `stack ${req.stackName} in ${target.region} is ${stack.status} from a failed create and could not be deleted (${deleted.status}: ${deleted.reason}); delete it by hand, then run again`);
    }
    stack = undefined;
  }
  const type = !stack || stack.status === 'REVIEW_IN_PROGRESS' ? 'CREATE' : 'UPDATE';
  let described = await submit(deps, target, req, type, true);
  if (described.Status === 'FAILED' && !isNoChangeMessage(described.StatusReason) && mayNest(req.template)) {
    // AWS fails some nested hierarchies it cannot plan ahead (a child value only known after deploying)
    // that it accepts without nested change sets: a deploy must not fail for the sake of its preview.
    await discardChangeSet(deps, target, req.stackName, req.changeSetName, type === 'CREATE');
    req = { ...req, changeSetName: `${req.changeSetName.slice(0, 123)}-flat`, clientToken: `${req.clientToken.slice(0, 123)}-flat` };
    described = await submit(deps, target, req, type, false);
  }
  if (described.Status === 'FAILED') {
    await discardChangeSet(deps, target, req.stackName, req.changeSetName, type === 'CREATE');
    if (isNoChangeMessage(described.StatusReason)) return { kind: 'no-changes', changeSetName: req.changeSetName };
    throw new CloudError('CHANGE_SET_FAILED', `change set for ${req.stackName} in ${target.region} failed: ${described.StatusReason ?? 'no reason given'}`);
  }
  return {
    kind: 'changes',
    changeSetId: described.ChangeSetId ?? '',
    changeSetName: req.changeSetName,
    type,
    stackId: described.StackId ?? '',
    executionStatus: described.ExecutionStatus ?? 'AVAILABLE',
    changes: await allChanges(deps, target, req, described),
  };
}

/** A template given by URL, or whose body has a nested stack. */
const mayNest = (t: TemplateSource) => t.body === undefined || t.body.includes('AWS::CloudFormation::Stack');

/** Creates the change set (a resumed step finds it made already) and waits until it is complete or failed. */
async function submit(deps: CloudDeps, target: CloudTarget, req: ChangeSetRequest, type: 'CREATE' | 'UPDATE', includeNested: boolean): Promise<DescribeChangeSetCommandOutput> {
  const { cloudformation } = clientsOf(deps, target);
  try {
    await send(deps, () =>
      cloudformation.send(
        new CreateChangeSetCommand({
          StackName: req.stackName,
          ChangeSetName: req.changeSetName,
          ChangeSetType: type,
          TemplateBody: req.template.body,
          TemplateURL: req.template.url,
          Parameters: Object.entries(req.parameters).map(([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue })),
          Capabilities: req.capabilities as Capability[],
          Tags: Object.entries(req.tags).map(([Key, Value]) => ({ Key, Value })),
          ClientToken: req.clientToken,
          Description: req.description,
          RoleARN: req.roleArn,
          NotificationARNs: req.notificationArns,
          ...(req.rollback
            ? { RollbackConfiguration: { RollbackTriggers: req.rollback.alarms.map((Arn) => ({ Arn, Type: 'AWS::CloudWatch::Alarm' })), MonitoringTimeInMinutes: req.rollback.monitoringMinutes } }
            : {}),
          // The preview then shows what changes inside nested stacks, not just "Modify Child".
          IncludeNestedStacks: includeNested,
        }),
      ),
    );
  } catch (err) {
    // Resumed after a crash: the change set already exists (same name) - describe it instead.
    if (errorCode(err) !== 'AlreadyExistsException') throw err;
  }
  return pollUntil(deps, `change set ${req.changeSetName}`, async () => {
    const out = await send(deps, () => cloudformation.send(new DescribeChangeSetCommand({ StackName: req.stackName, ChangeSetName: req.changeSetName, IncludePropertyValues: true })));
    return out.Status === 'CREATE_PENDING' || out.Status === 'CREATE_IN_PROGRESS' ? undefined : out;
  });
}

/** Nested change sets followed below the root: deeper levels are not listed (CloudFormation itself allows deep hierarchies). */
export const MAX_NESTED_LEVELS = 5;

/**
 * Every change of the change set, with those of its nested change sets right after their nested
 * stack's own line, named `Child/Resource`. A nested stack's change without ChangeSetId (a change set
 * made without nested change sets, or AWS not giving one) is listed alone.
 */
async function allChanges(deps: CloudDeps, target: CloudTarget, req: ChangeSetRequest, first: DescribeChangeSetCommandOutput): Promise<ResourceChange[]> {
  const pages = await restOfPages(deps, target, { StackName: req.stackName, ChangeSetName: req.changeSetName }, first);
  return flatten(deps, target, pages, '', 1);
}

async function flatten(deps: CloudDeps, target: CloudTarget, changes: Change[], prefix: string, level: number): Promise<ResourceChange[]> {
  const out: ResourceChange[] = [];
  for (const c of changes) {
    const own = changeOf(c);
    if (!own) continue;
    const nestedId = c.ResourceChange?.ChangeSetId;
    out.push({ ...own, logicalId: `${prefix}${own.logicalId}`, ...(nestedId ? { nestedChangeSetId: nestedId } : {}) });
    if (!nestedId || level > MAX_NESTED_LEVELS) continue;
    const { cloudformation } = clientsOf(deps, target);
    // Nested change sets are described by ARN: their stacks have generated names.
    const first = await send(deps, () => cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: nestedId, IncludePropertyValues: true })));
    const nested = await restOfPages(deps, target, { ChangeSetName: nestedId }, first);
    out.push(...(await flatten(deps, target, nested, `${prefix}${own.logicalId}/`, level + 1)));
  }
  return out;
}

/** The changes of `first` and of the pages after it (bounded). */
async function restOfPages(deps: CloudDeps, target: CloudTarget, which: { StackName?: string; ChangeSetName: string }, first: DescribeChangeSetCommandOutput): Promise<Change[]> {
  const { cloudformation } = clientsOf(deps, target);
  const changes = [...(first.Changes ?? [])];
  let token = first.NextToken;
  for (let page = 0; token && page < 50; page++) {
    const next = await send(deps, () => cloudformation.send(new DescribeChangeSetCommand({ ...which, NextToken: token, IncludePropertyValues: true })));
    changes.push(...(next.Changes ?? []));
    token = next.NextToken;
  }
  return changes;
}

/**
 * Deletes a change set that will not be executed. For a CREATE change set on a new stack, the
 * REVIEW_IN_PROGRESS stack it made is deleted too, so a preview leaves nothing behind.
 */
export async function discardChangeSet(deps: CloudDeps, target: CloudTarget, stackName: string, changeSetName: string, createdStack: boolean): Promise<void> {
  const { cloudformation } = clientsOf(deps, target);
  try {
    await send(deps, () => cloudformation.send(new DeleteChangeSetCommand({ StackName: stackName, ChangeSetName: changeSetName })));
  } catch (err) {
    if (errorCode(err) !== 'ChangeSetNotFoundException' && errorCode(err) !== 'ChangeSetNotFound') throw err;
  }
  if (createdStack) {
    const stack = await describeStack(deps, target, stackName);
    if (stack?.status === 'REVIEW_IN_PROGRESS') {
      const deleted = await deleteStack(deps, target, stack.stackId, { clientToken: `discard-${changeSetName}`.slice(0, 128) });
      if (deleted.kind === 'failed') throw new CloudError('STACK_CLEANUP_FAILED', `the empty stack ${stackName} a preview made in ${target.region} could not be deleted (${deleted.status}: ${deleted.reason})`);
    }
  }
}

export interface ExecuteOptions {
  stackName: string;
  changeSetName: string;
  clientToken: string;
  executionStatus?: string;
  onEvent?: (e: ResourceEvent) => void;
  /** Called with the stack id and the event to stream after, before ExecuteChangeSet is sent (a checkpoint). */
  beforeExecute?: (stackId: string, afterEventId: string | undefined) => Promise<void>;
  onCursor?: (eventId: string) => Promise<void> | void;
}

/**
 * Executes a change set and waits for the stack operation to end, streaming resource events.
 * A change set that already left AVAILABLE (a resumed step) is not executed again: the wait re-attaches
 * to the operation it started.
 */
export async function executeChangeSet(deps: CloudDeps, target: CloudTarget, options: ExecuteOptions): Promise<StackOperationResult> {
  const stack = await describeStack(deps, target, options.stackName);
  if (!stack) throw new CloudError('STACK_MISSING', `stack ${options.stackName} vanished before its change set could run`);
  const { cloudformation } = clientsOf(deps, target);
  const alreadyRunning = options.executionStatus !== undefined && options.executionStatus !== 'AVAILABLE';
  const afterEventId = alreadyRunning ? undefined : await newestEventId(deps, target, stack.stackId);
  await options.beforeExecute?.(stack.stackId, afterEventId);
  if (!alreadyRunning) {
    await send(deps, () =>
      cloudformation.send(new ExecuteChangeSetCommand({ StackName: options.stackName, ChangeSetName: options.changeSetName, ClientRequestToken: options.clientToken })),
    );
  }
  return waitForStack(deps, target, stack.stackId, {
    ...(afterEventId ? { afterEventId } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    ...(options.onCursor ? { onCursor: options.onCursor } : {}),
  });
}

/** A change set's ExecutionStatus by ARN, or undefined when it is gone (its stack was deleted). */
export async function changeSetExecutionStatus(deps: CloudDeps, target: CloudTarget, changeSetId: string): Promise<string | undefined> {
  const { cloudformation } = clientsOf(deps, target);
  try {
    const out = await send(deps, () => cloudformation.send(new DescribeChangeSetCommand({ ChangeSetName: changeSetId })));
    return out.ExecutionStatus;
  } catch (err) {
    const code = errorCode(err);
    if (code === 'ChangeSetNotFoundException' || code === 'ChangeSetNotFound' || isMissingStack(err)) return undefined;
    throw err;
  }
}

/** The template a change set would deploy (a nested change set's: the child's new template), by ARN. */
export async function changeSetTemplate(deps: CloudDeps, target: CloudTarget, changeSetId: string): Promise<string | undefined> {
  const { cloudformation } = clientsOf(deps, target);
  const out = await send(deps, () => cloudformation.send(new GetTemplateCommand({ ChangeSetName: changeSetId, TemplateStage: 'Original' })));
  return out.TemplateBody;
}
