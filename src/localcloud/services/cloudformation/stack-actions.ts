// CreateStack, UpdateStack, DeleteStack and the read actions over stacks, resources and events.
import { EvaluationError, expandLanguageExtensions, modelOf, usesLanguageExtensions } from '../../../template/index.js';
import { AwsError } from '../../contract.js';
import type { QueryParams, RequestContext, XmlValue } from '../../contract.js';
import { findStack, isDeleted, isInProgress, requireStack, UPDATABLE, wrongState } from './backend.js';
import { checkCapabilities } from './capabilities.js';
import { EvalFailure } from './intrinsics.js';
import { runCreate, runDelete } from './operations.js';
import type { OnFailure } from './operations.js';
import { parameterValueForTemplate, resolveParameters } from './parameters.js';
import { planChanges } from './plan.js';
import { bool, checkStackName, givenParameters, memberList, required, tags } from './query-params.js';
import type { ParameterValue, RegionState, StackRecord, TemplateRecord } from './records.js';
import { renderResource, renderResourceSummary, renderStack, renderStackSummary } from './render.js';
import { launch, nowIso, regionOf, seenToken } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import { stackView } from './stack-context.js';
import type { StackInputs, StackView } from './stack-context.js';
import { checkParameterReferences, DynamicReferenceError } from './dynamic-references.js';
import type { ReferenceSources } from './dynamic-references.js';
import { asValidation, checkMappings, checkResourceTypes, checkTransforms } from './template-checks.js';
import { checkStructure, templateOfRequest } from './template-source.js';
import { runUpdate } from './update-operation.js';
import { pageOf } from './pagination.js';
import { applyGovernance, givenNotificationArns, givenRollbackConfiguration, givenStackPolicy } from './settings-actions.js';

/** A new stack record (not yet in any list). */
export function newStack(core: ServiceCore, ctx: RequestContext, name: string, params: QueryParams): StackRecord {
  const s: StackRecord = {
    stackId: `arn:aws:cloudformation:${ctx.region}:${ctx.account}:stack/${name}/${core.ids.uuid()}`,
    stackName: name,
    account: ctx.account,
    region: ctx.region,
    status: 'CREATE_IN_PROGRESS',
    creationTime: nowIso(core),
    parameters: [],
    tags: tags(params),
    capabilities: memberList(params, 'Capabilities'),
    notificationArns: memberList(params, 'NotificationARNs'),
    disableRollback: bool(params, 'DisableRollback') ?? false,
    terminationProtection: bool(params, 'EnableTerminationProtection') ?? false,
    outputs: [],
    resources: {},
    events: [],
    tokens: [],
  };
  if (params.TimeoutInMinutes) s.timeoutInMinutes = Number(params.TimeoutInMinutes);
  if (params.RoleARN) s.roleArn = params.RoleARN;
  const rollback = givenRollbackConfiguration(params);
  if (rollback) s.rollbackConfiguration = rollback;
  return s;
}

/** Template, capabilities and parameters of a request, checked before anything starts. */
export function inputsOf(core: ServiceCore, rs: RegionState, stack: StackRecord, params: QueryParams, capabilities: string[]): StackInputs {
  let template = params.UsePreviousTemplate === 'true' && stack.template ? stack.template : templateOfRequest(params, core.s3);
  checkResourceTypes(template.body, core.spec);
  checkCapabilities(template.body, capabilities);
  const parameters = resolveParameters(template.body, givenParameters(params), stack.parameters, { account: rs.account, region: rs.region, ssm: core.ssm });
  template = processed(rs, template, stack, parameters);
  checkStructure(template.body);
  // IAM resources made by Fn::ForEach only show after expansion.
  checkCapabilities(template.body, capabilities);
  const inputs = { template, parameters };
  // Surfaces circular dependencies, broken conditions and missing mapping keys as the request's error.
  const view = asValidation(() => stackView({ stack, inputs, records: () => ({}), known: () => false, exportValue: () => '' }));
  asValidation(() => checkMappings(view, template.body));
  if (template.text.includes('{{resolve:')) checkReferences(view, { account: rs.account, region: rs.region, ssm: core.ssm, rs });
  return inputs;
}

/** SSM parameters named by ssm / ssm-secure references must exist when the template is submitted. */
function checkReferences(view: StackView, src: ReferenceSources): void {
  const values: unknown[] = [];
  for (const r of view.resources.values()) {
    try {
      values.push(view.evaluate(r.properties));
    } catch (err) {
      // a value that cannot be evaluated yet fails its resource later, with the reason
      if (!(err instanceof EvalFailure)) throw err;
    }
  }
  try {
    checkParameterReferences(values, src);
  } catch (err) {
    if (err instanceof DynamicReferenceError) throw new AwsError('ValidationError', err.message);
    throw err;
  }
}

