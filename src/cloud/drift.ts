// Drift detection: DetectStackDrift -> poll the detection status -> resource drifts.
// NOT_CHECKED resources are reported as such, never counted as in sync.
import {
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackResourceDriftsCommand,
  DetectStackDriftCommand,
  type StackResourceDrift,
} from '@aws-sdk/client-cloudformation';
import type { CloudTarget } from './clients.js';
import { clientsOf, CloudError, pollUntil, send, type CloudDeps } from './cloud-deps.js';

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

/** Detects drift on one stack and reports every resource that is not in sync. */
export async function detectDrift(deps: CloudDeps, target: CloudTarget, stackName: string): Promise<DriftReport> {
  const { cloudformation } = clientsOf(deps, target);
  const started = await send(deps, () => cloudformation.send(new DetectStackDriftCommand({ StackName: stackName })));
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
