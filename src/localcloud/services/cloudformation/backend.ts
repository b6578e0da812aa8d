// CloudFormation state per account x region (created on first use), and the lookups every
// action shares: stacks by name or id, change sets, exports.
import { AwsError } from '../../contract.js';
import type { ChangeSetRecord, RegionState, StackRecord, StackStatus } from './records.js';

export const isDeleted = (s: StackRecord) => s.status === 'DELETE_COMPLETE';
export const isStackArn = (v: string) => v.startsWith('arn:aws:cloudformation:');

/** Statuses from which UpdateStack / an UPDATE change set may start. */
export const UPDATABLE: readonly StackStatus[] = ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE'];

export const isInProgress = (s: StackStatus) => s.endsWith('_IN_PROGRESS') && s !== 'REVIEW_IN_PROGRESS';

export class Regions {
  private states = new Map<string, RegionState>();
  /** Bumped by reset/restore so operations still running against old state stop touching it. */
  generation = 0;

  get(account: string, region: string): RegionState {
    const key = `${account}/${region}`;
    let s = this.states.get(key);
    if (!s) {
      s = { account, region, stacks: [], changeSets: [], drifts: [], live: {} };
      this.states.set(key, s);
    }
    return s;
  }

  all(): RegionState[] {
    return [...this.states.values()];
  }

  reset(): void {
    this.states.clear();
    this.generation += 1;
  }

  snapshot(): RegionState[] {
    return structuredClone(this.all());
  }

  /** Restores saved state. Operations that were running when it was saved cannot resume: they end failed. */
  restore(states: RegionState[], now: string): void {
    this.reset();
    for (const s of structuredClone(states)) {
      this.states.set(`${s.account}/${s.region}`, s);
      for (const stack of s.stacks) interrupt(stack, now);
      for (const c of s.changeSets) {
        if (c.status === 'CREATE_PENDING' || c.status === 'CREATE_IN_PROGRESS') Object.assign(c, { status: 'FAILED', statusReason: INTERRUPTED });
        if (c.executionStatus === 'EXECUTE_IN_PROGRESS') c.executionStatus = 'EXECUTE_FAILED';
      }
      for (const d of s.drifts) if (d.status === 'DETECTION_IN_PROGRESS') Object.assign(d, { status: 'DETECTION_FAILED', statusReason: INTERRUPTED });
    }
  }
}

const INTERRUPTED = 'localcloud stopped while this operation was running';

/** Where a stack lands when its operation was cut off by a restart: the state a failure would reach. */
const AFTER_INTERRUPT: Partial<Record<StackStatus, StackStatus>> = {
  CREATE_IN_PROGRESS: 'CREATE_FAILED',
  ROLLBACK_IN_PROGRESS: 'ROLLBACK_FAILED',
  UPDATE_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_COMPLETE',
  UPDATE_ROLLBACK_IN_PROGRESS: 'UPDATE_ROLLBACK_FAILED',
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'UPDATE_ROLLBACK_COMPLETE',
  DELETE_IN_PROGRESS: 'DELETE_FAILED',
};

function interrupt(stack: StackRecord, now: string): void {
  const next = AFTER_INTERRUPT[stack.status];
  if (!next) return;
  stack.status = next;
  stack.statusReason = INTERRUPTED;
  stack.events.push({ EventId: `${stack.stackName}-${next}-${now}`, StackId: stack.stackId, StackName: stack.stackName, LogicalResourceId: stack.stackName, PhysicalResourceId: stack.stackId, ResourceType: 'AWS::CloudFormation::Stack', Timestamp: now, ResourceStatus: next, ResourceStatusReason: INTERRUPTED });
  for (const r of Object.values(stack.resources)) {
    if (r.status.endsWith('_IN_PROGRESS')) Object.assign(r, { status: r.status.replace('_IN_PROGRESS', '_FAILED'), statusReason: INTERRUPTED, timestamp: now });
  }
}

/** The active stack of that name, or any stack (deleted too) with that id. */
export function findStack(rs: RegionState, nameOrId: string): StackRecord | undefined {
  if (isStackArn(nameOrId)) return rs.stacks.find((s) => s.stackId === nameOrId);
  return rs.stacks.find((s) => s.stackName === nameOrId && !isDeleted(s));
}

/** Like findStack, throwing AWS's ValidationError "Stack with id X does not exist". */
export function requireStack(rs: RegionState, nameOrId: string | undefined): StackRecord {
  if (!nameOrId) throw new AwsError('ValidationError', '1 validation error detected: Value null at \'stackName\' failed to satisfy constraint: Member must not be null');
  const s = findStack(rs, nameOrId);
  if (!s) throw new AwsError('ValidationError', `Stack with id ${nameOrId} does not exist`);
  return s;
}

/** The refusal AWS gives when an operation meets a stack in the wrong state. */
export function wrongState(s: StackRecord, verb = 'updated'): AwsError {
  return new AwsError('ValidationError', `Stack:${s.stackId} is in ${s.status} state and can not be ${verb}.`);
}

/** A change set by ARN, or by name within a stack. */
export function findChangeSet(rs: RegionState, nameOrId: string, stackNameOrId?: string): ChangeSetRecord | undefined {
  if (nameOrId.startsWith('arn:')) return rs.changeSets.find((c) => c.changeSetId === nameOrId);
  if (!stackNameOrId) return undefined;
  const stack = findStack(rs, stackNameOrId);
  return stack ? rs.changeSets.find((c) => c.stackId === stack.stackId && c.changeSetName === nameOrId) : undefined;
}

export function requireChangeSet(rs: RegionState, nameOrId: string | undefined, stackNameOrId?: string): ChangeSetRecord {
  if (nameOrId && !nameOrId.startsWith('arn:') && !stackNameOrId) {
    throw new AwsError('ValidationError', 'StackName must be specified if ChangeSetName is not specified as an ARN.');
  }
  const c = nameOrId ? findChangeSet(rs, nameOrId, stackNameOrId) : undefined;
  if (!c) throw new AwsError('ChangeSetNotFound', `ChangeSet [${nameOrId ?? ''}] does not exist`, 404);
  return c;
}

export interface ExportEntry {
  name: string;
  value: string;
  stack: StackRecord;
}

/** Exports of the region's stacks that have outputs (live, not deleted). */
export function exportsOf(rs: RegionState): ExportEntry[] {
  const out: ExportEntry[] = [];
  for (const s of rs.stacks) {
    if (isDeleted(s) || s.status === 'REVIEW_IN_PROGRESS') continue;
    for (const o of s.outputs) if (o.ExportName) out.push({ name: o.ExportName, value: o.OutputValue, stack: s });
  }
  return out;
}

/** Names of stacks (other than `except`) whose deployed template imports `exportName`. */
export function importersOf(rs: RegionState, exportName: string, except?: StackRecord): string[] {
  return rs.stacks.filter((s) => s !== except && !isDeleted(s) && (s.imports ?? []).includes(exportName)).map((s) => s.stackName);
}