/** Expands AWS::LanguageExtensions; other transforms (SAM, macros) are not run by localcloud. */
function processed(rs: RegionState, template: TemplateRecord, stack: StackRecord, parameters: ParameterValue[]): TemplateRecord {
  let body = template.body;
  if (usesLanguageExtensions(body)) {
    const values: Record<string, string | string[]> = {};
    const valueOf = parameterValueForTemplate(body);
    for (const p of parameters) values[p.key] = valueOf(p) as string | string[];
    try {
      body = expandLanguageExtensions(body, { region: stack.region, accountId: stack.account, stackName: stack.stackName, stackId: stack.stackId, parameters: values });
    } catch (err) {
      if (err instanceof EvaluationError) throw new AwsError('ValidationError', err.message);
      throw err;
    }
  }
  checkTransforms(rs, body, modelOf(body).transforms);
  return body === template.body ? template : { text: template.text, body, processed: true };
}

export function describeOf(stack: StackRecord, body: Record<string, unknown>): void {
  const d = modelOf(body).description;
  if (d === undefined) delete stack.description;
  else stack.description = d;
}

export function onFailureOf(params: QueryParams): OnFailure {
  const v = params.OnFailure;
  if (v !== undefined && v !== 'ROLLBACK' && v !== 'DELETE' && v !== 'DO_NOTHING') {
    throw new AwsError('ValidationError', `1 validation error detected: Value '${v}' at 'onFailure' failed to satisfy constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]`);
  }
  if (v !== undefined && params.DisableRollback !== undefined) throw new AwsError('ValidationError', 'You cannot specify both OnFailure and DisableRollback.');
  return v ?? (params.DisableRollback === 'true' ? 'DO_NOTHING' : 'ROLLBACK');
}

export async function createStack(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const name = required(params, 'StackName');
  checkStackName(name);
  const rs = regionOf(core, ctx);
  const token = params.ClientRequestToken;
  const existing = findStack(rs, name);
  if (existing && token && existing.tokens.includes(`CreateStack:${token}`)) return { StackId: existing.stackId };
  if (existing) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
  const onFailure = onFailureOf(params);
  const stack = newStack(core, ctx, name, params);
  const policy = givenStackPolicy(params);
  if (policy !== undefined) stack.stackPolicy = policy;
  const inputs = inputsOf(core, rs, stack, params, stack.capabilities);
  stack.template = inputs.template;
  stack.parameters = inputs.parameters;
  stack.disableRollback = onFailure === 'DO_NOTHING';
  describeOf(stack, inputs.template.body);
  seenToken(stack, 'CreateStack', token);
  rs.stacks.push(stack);
  launch(core, rs, stack, token, (run) => runCreate(run, inputs, onFailure));
  return { StackId: stack.stackId };
}

export async function updateStack(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const stack = requireStack(rs, required(params, 'StackName'));
  const token = params.ClientRequestToken;
  if (token && stack.tokens.includes(`UpdateStack:${token}`)) return { StackId: stack.stackId };
  if (!UPDATABLE.includes(stack.status)) throw wrongState(stack);
  const capabilities = memberList(params, 'Capabilities');
  const inputs = inputsOf(core, rs, stack, params, capabilities);
  const newTags = params['Tags.member.1.Key'] !== undefined ? tags(params) : stack.tags;
  const unchanged =
    JSON.stringify(inputs.template.body) === JSON.stringify(stack.template?.body) &&
    JSON.stringify(inputs.parameters) === JSON.stringify(stack.parameters) &&
    JSON.stringify(newTags) === JSON.stringify(stack.tags);
  if (unchanged) throw new AwsError('ValidationError', 'No updates are to be performed.');
  try {
    // Refuses what CloudFormation refuses before starting (a changed resource type, a broken value).
    planChanges(rs, stack, inputs, core.spec);
  } catch (err) {
    if (err instanceof EvalFailure) throw new AwsError('ValidationError', err.message);
    throw err;
  }
  seenToken(stack, 'UpdateStack', token);
  stack.tags = newTags;
  stack.capabilities = capabilities;
  const policy = givenStackPolicy(params);
  if (policy !== undefined) stack.stackPolicy = policy;
  const notificationArns = givenNotificationArns(params);
  const rollback = givenRollbackConfiguration(params);
  applyGovernance(stack, { ...(params.RoleARN ? { roleArn: params.RoleARN } : {}), ...(notificationArns ? { notificationArns } : {}), ...(rollback ? { rollback } : {}) });
  if (params.DisableRollback !== undefined) stack.disableRollback = params.DisableRollback === 'true';
  describeOf(stack, inputs.template.body);
  launch(core, rs, stack, token, (run) => runUpdate(run, inputs, core.spec));
  return { StackId: stack.stackId };
}

