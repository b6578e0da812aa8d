// AWS::CloudFormation::Stack: the physical resource is another stack of the same account and
// region (`<parent>-<LogicalId>-<SUFFIX>`, with ParentId and RootId), created, updated and deleted
// by its own operation on the clock. The parent's resource step waits for that operation to end.
import { isRecord } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import type { QueryParams, RequestContext } from '../../contract.js';
import { isDeleted } from './backend.js';
import { runCreate, runDelete } from './operations.js';
import type { ResourceRecord, StackRecord, Tag } from './records.js';
import { ResourceFailure } from './resource-types.js';
import type { Provisioned } from './resource-types.js';
import type { NestedStackPort, Run } from './run.js';
import { launch } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import type { StackInputs } from './stack-context.js';
import { describeOf, inputsOf, newStack } from './stack-actions.js';
import { runUpdate } from './update-operation.js';

const MAX_NAME = 128;

/** `<parent>-<LogicalId>-<12 upper-case alphanumerics>`, as CloudFormation names nested stacks (cut to 128). */
export function nestedStackName(parentName: string, logicalId: string, suffix: string): string {
  const head = `${parentName}-${logicalId}`.slice(0, MAX_NAME - suffix.length - 1);
  return `${head}-${suffix}`;
}

/** The REVIEW_IN_PROGRESS stack a nested change set made for the parent's resource `logicalId`, if any. */
export function reviewedChild(stacks: StackRecord[], parent: StackRecord, logicalId: string): StackRecord | undefined {
  const prefix = nestedStackName(parent.stackName, logicalId, 'X'.repeat(12)).slice(0, -12);
  return stacks.find((s) => s.parentId === parent.stackId && s.status === 'REVIEW_IN_PROGRESS' && s.stackName.startsWith(prefix));
}

const text = (v: unknown): string => (Array.isArray(v) ? v.map(String).join(',') : String(v));

/** The resource's properties as the Query parameters CreateStack / UpdateStack would receive. */
export function childParams(parent: StackRecord, logicalId: string, props: Record<string, unknown>): QueryParams {
  if (typeof props.TemplateURL !== 'string') {
    throw new ResourceFailure(`Properties validation failed for resource ${logicalId} with message: #: required key [TemplateURL] not found`);
  }
  const p: QueryParams = { TemplateURL: props.TemplateURL };
  const given = isRecord(props.Parameters) ? Object.entries(props.Parameters) : [];
  given.forEach(([key, value], i) => {
    p[`Parameters.member.${i + 1}.ParameterKey`] = key;
    p[`Parameters.member.${i + 1}.ParameterValue`] = text(value);
  });
  if (props.TimeoutInMinutes !== undefined) p.TimeoutInMinutes = text(props.TimeoutInMinutes);
  const arns = Array.isArray(props.NotificationARNs) ? props.NotificationARNs : [];
  arns.forEach((arn, i) => (p[`NotificationARNs.member.${i + 1}`] = text(arn)));
  childTags(parent, props).forEach((t, i) => {
    p[`Tags.member.${i + 1}.Key`] = t.Key;
    p[`Tags.member.${i + 1}.Value`] = t.Value;
  });
  // Capabilities acknowledged for the parent cover its nested stacks.
  parent.capabilities.forEach((c, i) => (p[`Capabilities.member.${i + 1}`] = c));
  return p;
}

/** The parent's stack tags propagate to the child; the resource's own Tags win on the same key. */
export function childTags(parent: StackRecord, props: Record<string, unknown>): Tag[] {
  const own = (Array.isArray(props.Tags) ? props.Tags : []).filter(isRecord).map((t) => ({ Key: text(t.Key), Value: text(t.Value) }));
  return [...parent.tags.filter((t) => !own.some((o) => o.Key === t.Key)), ...own];
}

/** Request errors (template not found or malformed, bad parameters) become the resource's failure. */
function asResourceFailure<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof AwsError) throw new ResourceFailure(err.message);
    throw err;
  }
}

/** What Ref and Fn::GetAtt see: the child's stack id, and `Outputs.<Name>` per output. */
function provisioned(child: StackRecord): Provisioned {
  const attributes: Record<string, unknown> = {};
  for (const o of child.outputs) attributes[`Outputs.${o.OutputKey}`] = o.OutputValue;
  return { physicalId: child.stackId, ref: child.stackId, attributes };
}

/** The reason of the child's last event with `status` (its stack status reason may be cleared since). */
function reasonOf(child: StackRecord, status: string): string {
  const e = [...child.events].reverse().find((x) => x.LogicalResourceId === child.stackName && x.ResourceStatus === status);
  return (e?.ResourceStatusReason ?? child.statusReason ?? '').trimEnd();
}

interface Pending {
  inputs: StackInputs;
  tags: Tag[];
}

