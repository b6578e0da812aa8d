// Change sets for nested stacks (CreateChangeSet IncludeNestedStacks=true): every nested stack the
// parent's change set creates or modifies gets a change set of its own, planned the same way, and the
// parent's change for it points there (ResourceChange.ChangeSetId). Only the root can be executed or
// deleted; nested change sets say so in their StatusReason.
import { isRecord } from '../../../template/index.js';
import type { RequestContext } from '../../contract.js';
import { isDeleted } from './backend.js';
import { isUnresolved } from './intrinsics.js';
import { childParams, childTags, nestedStackName, sameInputs } from './nested-stacks.js';
import { attachPropertyValues } from './change-values.js';
import { planChanges } from './plan.js';
import type { ChangeSetRecord, RegionState, ResourceChange, ResourceChangeDetail, StackRecord } from './records.js';
import { NESTED_STACK_TYPE } from './resource-types.js';
import { nowIso } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import type { StackInputs } from './stack-context.js';
import { inputsOf, newStack } from './stack-actions.js';

/** Nesting deeper than this is not planned (AWS allows deep hierarchies; a preview of 5 levels is plenty). */
export const MAX_NESTED_DEPTH = 5;

export const NESTED_STATUS_REASON = 'Executable from root change set';

/** The parent's line for a nested stack whose own change set holds the changes (as AWS shows it). */
const AUTOMATIC: ResourceChangeDetail = { Target: { Attribute: 'Properties', RequiresRecreation: 'Never' }, Evaluation: 'Dynamic', ChangeSource: 'Automatic' };

export interface NestedPlan {
  /** The parent's change set, the stack it changes and what its plan found. */
  parentCs: ChangeSetRecord;
  parent: StackRecord;
  changes: ResourceChange[];
  /** Evaluated properties of the parent's nested stack resources (from planChanges). */
  nested: Map<string, Record<string, unknown>>;
}

/**
 * Plans the nested change sets below `plan.parentCs`, recursively (bounded by MAX_NESTED_DEPTH),
 * adds them to the region and links the parent's changes to them. Returns every one made, so the
 * caller can complete or fail them with the root. Throws what planning a child throws.
 */
export function planNestedChangeSets(core: ServiceCore, rs: RegionState, plan: NestedPlan, depth = 1): ChangeSetRecord[] {
  if (depth > MAX_NESTED_DEPTH) return [];
  const made: ChangeSetRecord[] = [];
  for (const [logicalId, props] of plan.nested) {
    const change = plan.changes.find((c) => c.LogicalResourceId === logicalId);
    if (change?.Action === 'Remove') continue;
    const target = change?.Action === 'Add' ? reviewStack(core, rs, plan.parent, logicalId, props) : liveChild(rs, plan.parent, logicalId);
    if (!target) continue;
    const params = childParams(plan.parent, logicalId, withKnownParameters(props, target));
    // The capabilities acknowledged on the root change set cover its nested ones (the stack's own,
    // from its last operation, may not include what the new child template needs).
    const inputs: StackInputs = inputsOf(core, rs, target, params, plan.parentCs.capabilities);
    const tags = childTags(plan.parent, props);
    if (change?.Action !== 'Add' && sameInputs(target, inputs, tags)) continue;
    const nested = new Map<string, Record<string, unknown>>();
    const changes = planChanges(rs, target, inputs, core.spec, tags, nested);
    if (changes.length === 0) continue;
    attachPropertyValues(rs, target, inputs, changes);
    const cs = nestedRecord(core, plan, target, logicalId, inputs, changes, tags, change?.Action === 'Add' ? 'CREATE' : 'UPDATE');
    rs.changeSets.push(cs);
    made.push(cs, ...planNestedChangeSets(core, rs, { parentCs: cs, parent: target, changes, nested }, depth + 1));
    linkChange(plan.changes, plan.parent, logicalId, cs.changeSetId);
  }
  return made;
}

/** The child stack behind the parent's live nested stack resource. */
function liveChild(rs: RegionState, parent: StackRecord, logicalId: string): StackRecord | undefined {
  const rec = parent.resources[logicalId];
  if (!rec || rec.type !== NESTED_STACK_TYPE || !rec.physicalId) return undefined;
  const child = rs.stacks.find((s) => s.stackId === rec.physicalId);
  return child && !isDeleted(child) ? child : undefined;
}