export async function deleteStack(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const stack = findStack(rs, required(params, 'StackName'));
  // Deleting a stack that is gone (or going) succeeds, as in AWS.
  if (!stack || isDeleted(stack) || stack.status === 'DELETE_IN_PROGRESS') return {};
  const token = params.ClientRequestToken;
  if (seenToken(stack, 'DeleteStack', token)) return {};
  if (stack.terminationProtection) {
    throw new AwsError('ValidationError', `Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
  }
  if (stack.status === 'REVIEW_IN_PROGRESS') {
    const now = nowIso(core);
    stack.status = 'DELETE_COMPLETE';
    stack.deletionTime = now;
    rs.changeSets = rs.changeSets.filter((c) => c.stackId !== stack.stackId);
    stack.events.push({ EventId: core.ids.uuid(), StackId: stack.stackId, StackName: stack.stackName, LogicalResourceId: stack.stackName, PhysicalResourceId: stack.stackId, ResourceType: 'AWS::CloudFormation::Stack', Timestamp: now, ResourceStatus: 'DELETE_COMPLETE' });
    return {};
  }
  if (isInProgress(stack.status)) throw wrongState(stack, 'deleted');
  const retain = stack.status === 'DELETE_FAILED' ? memberList(params, 'RetainResources') : [];
  launch(core, rs, stack, token, (run) => runDelete(run, retain));
  return {};
}

export async function describeStacks(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const name = params.StackName;
  if (name) return { Stacks: [renderStack(requireStack(rs, name))] };
  const page = pageOf(rs.stacks.filter((s) => !isDeleted(s)), (s) => s.stackId, params);
  return { Stacks: page.items.map(renderStack), NextToken: page.nextToken };
}

export async function listStacks(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const filter = memberList(params, 'StackStatusFilter');
  const stacks = regionOf(core, ctx).stacks.filter((s) => filter.length === 0 || filter.includes(s.status));
  const page = pageOf([...stacks].reverse(), (s) => s.stackId, params);
  return { StackSummaries: page.items.map(renderStackSummary), NextToken: page.nextToken };
}

function stackForRead(rs: RegionState, name: string | undefined): StackRecord {
  const stack = name ? findStack(rs, name) : undefined;
  if (!stack) throw new AwsError('ValidationError', `Stack [${name ?? ''}] does not exist`);
  return stack;
}

export async function describeStackEvents(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = stackForRead(regionOf(core, ctx), required(params, 'StackName'));
  const page = pageOf([...stack.events].reverse(), (e) => e.EventId, params);
  return { StackEvents: page.items.map((e) => ({ ...e })), NextToken: page.nextToken };
}

export async function describeStackResources(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const physical = params.PhysicalResourceId;
  let stack: StackRecord | undefined;
  if (params.StackName) stack = requireStack(rs, params.StackName);
  else if (physical) {
    stack = rs.stacks.find((s) => !isDeleted(s) && Object.values(s.resources).some((r) => r.physicalId === physical));
    if (!stack) throw new AwsError('ValidationError', `Stack for ${physical} does not exist`);
  } else throw new AwsError('ValidationError', 'Either StackName or PhysicalResourceId must be specified.');
  const logical = params.LogicalResourceId;
  const found = stack;
  // By PhysicalResourceId AWS answers with every resource of the stack that holds it.
  const resources = Object.values(found.resources).filter((r) => !logical || r.logicalId === logical);
  return { StackResources: resources.map((r) => renderResource(found, r, false)) };
}

export async function describeStackResource(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  const id = required(params, 'LogicalResourceId');
  const r = stack.resources[id];
  if (!r) throw new AwsError('ValidationError', `Resource ${id} does not exist for stack ${stack.stackName}`);
  return { StackResourceDetail: renderResource(stack, r, true) };
}

export async function listStackResources(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  const page = pageOf(Object.values(stack.resources), (r) => r.logicalId, params);
  return { StackResourceSummaries: page.items.map(renderResourceSummary), NextToken: page.nextToken };
}
