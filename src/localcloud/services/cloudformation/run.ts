// One stack operation in flight: its clock, its events, its resource steps, its scheduler.
import type { Clock, S3Port, SsmPort } from '../../contract.js';
import type { FaultBook, ResourceOperation } from './admin.js';
import type { Regions } from './backend.js';
import type { CfnIds } from './ids.js';
import { EvalFailure } from './intrinsics.js';
import type { RegionState, ResourceRecord, ResourceStatus, StackRecord, StackStatus } from './records.js';
import { NESTED_STACK_TYPE, resourceKind, ResourceFailure } from './resource-types.js';
import type { ProvisionContext, Provisioned, ResourceKind } from './resource-types.js';
import { DynamicReferenceError, resolveReferences } from './dynamic-references.js';

/**
 * Resources whose physical resource is another stack: their steps end only when that stack's own
 * operation ends, so unlike ResourceKind they are asynchronous.
 */
export interface NestedStackPort {
  /** Creates the child stack; sets `rec.physicalId` as soon as the child exists (a failed child is still rolled back). */
  create(parent: Run, rec: ResourceRecord, props: Record<string, unknown>): Promise<Provisioned>;
  /** True if the child's template (re-read from TemplateURL), parameters or tags would change, or cannot be read. */
  changed(parent: Run, rec: ResourceRecord, props: Record<string, unknown>): boolean;
  /** Updates the child by its own operation; nothing happens to it when nothing changed. */
  update(parent: Run, rec: ResourceRecord, props: Record<string, unknown>): Promise<Provisioned>;
  /** Returns the child to the template and parameters it had before the parent's update. */
  rollBack(parent: Run, rec: ResourceRecord): Promise<void>;
  delete(parent: Run, physicalId: string): Promise<void>;
}

export interface EngineDeps {
  clock: Clock;
  s3: S3Port;
  ssm: SsmPort;
  latencyMs: number;
  ids: CfnIds;
  faults: FaultBook;
  regions: Regions;
  /** Attribute names of a type from the resource spec (empty when unknown). */
  attributeNames: (type: string) => string[];
  /** The attributes whose values are lists (Fn::Select and Fn::Cidr read them as lists). */
  listAttributes?: (type: string) => readonly string[];
  /** Required top-level properties of a type from the resource spec. */
  requiredProperties: (type: string) => readonly string[];
  /** A property of the wrong shape for the type's schema (see property-shapes.ts), as CloudFormation words it. */
  shapeError?: (type: string, props: Record<string, unknown>) => string | undefined;
  nested: NestedStackPort;
}

/** Thrown when reset/restore replaced the state an operation was working on. */
export class Superseded extends Error {
  readonly code = 'SUPERSEDED';
}

export class Run {
  private readonly generation: number;
  /** Set when a resource of this operation failed: resources still in flight are cancelled. */
  failed = false;

  constructor(
    readonly deps: EngineDeps,
    readonly rs: RegionState,
    readonly stack: StackRecord,
    readonly token: string | undefined,
  ) {
    this.generation = deps.regions.generation;
  }

  now(): string {
    // Every event and resource step asks, several times within one millisecond: format it once.
    const ms = this.deps.clock.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    return this.lastIso;
  }

  private lastMs = Number.NaN;
  private lastIso = '';

  /** Waits `ms` of the clock; stops the operation if the state was reset meanwhile. */
  async sleep(ms = this.deps.latencyMs): Promise<void> {
    await this.deps.clock.sleep(ms);
    if (this.deps.regions.generation !== this.generation) throw new Superseded('state was reset');
  }

  setStatus(status: StackStatus, reason?: string): void {
    const s = this.stack;
    s.status = status;
    if (reason === undefined) delete s.statusReason;
    else s.statusReason = reason;
    this.event({ logicalId: s.stackName, physicalId: s.stackId, type: 'AWS::CloudFormation::Stack' }, status, reason);
  }

  event(r: { logicalId: string; physicalId?: string; type: string }, status: string, reason?: string, properties?: unknown): void {
    const s = this.stack;
    const now = this.now();
    s.events.push({
      EventId: r.type === 'AWS::CloudFormation::Stack' ? this.deps.ids.uuid() : `${r.logicalId}-${status}-${now}`,
      StackId: s.stackId,
      StackName: s.stackName,
      LogicalResourceId: r.logicalId,
      ...(r.physicalId ? { PhysicalResourceId: r.physicalId } : {}),
      ResourceType: r.type,
      Timestamp: now,
      ResourceStatus: status,
      ...(reason ? { ResourceStatusReason: reason } : {}),
      ...(properties !== undefined ? { ResourceProperties: JSON.stringify(properties) } : {}),
      ...(this.token ? { ClientRequestToken: this.token } : {}),
    });
  }