/** A new child in REVIEW_IN_PROGRESS, as for a CREATE change set; executing the root creates it, deleting the root deletes it. */
function reviewStack(core: ServiceCore, rs: RegionState, parent: StackRecord, logicalId: string, props: Record<string, unknown>): StackRecord {
  const ctx: RequestContext = { account: parent.account, region: parent.region, requestId: '', accessKeyId: '' };
  const child = newStack(core, ctx, nestedStackName(parent.stackName, logicalId, core.ids.suffix(12)), childParams(parent, logicalId, withKnownParameters(props)));
  child.status = 'REVIEW_IN_PROGRESS';
  child.statusReason = 'User Initiated';
  child.parentId = parent.stackId;
  child.rootId = parent.rootId ?? parent.stackId;
  child.capabilities = [...parent.capabilities];
  child.events.push({ EventId: core.ids.uuid(), StackId: child.stackId, StackName: child.stackName, LogicalResourceId: child.stackName, PhysicalResourceId: child.stackId, ResourceType: NESTED_STACK_TYPE, Timestamp: nowIso(core), ResourceStatus: 'REVIEW_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
  rs.stacks.push(child);
  return child;
}

/**
 * A parameter the parent only knows after deploying (an output of a resource it changes) keeps the
 * child's current value, or a placeholder for a new child, so the child's plan can still be made.
 */
function withKnownParameters(props: Record<string, unknown>, child?: StackRecord): Record<string, unknown> {
  if (!isRecord(props.Parameters)) return props;
  const parameters: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props.Parameters)) {
    parameters[key] = isUnresolved(value) ? (child?.parameters.find((p) => p.key === key)?.value ?? '{{known after deploy}}') : value;
  }
  return { ...props, Parameters: parameters };
}

function nestedRecord(
  core: ServiceCore,
  plan: NestedPlan,
  target: StackRecord,
  logicalId: string,
  inputs: StackInputs,
  changes: ResourceChange[],
  tags: StackRecord['tags'],
  type: 'CREATE' | 'UPDATE',
): ChangeSetRecord {
  const root = plan.parentCs.rootChangeSetId ?? plan.parentCs.changeSetId;
  // Named after the parent's change set and the resource, with a suffix, like the nested stacks themselves.
  const name = nestedStackName(plan.parentCs.changeSetName, logicalId, core.ids.suffix(12));
  return {
    changeSetId: `arn:aws:cloudformation:${target.region}:${target.account}:changeSet/${name}/${core.ids.uuid()}`,
    changeSetName: name,
    stackId: target.stackId,
    stackName: target.stackName,
    type,
    status: plan.parentCs.status,
    statusReason: NESTED_STATUS_REASON,
    executionStatus: 'UNAVAILABLE',
    creationTime: nowIso(core),
    template: inputs.template,
    parameters: inputs.parameters,
    tags,
    capabilities: plan.parentCs.capabilities,
    notificationArns: [],
    changes,
    includeNestedStacks: true,
    parentChangeSetId: plan.parentCs.changeSetId,
    rootChangeSetId: root,
  };
}

/** The parent's change for the nested stack carries the nested change set's ARN; one the parent did not list becomes a Modify. */
function linkChange(changes: ResourceChange[], parent: StackRecord, logicalId: string, changeSetId: string): void {
  const existing = changes.find((c) => c.LogicalResourceId === logicalId);
  if (existing) {
    existing.ChangeSetId = changeSetId;
    if (existing.Action === 'Modify' && !existing.Details.some((d) => d.ChangeSource === 'Automatic')) {
      existing.Details.push(AUTOMATIC);
      if (!existing.Scope.includes('Properties')) existing.Scope.push('Properties');
    }
    return;
  }
  const change: ResourceChange = { Action: 'Modify', LogicalResourceId: logicalId, ResourceType: NESTED_STACK_TYPE, Replacement: 'False', Scope: ['Properties'], Details: [AUTOMATIC], ChangeSetId: changeSetId };
  const physicalId = parent.resources[logicalId]?.physicalId;
  if (physicalId) change.PhysicalResourceId = physicalId;
  changes.push(change);
}

/** The root change set and every nested one below it. */
export function hierarchyOf(rs: RegionState, root: ChangeSetRecord): ChangeSetRecord[] {
  return [root, ...rs.changeSets.filter((c) => c.rootChangeSetId === root.changeSetId)];
}
