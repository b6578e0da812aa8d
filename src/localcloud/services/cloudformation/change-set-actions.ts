// Change sets: CreateChangeSet (CREATE puts a new stack in REVIEW_IN_PROGRESS), Describe,
// Execute, Delete, List. Changes are computed on the clock, as CloudFormation does.
import { AwsError } from '../../contract.js';
import type { QueryParams, RequestContext, XmlValue } from '../../contract.js';
import { findStack, isInProgress, requireChangeSet, requireStack, UPDATABLE, wrongState } from './backend.js';
import { EvalFailure } from './intrinsics.js';
import { runCreate } from './operations.js';
import { hierarchyOf, planNestedChangeSets } from './nested-change-sets.js';
import { attachPropertyValues } from './change-values.js';
import { planChanges } from './plan.js';
import { checkStackName, memberList, required, tags } from './query-params.js';
import type { ChangeSetRecord, RegionState, StackRecord } from './records.js';
import { renderChangeSet, renderChangeSetSummary } from './render.js';
import { launch, launchTask, nowIso, regionOf, seenToken } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import { describeOf, inputsOf, newStack } from './stack-actions.js';
import { runUpdate } from './update-operation.js';
import { pageOf } from './pagination.js';
import { applyGovernance, givenNotificationArns, givenRollbackConfiguration } from './settings-actions.js';
import type { ChangeSetGovernance } from './records.js';

export const NO_CHANGES_REASON = "The submitted information didn't contain changes. Submit different information to create a change set.";