  setResource(r: ResourceRecord, status: ResourceStatus, reason?: string, properties?: unknown): void {
    r.status = status;
    r.timestamp = this.now();
    if (reason === undefined) delete r.statusReason;
    else r.statusReason = reason;
    const event: { logicalId: string; physicalId?: string; type: string } = { logicalId: r.logicalId, type: r.type };
    if (r.physicalId) event.physicalId = r.physicalId;
    this.event(event, status, reason, properties);
  }

  kind(type: string): ResourceKind {
    return resourceKind(type, () => this.deps.attributeNames(type), () => this.deps.listAttributes?.(type) ?? []);
  }

  provisionContext(logicalId: string): ProvisionContext {
    const { deps, stack } = this;
    return { account: stack.account, region: stack.region, stackName: stack.stackName, logicalId, ids: deps.ids, s3: deps.s3, ssm: deps.ssm, live: this.rs.live };
  }

  /** Creates the physical resource of `rec`: a record or service call, or a whole child stack. */
  async createPhysical(rec: ResourceRecord, given: Record<string, unknown>): Promise<Provisioned> {
    const props = this.resolved(given);
    if (rec.type === NESTED_STACK_TYPE) return this.deps.nested.create(this, rec, props);
    return this.kind(rec.type).create(props, this.provisionContext(rec.logicalId));
  }

  /** Updates the physical resource of `rec` in place. */
  async updatePhysical(rec: ResourceRecord, previous: Provisioned, given: Record<string, unknown>): Promise<Provisioned> {
    const props = this.resolved(given);
    if (rec.type === NESTED_STACK_TYPE) return this.deps.nested.update(this, rec, props);
    return this.kind(rec.type).update(previous, props, this.provisionContext(rec.logicalId));
  }

  /** Dynamic references resolved for the physical resource only: the stack's records keep the reference. */
  private resolved(props: Record<string, unknown>): Record<string, unknown> {
    try {
      return resolveReferences(props, { account: this.stack.account, region: this.stack.region, ssm: this.deps.ssm, rs: this.rs });
    } catch (err) {
      if (err instanceof DynamicReferenceError) throw new ResourceFailure(err.message);
      throw err;
    }
  }

  async deletePhysical(rec: ResourceRecord, physicalId: string): Promise<void> {
    if (rec.type === NESTED_STACK_TYPE) return this.deps.nested.delete(this, physicalId);
    this.kind(rec.type).delete(physicalId, rec.properties, this.provisionContext(rec.logicalId));
  }

  /** Fails like CloudFormation's schema validation when a required property is missing. */
  checkRequired(logicalId: string, type: string, props: Record<string, unknown>): void {
    const missing = this.deps.requiredProperties(type).find((p) => props[p] === undefined);
    if (missing) throw new ResourceFailure(`Properties validation failed for resource ${logicalId} with message: #: required key [${missing}] not found`);
    const shape = this.deps.shapeError?.(type, props);
    if (shape) throw new ResourceFailure(`Properties validation failed for resource ${logicalId} with message: ${shape}`);
  }

  /** Waits the resource latency, then applies an injected fault if one matches. */
  async beforeResourceWork(type: string, operation: ResourceOperation): Promise<void> {
    await this.sleep();
    const s = this.stack;
    const fault = this.deps.faults.take({ account: s.account, region: s.region, stackName: s.stackName, resourceType: type, operation });
    if (fault !== undefined) throw new ResourceFailure(fault);
  }
}

/** The reason CloudFormation shows for an error of a resource step; rethrows the unexpected. */
export function failureReason(err: unknown): string {
  if (err instanceof ResourceFailure || err instanceof EvalFailure) return err.message;
  throw err;
}

export type StepResult = 'ok' | 'failed' | 'skipped';

/**
 * Runs `work` for every id once all of `waitFor(id)` finished, independent ids in parallel.
 * After a failure no new work starts when `stopOnFailure` (CloudFormation stops creating).
 */
export async function inDependencyOrder(
  ids: string[],
  waitFor: (id: string) => Iterable<string>,
  work: (id: string) => Promise<boolean>,
  stopOnFailure: boolean,
): Promise<Map<string, StepResult>> {
  const results = new Map<string, StepResult>();
  const promises = new Map<string, Promise<StepResult>>();
  let failed = false;
  const start = (id: string): Promise<StepResult> => {
    const existing = promises.get(id);
    if (existing) return existing;
    const p = (async (): Promise<StepResult> => {
      const waits = [...waitFor(id)].filter((d) => ids.includes(d));
      const before = await Promise.all(waits.map(start));
      if ((failed && stopOnFailure) || (stopOnFailure && before.some((b) => b !== 'ok'))) return 'skipped';
      const ok = await work(id);
      if (!ok) failed = true;
      return ok ? 'ok' : 'failed';
    })();
    promises.set(id, p);
    return p;
  };
  await Promise.all(ids.map(async (id) => results.set(id, await start(id))));
  return results;
}
