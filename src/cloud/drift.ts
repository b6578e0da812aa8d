// Drift detection: DetectStackDrift -> poll the detection status -> resource drifts.
// NOT_CHECKED resources are reported as such, never counted as in sync.
import {
  DescribeStackDriftDetectionStatusCommand,
  ListStackResourcesCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
  type StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import type { CloudTarget } from './clients.js';
import { clientsOf, CloudError, pollUntil, send, type CloudDeps } from './cloud-deps.js';
import { errorCode, isRetryable } from './retry-policy.js';
import { describeStack } from './stacks.js';

export interface PropertyDifference {
  path: string;
  expected?: string;
  actual?: string;
  type: string;
}

export interface ResourceDrift {
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  /** IN_SYNC | MODIFIED | DELETED | NOT_CHECKED */
  status: string;
  differences: PropertyDifference[];
}

export interface DriftReport {
  stackName: string;
  region: string;
  /** DRIFTED | IN_SYNC | NOT_CHECKED (no resource could be checked) | UNKNOWN */
  status: string;
  drifted: ResourceDrift[];
  notChecked: ResourceDrift[];
  inSync: number;
  /** Set when the endpoint has no drift detection at all (LocalStack, moto): every resource is NOT_CHECKED, and why. */
  unsupported?: string;
}

function driftOf(d: StackResourceDrift): ResourceDrift {
  const out: ResourceDrift = {
    logicalId: d.LogicalResourceId ?? '',
    resourceType: d.ResourceType ?? '',
    status: d.StackResourceDriftStatus ?? 'UNKNOWN',
    differences: (d.PropertyDifferences ?? []).map((p) => ({
      path: p.PropertyPath ?? '',
      ...(p.ExpectedValue !== undefined ? { expected: p.ExpectedValue } : {}),
      ...(p.ActualValue !== undefined ? { actual: p.ActualValue } : {}),
      type: p.DifferenceType ?? '',
    })),
  };
  if (d.PhysicalResourceId) out.physicalId = d.PhysicalResourceId;
  return out;
}

/** How deep nested stacks are followed (CloudFormation itself allows more; deeper ones are reported NOT_CHECKED). */
const MAX_NESTING = 5;

/**
 * Detects drift on one stack and reports every resource that is not in sync. CloudFormation does
 * not look into nested stacks (their AWS::CloudFormation::Stack resource is NOT_CHECKED), so each is
 * checked here in turn and its resources reported as `<NestedLogicalId>/<LogicalId>`.
 */
export async function detectDrift(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<DriftReport> {
  return detectWithNested(deps, target, stackName, 0);
}

async function detectWithNested(deps: CloudDeps, target: CloudTarget, stackName: string, depth: number): Promise<DriftReport> {
  const report = await detectOne(deps, target, stackName);
  if (depth >= MAX_NESTING) return report;
  if (report.unsupported) return report;
  for (const nested of report.notChecked.filter((d) => d.resourceType === 'AWS::CloudFormation::Stack' && d.physicalId)) {
    const child = await nestedReport(deps, target, nested, depth);
    report.notChecked = report.notChecked.filter((d) => d !== nested);
    const prefixed = (d: ResourceDrift): ResourceDrift => ({ ...d, logicalId: `${nested.logicalId}/${d.logicalId}` });
    if (child === 'deleted') {
      report.drifted.push({ ...nested, status: 'DELETED' });
    } else {
      report.drifted.push(...child.drifted.map(prefixed));
      report.notChecked.push(...child.notChecked.map(prefixed));
      report.inSync += child.inSync + 1;
    }
  }
  if (report.drifted.length > 0) report.status = 'DRIFTED';
  return report;
}

/** The nested stack's own report, or 'deleted' when it was deleted behind the parent's back. */
async function nestedReport(deps: CloudDeps, target: CloudTarget, nested: ResourceDrift, depth: number): Promise<DriftReport | 'deleted'> {
  const id = nested.physicalId as string;
  try {
    return await detectWithNested(deps, target, id, depth + 1);
  } catch (err) {
    if (errorCode(err) !== 'ValidationError') throw err;
    const stack = await describeStack(deps, target, id);
    if (!stack || stack.status === 'DELETE_COMPLETE') return 'deleted';
    throw err;
  }
}

/**
 * Why an endpoint answered DetectStackDrift as one without drift detection: AWS's own
 * UnsupportedOperation, HTTP 501 (LocalStack: "not yet emulated"), or an answer that is not AWS's
 * protocol at all (moto serves an HTML page). Such an answer is final: it is not retried.
 */
export function driftUnsupported(err: unknown): string | undefined {
  const code = errorCode(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  const message = String((err as Error)?.message ?? '').split('\n')[0] ?? '';
  if (code === 'UnsupportedOperation' || code === 'NotImplemented' || code === 'InvalidAction') return `${code}: ${message}`;
  if (status === 501) return `HTTP 501: ${message}`;
  if (/Deserialization error|XML parse error|Unexpected token|not valid JSON/i.test(String((err as Error)?.message ?? ''))) return `the endpoint's answer is not CloudFormation's (HTTP ${status ?? '?'}): ${message}`;
  return undefined;
}

async function notCheckedReport(deps: CloudDeps, target: CloudTarget, stackName: string, why: string): Promise<DriftReport> {
  const { cloudformation } = clientsOf(deps, target);
  const resources: ResourceDrift[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await send(deps, () => cloudformation.send(new ListStackResourcesCommand({ StackName: stackName, NextToken: token })));
    for (const r of out.StackResourceSummaries ?? []) {
      resources.push({ logicalId: r.LogicalResourceId ?? '', resourceType: r.ResourceType ?? '', status: 'NOT_CHECKED', differences: [], ...(r.PhysicalResourceId ? { physicalId: r.PhysicalResourceId } : {}) });
    }
    token = out.NextToken;
    if (!token) break;
  }
  return { stackName, region: target.region, status: 'NOT_CHECKED', drifted: [], notChecked: resources, inSync: 0, unsupported: why };
}

async function detectOne(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<DriftReport> {
  const { cloudformation } = clientsOf(deps, target);
  const call = () => cloudformation.send(new DetectStackDriftCommand({ StackName: stackName }));
  let started;
  try {
    // One attempt first: an endpoint without drift detection answers the same every time.
    started = await send({ ...deps, retry: { ...deps.retry, attempts: 1 } }, call);
  } catch (err) {
    const why = driftUnsupported(err);
    if (why) return notCheckedReport(deps, target, stackName, why);
    if (!isRetryable(err, deps.retry)) throw err;
    started = await send(deps, call);
  }
  const id = started.StackDriftDetectionId;
  if (!id) throw new CloudError('DRIFT_FAILED', `DetectStackDrift on ${stackName} returned no detection id`);
  const status = await pollUntil(deps, `drift detection on ${stackName}`, async () => {
    const out = await send(deps, () => cloudformation.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id })));
    return out.DetectionStatus === 'DETECTION_IN_PROGRESS' ? undefined : out;
  });
  if (status.DetectionStatus === 'DETECTION_FAILED' && !status.StackDriftStatus) {
    throw new CloudError('DRIFT_FAILED', `drift detection on ${stackName} in ${target.region} failed: ${status.DetectionStatusReason ?? 'no reason given'}`);
  }
  const drifts: ResourceDrift[] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await send(deps, () => cloudformation.send(new DescribeStackResourceDriftsCommand({ StackName: stackName, NextToken: token })));
    drifts.push(...(out.StackResourceDrifts ?? []).map(driftOf));
    token = out.NextToken;
    if (!token) break;
  }
  return {
    stackName,
    region: target.region,
    status: status.StackDriftStatus ?? 'UNKNOWN',
    drifted: drifts.filter((d) => d.status === 'MODIFIED' || d.status === 'DELETED'),
    notChecked: drifts.filter((d) => d.status === 'NOT_CHECKED'),
    inSync: drifts.filter((d) => d.status === 'IN_SYNC').length,
  };
}
