// POST /_localcloud/live: change or delete a resource's live state, as a console edit would.
// Buckets and parameters are edited in localcloud's S3/SSM so every reader sees the change.
import { AwsError } from '../../contract.js';
import type { LiveEdit } from './admin.js';
import { findStack } from './backend.js';
import type { Regions } from './backend.js';
import type { RegionState, StackRecord } from './records.js';
import type { ServiceCore } from './service-core.js';

function locate(regions: Regions, edit: LiveEdit): { rs: RegionState; stack: StackRecord } {
  const candidates = edit.account ? [regions.get(edit.account, edit.region)] : regions.all().filter((r) => r.region === edit.region);
  for (const rs of candidates) {
    const stack = findStack(rs, edit.stackName);
    if (stack) return { rs, stack };
  }
  throw new AwsError('ValidationError', `Stack with id ${edit.stackName} does not exist`);
}

export function applyLiveEdit(core: ServiceCore, edit: LiveEdit): void {
  const { rs, stack } = locate(core.regions, edit);
  const rec = stack.resources[edit.logicalId];
  if (!rec || rec.physicalId === undefined) throw new AwsError('ValidationError', `Resource ${edit.logicalId} does not exist for stack ${stack.stackName}`);
  const physicalId = rec.physicalId;
  const key = `${rec.type}|${physicalId}`;
  if (rec.type === 'AWS::S3::Bucket') {
    if (edit.delete) core.s3.deleteBucket(physicalId, true);
    else if (edit.properties) core.s3.configureBucket(physicalId, { ...rec.properties, ...edit.properties });
    return;
  }
  if (rec.type === 'AWS::SSM::Parameter') {
    if (edit.delete) core.ssm.delete(stack.account, stack.region, physicalId);
    else if (edit.properties) {
      const current = core.ssm.get(stack.account, stack.region, physicalId);
      const value = edit.properties.Value ?? current?.value ?? rec.properties.Value;
      const type = (edit.properties.Type ?? current?.type ?? 'String') as 'String' | 'StringList' | 'SecureString';
      core.ssm.put(stack.account, stack.region, physicalId, String(value), type, { overwrite: true });
    }
    return;
  }
  if (edit.delete) {
    delete rs.live[key];
    return;
  }
  const current = rs.live[key] ?? { type: rec.type, properties: structuredClone(rec.properties) };
  rs.live[key] = { type: rec.type, properties: { ...current.properties, ...edit.properties } };
}