/** The nested-stack port of the engine; `core` is read when a step runs (the engine is built inside it). */
export function nestedStacks(core: () => ServiceCore): NestedStackPort {
  /** Child inputs before the parent's update changed them, so a parent rollback can restore them. */
  const before = new Map<string, Pending>();

  const childOf = (parent: Run, physicalId: string | undefined): StackRecord => {
    const child = physicalId ? parent.rs.stacks.find((s) => s.stackId === physicalId) : undefined;
    if (!child || isDeleted(child)) throw new ResourceFailure(`Stack with id ${physicalId ?? ''} does not exist`);
    return child;
  };

  const inputsFor = (parent: Run, child: StackRecord, rec: ResourceRecord, props: Record<string, unknown>) => {
    const params = childParams(parent.stack, rec.logicalId, props);
    const inputs = asResourceFailure(() => inputsOf(core(), parent.rs, child, params, parent.stack.capabilities));
    return { params, inputs, tags: childTags(parent.stack, props) };
  };

  /** Runs an update of the child to `next`; throws with AWS's wording if the child rolled back. */
  const updateChild = async (parent: Run, child: StackRecord, next: Pending, mode: 'update' | 'parent-rollback' = 'update'): Promise<void> => {
    child.tags = next.tags;
    describeOf(child, next.inputs.template.body);
    await launch(core(), parent.rs, child, parent.token, (run) => runUpdate(run, next.inputs, core().spec, mode));
    await parent.sleep(0);
    if (child.status !== (mode === 'update' ? 'UPDATE_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE')) {
      const reason = reasonOf(child, 'UPDATE_ROLLBACK_IN_PROGRESS');
      throw new ResourceFailure(`Embedded stack ${child.stackId} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: ${reason}`);
    }
  };

  return {
    async create(parent, rec, props) {
      const c = core();
      const ps = parent.stack;
      const params = childParams(ps, rec.logicalId, props);
      const ctx: RequestContext = { account: ps.account, region: ps.region, requestId: '', accessKeyId: '' };
      // A nested change set (IncludeNestedStacks) made this child in REVIEW_IN_PROGRESS: executing the root creates that stack.
      const reviewed = reviewedChild(parent.rs.stacks, ps, rec.logicalId);
      const child = reviewed ?? newStack(c, ctx, nestedStackName(ps.stackName, rec.logicalId, c.ids.suffix(12)), params);
      child.capabilities = [...ps.capabilities];
      child.parentId = ps.stackId;
      child.rootId = ps.rootId ?? ps.stackId;
      const inputs = asResourceFailure(() => inputsOf(c, parent.rs, child, params, ps.capabilities));
      child.template = inputs.template;
      child.parameters = inputs.parameters;
      // The root stack decides about rollback: a failed child stays CREATE_FAILED until the parent deletes it.
      child.disableRollback = true;
      describeOf(child, inputs.template.body);
      if (!reviewed) parent.rs.stacks.push(child);
      rec.physicalId = child.stackId;
      parent.setResource(rec, 'CREATE_IN_PROGRESS', 'Resource creation Initiated');
      await launch(c, parent.rs, child, parent.token, (run) => runCreate(run, inputs, 'DO_NOTHING'));
      await parent.sleep(0);
      if (child.status !== 'CREATE_COMPLETE') {
        throw new ResourceFailure(`Embedded stack ${child.stackId} was not successfully created: ${reasonOf(child, child.status)}`);
      }
      return provisioned(child);
    },

    changed(parent, rec, props) {
      try {
        const child = childOf(parent, rec.physicalId);
        const { inputs, tags } = inputsFor(parent, child, rec, props);
        return !sameInputs(child, inputs, tags);
      } catch (err) {
        // The update itself reports why the child cannot be read.
        if (err instanceof ResourceFailure) return true;
        throw err;
      }
    },

    async update(parent, rec, props) {
      const child = childOf(parent, rec.physicalId);
      const { inputs, tags } = inputsFor(parent, child, rec, props);
      if (sameInputs(child, inputs, tags)) return provisioned(child);
      if (child.template) before.set(child.stackId, { inputs: { template: child.template, parameters: child.parameters }, tags: child.tags });
      await updateChild(parent, child, { inputs, tags });
      return provisioned(child);
    },

    async rollBack(parent, rec) {
      const child = childOf(parent, rec.physicalId);
      const previous = before.get(child.stackId);
      before.delete(child.stackId);
      // A child whose own update failed has already rolled itself back.
      if (!previous || child.status !== 'UPDATE_COMPLETE' || sameInputs(child, previous.inputs, previous.tags)) return;
      await updateChild(parent, child, previous, 'parent-rollback');
    },

    async delete(parent, physicalId) {
      const child = parent.rs.stacks.find((s) => s.stackId === physicalId);
      if (!child || isDeleted(child)) return;
      before.delete(child.stackId);
      await launch(core(), parent.rs, child, parent.token, (run) => runDelete(run, []));
      await parent.sleep(0);
      if (child.status !== 'DELETE_COMPLETE') {
        throw new ResourceFailure(`Embedded stack ${child.stackId} was not successfully deleted: ${reasonOf(child, child.status)}`);
      }
    },
  };
}

/** True when the child already runs `inputs` with `tags` (its update would change nothing). */
export function sameInputs(child: StackRecord, inputs: StackInputs, tags: Tag[]): boolean {
  return (
    JSON.stringify(inputs.template.body) === JSON.stringify(child.template?.body) &&
    JSON.stringify(inputs.parameters) === JSON.stringify(child.parameters) &&
    JSON.stringify(tags) === JSON.stringify(child.tags)
  );
}
