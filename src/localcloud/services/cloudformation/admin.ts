// Admin API bodies (POST /_localcloud/faults and /_localcloud/live): validated here, because
// tests outside the project send them and a typo must be a 400, not a silent no-op.
import { z } from 'zod';
import { AwsError } from '../../contract.js';

const faultSchema = z.strictObject({
  region: z.string().min(1).optional(),
  account: z.string().min(1).optional(),
  stackName: z.string().min(1).optional(),
  resourceType: z.string().min(1).optional(),
  operation: z.enum(['create', 'update', 'delete']),
  count: z.number().int().min(0).optional(),
  message: z.string().min(1).optional(),
});

const liveSchema = z.strictObject({
  region: z.string().min(1),
  account: z.string().min(1).optional(),
  stackName: z.string().min(1),
  logicalId: z.string().min(1),
  properties: z.record(z.string(), z.unknown()).optional(),
  delete: z.boolean().optional(),
});

export type FaultSpec = z.infer<typeof faultSchema>;
export type LiveEdit = z.infer<typeof liveSchema>;
export type ResourceOperation = FaultSpec['operation'];

function parse<T>(schema: z.ZodType<T>, spec: unknown, what: string): T {
  const result = schema.safeParse(spec);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new AwsError('ValidationError', `Invalid ${what} body${where}: ${issue?.message ?? 'malformed'}`);
}

export const parseFault = (spec: unknown): FaultSpec => parse(faultSchema, spec, 'fault');
export const parseLiveEdit = (spec: unknown): LiveEdit => {
  const edit = parse(liveSchema, spec, 'live');
  if (edit.properties === undefined && edit.delete !== true) throw new AwsError('ValidationError', 'Invalid live body: give properties or delete: true');
  return edit;
};

interface Fault extends FaultSpec {
  remaining: number;
}

const DEFAULT_MESSAGE = 'Resource handler returned message: "Fault injected by localcloud"';

/** Pending injected faults; the next matching resource operation takes one. */
export class FaultBook {
  private faults: Fault[] = [];

  /** Adds a fault, or with count 0 removes the faults the spec matches. */
  add(spec: FaultSpec): void {
    if (spec.count === 0) {
      const same = (f: Fault) =>
        f.operation === spec.operation &&
        (['region', 'account', 'stackName', 'resourceType'] as const).every((k) => spec[k] === undefined || f[k] === spec[k]);
      this.faults = this.faults.filter((f) => !same(f));
      return;
    }
    this.faults.push({ ...spec, remaining: spec.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The message of the first fault matching this operation (consuming it), or undefined. */
  take(op: { account: string; region: string; stackName: string; resourceType: string; operation: ResourceOperation }): string | undefined {
    const f = this.faults.find(
      (x) =>
        x.operation === op.operation &&
        (x.region === undefined || x.region === op.region) &&
        (x.account === undefined || x.account === op.account) &&
        (x.stackName === undefined || x.stackName === op.stackName) &&
        (x.resourceType === undefined || x.resourceType === op.resourceType),
    );
    if (!f) return undefined;
    f.remaining -= 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f.message ?? DEFAULT_MESSAGE;
  }

  snapshot(): Fault[] {
    return structuredClone(this.faults);
  }

  restore(faults: unknown): void {
    this.faults = Array.isArray(faults) ? (structuredClone(faults) as Fault[]) : [];
  }
}