function stackForChangeSet(core: ServiceCore, rs: RegionState, ctx: RequestContext, params: QueryParams, type: string, csName: string): StackRecord {
  const name = required(params, 'StackName');
  const existing = findStack(rs, name);
  if (type === 'CREATE') {
    if (existing && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw new AwsError('ValidationError', `Stack [${name}] already exists and cannot be created again with the changeSet [${csName}].`);
    }
    if (existing) return existing;
    checkStackName(name);
    const stack = newStack(core, ctx, name, params);
    stack.status = 'REVIEW_IN_PROGRESS';
    stack.statusReason = 'User Initiated';
    stack.events.push({ EventId: core.ids.uuid(), StackId: stack.stackId, StackName: name, LogicalResourceId: name, PhysicalResourceId: stack.stackId, ResourceType: 'AWS::CloudFormation::Stack', Timestamp: nowIso(core), ResourceStatus: 'REVIEW_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
    return stack;
  }
  if (!existing) throw new AwsError('ValidationError', `Stack [${name}] does not exist`);
  if (!UPDATABLE.includes(existing.status)) throw wrongState(existing);
  return existing;
}

function governanceOf(params: QueryParams): ChangeSetGovernance {
  const notificationArns = givenNotificationArns(params);
  const rollback = givenRollbackConfiguration(params);
  return { ...(params.RoleARN ? { roleArn: params.RoleARN } : {}), ...(notificationArns ? { notificationArns } : {}), ...(rollback ? { rollback } : {}) };
}

export async function createChangeSet(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const csName = required(params, 'ChangeSetName');
  if (!/^[a-zA-Z][-a-zA-Z0-9]*$/.test(csName) || csName.length > 128) {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${csName}' at 'changeSetName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
  }
  const type = params.ChangeSetType ?? 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE') throw new AwsError('ValidationError', `ChangeSetType ${type} is not supported by localcloud`);
  const stack = stackForChangeSet(core, rs, ctx, params, type, csName);
  const clash = rs.changeSets.find((c) => c.stackId === stack.stackId && c.changeSetName === csName);
  if (clash && params.ClientToken && clash.clientToken === params.ClientToken) return { Id: clash.changeSetId, StackId: stack.stackId };
  if (clash) throw new AwsError('AlreadyExistsException', `ChangeSet [${csName}] already exists`);
  const capabilities = memberList(params, 'Capabilities');
  const inputs = inputsOf(core, rs, stack, params, capabilities);
  const governance = governanceOf(params);
  if (!rs.stacks.includes(stack)) rs.stacks.push(stack);
  const cs: ChangeSetRecord = {
    changeSetId: `arn:aws:cloudformation:${ctx.region}:${ctx.account}:changeSet/${csName}/${core.ids.uuid()}`,
    changeSetName: csName,
    stackId: stack.stackId,
    stackName: stack.stackName,
    type,
    status: 'CREATE_PENDING',
    executionStatus: 'UNAVAILABLE',
    creationTime: nowIso(core),
    template: inputs.template,
    parameters: inputs.parameters,
    tags: params['Tags.member.1.Key'] !== undefined ? tags(params) : stack.tags,
    capabilities,
    notificationArns: givenNotificationArns(params) ?? stack.notificationArns,
    governance,
    changes: [],
  };
  if (params.IncludeNestedStacks === 'true') cs.includeNestedStacks = true;
  if (params.Description) cs.description = params.Description;
  if (params.ClientToken) cs.clientToken = params.ClientToken;
  rs.changeSets.push(cs);
  launchTask(core, async () => {
    await core.clock.sleep(core.engine.latencyMs);
    cs.status = 'CREATE_IN_PROGRESS';
    await core.clock.sleep(core.engine.latencyMs);
    let nestedSets: ChangeSetRecord[] = [];
    try {
      const nested = cs.includeNestedStacks ? new Map<string, Record<string, unknown>>() : undefined;
      cs.changes = planChanges(rs, stack, inputs, core.spec, cs.tags, nested);
      attachPropertyValues(rs, stack, inputs, cs.changes);
      if (nested) nestedSets = planNestedChangeSets(core, rs, { parentCs: cs, parent: stack, changes: cs.changes, nested });
    } catch (err) {
      // Known failures carry AWS's text; anything else still ends the change set, never leaves it pending.
      failHierarchy(rs, cs, err instanceof AwsError || err instanceof EvalFailure ? err.message : `Internal Failure: ${String(err)}`);
      return;
    }
    if (cs.changes.length === 0) {
      cs.status = 'FAILED';
      cs.statusReason = NO_CHANGES_REASON;
      return;
    }
    // The nested change sets complete with their root; only the root can be executed.
    for (const n of nestedSets) n.status = 'CREATE_COMPLETE';
    cs.status = 'CREATE_COMPLETE';
    cs.executionStatus = 'AVAILABLE';
  });
  return { Id: cs.changeSetId, StackId: stack.stackId };
}

/** A root that failed takes the nested change sets already made with it. */
function failHierarchy(rs: RegionState, root: ChangeSetRecord, reason: string): void {
  for (const c of hierarchyOf(rs, root)) {
    c.status = 'FAILED';
    c.statusReason = reason;
  }
}

export async function describeChangeSet(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const cs = requireChangeSet(regionOf(core, ctx), params.ChangeSetName, params.StackName);
  // The changes come in pages; the rest of the description is repeated on every page, as in AWS.
  const page = pageOf(cs.changes, (c) => c.LogicalResourceId, params);
  return { ...(renderChangeSet({ ...cs, changes: page.items }, params.IncludePropertyValues === 'true') as Record<string, XmlValue>), NextToken: page.nextToken };
}

export async function executeChangeSet(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const cs = requireChangeSet(rs, params.ChangeSetName, params.StackName);
  const stack = requireStack(rs, cs.stackId);
  const token = params.ClientRequestToken;
  if (token && stack.tokens.includes(`ExecuteChangeSet:${token}`)) return {};
  if (cs.rootChangeSetId) throw fromRootOnly(cs, 'executed');
  if (cs.executionStatus !== 'AVAILABLE') {
    throw new AwsError('InvalidChangeSetStatus', `ChangeSet [${cs.changeSetId}] cannot be executed in its current execution status of [${cs.executionStatus}]`);
  }
  if (isInProgress(stack.status)) throw wrongState(stack);
  seenToken(stack, 'ExecuteChangeSet', token);
  for (const other of rs.changeSets) if (other.stackId === stack.stackId && other !== cs) other.executionStatus = 'OBSOLETE';
  const nestedSets = hierarchyOf(rs, cs).slice(1);
  for (const c of [cs, ...nestedSets]) c.executionStatus = 'EXECUTE_IN_PROGRESS';
  stack.changeSetId = cs.changeSetId;
  stack.tags = cs.tags;
  stack.capabilities = cs.capabilities;
  applyGovernance(stack, cs.governance ?? {});
  describeOf(stack, cs.template.body);
  const inputs = { template: cs.template, parameters: cs.parameters };
  const disableRollback = params.DisableRollback === 'true';
  launch(core, rs, stack, token, async (run) => {
    if (cs.type === 'CREATE') {
      stack.template = inputs.template;
      stack.parameters = inputs.parameters;
      stack.disableRollback = disableRollback;
      await runCreate(run, inputs, disableRollback ? 'DO_NOTHING' : 'ROLLBACK');
    } else await runUpdate(run, inputs, core.spec);
    cs.executionStatus = executionOutcome(stack);
    // The parent's own operation ran each nested stack's create or update; each nested change set ends with its stack.
    for (const n of nestedSets) {
      const child = rs.stacks.find((s) => s.stackId === n.stackId);
      n.executionStatus = child ? executionOutcome(child) : 'EXECUTE_FAILED';
      if (child && n.executionStatus === 'EXECUTE_COMPLETE') child.changeSetId = n.changeSetId;
    }
  });
  return {};
}

const executionOutcome = (s: StackRecord) => (s.status === 'CREATE_COMPLETE' || s.status === 'UPDATE_COMPLETE' ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED');

/** Nested change sets are executed and deleted through their root (AWS: "must be executed from the root change set"). */
function fromRootOnly(cs: ChangeSetRecord, verb: string): AwsError {
  return new AwsError('InvalidChangeSetStatus', `ChangeSet [${cs.changeSetId}] is a nested change set and cannot be ${verb}; use its root change set [${cs.rootChangeSetId ?? ''}]`);
}

export async function deleteChangeSet(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const cs = requireChangeSet(rs, params.ChangeSetName, params.StackName);
  if (cs.executionStatus === 'EXECUTE_IN_PROGRESS') {
    throw new AwsError('InvalidChangeSetStatus', `Cannot delete ChangeSet [${cs.changeSetId}] while it is in status ${cs.executionStatus}`);
  }
  if (cs.rootChangeSetId) throw fromRootOnly(cs, 'deleted');
  const doomed = hierarchyOf(rs, cs);
  rs.changeSets = rs.changeSets.filter((c) => !doomed.includes(c));
  // Nested stacks the hierarchy made in REVIEW_IN_PROGRESS go with it, as in AWS.
  for (const n of doomed.slice(1)) {
    const child = rs.stacks.find((s) => s.stackId === n.stackId);
    if (child?.status !== 'REVIEW_IN_PROGRESS') continue;
    child.status = 'DELETE_COMPLETE';
    child.deletionTime = nowIso(core);
    child.events.push({ EventId: core.ids.uuid(), StackId: child.stackId, StackName: child.stackName, LogicalResourceId: child.stackName, PhysicalResourceId: child.stackId, ResourceType: 'AWS::CloudFormation::Stack', Timestamp: child.deletionTime, ResourceStatus: 'DELETE_COMPLETE' });
  }
  return {};
}

export async function listChangeSets(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const stack = requireStack(rs, required(params, 'StackName'));
  const page = pageOf(rs.changeSets.filter((c) => c.stackId === stack.stackId), (c) => c.changeSetId, params);
  return { Summaries: page.items.map(renderChangeSetSummary), NextToken: page.nextToken };
}
