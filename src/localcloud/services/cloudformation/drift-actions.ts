// DetectStackDrift (on the clock), DescribeStackDriftDetectionStatus, DescribeStackResourceDrifts,
// DetectStackResourceDrift.
import { AwsError } from '../../contract.js';
import type { QueryParams, RequestContext, XmlValue } from '../../contract.js';
import { isInProgress, requireStack } from './backend.js';
import { checkResource } from './drift.js';
import { memberList, required } from './query-params.js';
import type { DriftDetectionRecord, ResourceRecord, StackRecord } from './records.js';
import { renderResourceDrift } from './render.js';
import { resourceKind } from './resource-types.js';
import { launchTask, nowIso, regionOf } from './service-core.js';
import type { ServiceCore } from './service-core.js';
import { maxResults, pageOf } from './pagination.js';

function checkOne(core: ServiceCore, stack: StackRecord, rec: ResourceRecord): void {
  const kind = resourceKind(rec.type, () => core.spec.attributeNames(rec.type));
  const ctx = { account: stack.account, region: stack.region, stackName: stack.stackName, logicalId: rec.logicalId, ids: core.ids, s3: core.s3, ssm: core.ssm, live: core.regions.get(stack.account, stack.region).live };
  rec.drift = checkResource(rec, kind, ctx, nowIso(core));
}

const checkable = (r: ResourceRecord) => r.physicalId !== undefined && r.status !== 'DELETE_COMPLETE' && r.status !== 'DELETE_SKIPPED';

export async function detectStackDrift(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const rs = regionOf(core, ctx);
  const stack = requireStack(rs, required(params, 'StackName'));
  if (isInProgress(stack.status) || stack.status === 'REVIEW_IN_PROGRESS' || stack.status === 'DELETE_COMPLETE') {
    throw new AwsError('ValidationError', `Drift detection cannot be performed on stack [${stack.stackId}] in status ${stack.status}`);
  }
  const only = memberList(params, 'LogicalResourceIds');
  const detection: DriftDetectionRecord = { id: core.ids.uuid(), stackId: stack.stackId, status: 'DETECTION_IN_PROGRESS', timestamp: nowIso(core) };
  rs.drifts.push(detection);
  launchTask(core, async () => {
    await core.clock.sleep(core.engine.latencyMs);
    const targets = Object.values(stack.resources).filter((r) => checkable(r) && (only.length === 0 || only.includes(r.logicalId)));
    try {
      for (const r of targets) checkOne(core, stack, r);
    } catch (err) {
      Object.assign(detection, { status: 'DETECTION_FAILED', statusReason: `Internal Failure: ${String(err)}`, timestamp: nowIso(core) });
      return;
    }
    const drifted = targets.filter((r) => r.drift?.status === 'MODIFIED' || r.drift?.status === 'DELETED').length;
    const now = nowIso(core);
    detection.status = 'DETECTION_COMPLETE';
    detection.stackDriftStatus = drifted > 0 ? 'DRIFTED' : 'IN_SYNC';
    detection.driftedCount = drifted;
    detection.timestamp = now;
    stack.drift = { status: detection.stackDriftStatus, lastCheck: now };
  });
  return { StackDriftDetectionId: detection.id };
}

export async function describeStackDriftDetectionStatus(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const id = required(params, 'StackDriftDetectionId');
  const d = regionOf(core, ctx).drifts.find((x) => x.id === id);
  if (!d) throw new AwsError('ValidationError', `Drift detection with id ${id} does not exist`);
  return {
    StackId: d.stackId,
    StackDriftDetectionId: d.id,
    StackDriftStatus: d.stackDriftStatus ?? 'UNKNOWN',
    DetectionStatus: d.status,
    DetectionStatusReason: d.statusReason ?? (d.status === 'DETECTION_COMPLETE' ? 'Drift detection completed.' : undefined),
    DriftedStackResourceCount: d.driftedCount,
    Timestamp: d.timestamp,
  };
}

export async function describeStackResourceDrifts(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  const filter = memberList(params, 'StackResourceDriftStatusFilters');
  const drifted = Object.values(stack.resources).filter((r) => r.drift && (filter.length === 0 || filter.includes(r.drift.status)));
  const page = pageOf(drifted, (r) => r.logicalId, params, maxResults(params));
  return { StackResourceDrifts: page.items.map((r) => renderResourceDrift(stack, r, r.drift!)), NextToken: page.nextToken };
}

export async function detectStackResourceDrift(core: ServiceCore, params: QueryParams, ctx: RequestContext): Promise<XmlValue> {
  const stack = requireStack(regionOf(core, ctx), required(params, 'StackName'));
  const id = required(params, 'LogicalResourceId');
  const rec = stack.resources[id];
  if (!rec || !checkable(rec)) throw new AwsError('ValidationError', `Resource ${id} does not exist for stack ${stack.stackName}`);
  checkOne(core, stack, rec);
  return { StackResourceDrift: renderResourceDrift(stack, rec, rec.drift!) };
}
