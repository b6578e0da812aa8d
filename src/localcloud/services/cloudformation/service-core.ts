// Shared by the action handlers: dependencies, state, and starting operations in the background.
import type { Clock, RequestContext, S3Port, SsmPort } from '../../contract.js';
import type { FaultBook } from './admin.js';
import type { Regions } from './backend.js';
import type { CfnIds } from './ids.js';
import type { RegionState, StackRecord } from './records.js';
import { Run, Superseded } from './run.js';
import type { EngineDeps } from './run.js';
import type { SpecPort } from './spec-port.js';

export interface ServiceCore {
  clock: Clock;
  s3: S3Port;
  ssm: SsmPort;
  ids: CfnIds;
  regions: Regions;
  faults: FaultBook;
  spec: SpecPort;
  engine: EngineDeps;
  /** Operations running in the background (awaited by tests through `settled`). */
  running: Set<Promise<void>>;
}

export const regionOf = (core: ServiceCore, ctx: RequestContext): RegionState => core.regions.get(ctx.account, ctx.region);
export const nowIso = (core: ServiceCore) => new Date(core.clock.now()).toISOString();

/**
 * Starts an operation on a stack in the background; an unexpected error fails the stack. The
 * promise settles when the operation ends (a parent stack's nested-stack step waits on it).
 */
export function launch(core: ServiceCore, rs: RegionState, stack: StackRecord, token: string | undefined, work: (run: Run) => Promise<void>): Promise<void> {
  const run = new Run(core.engine, rs, stack, token);
  // The operation's first steps (its IN_PROGRESS status and event) happen before the request
  // returns, so a poller never sees the previous status; the rest waits on the clock.
  const p = (async () => {
    try {
      await work(run);
    } catch (err) {
      if (err instanceof Superseded) return;
      const phase = stack.status.replace(/_IN_PROGRESS$/, '');
      run.setStatus(`${phase.startsWith('UPDATE') ? 'UPDATE_ROLLBACK' : phase.startsWith('DELETE') ? 'DELETE' : 'ROLLBACK'}_FAILED` as StackRecord['status'], `Internal Failure: ${err instanceof Error ? err.message : String(err)}`);
    }
  })();
  core.running.add(p);
  void p.finally(() => core.running.delete(p));
  return p;
}

/** Starts background work that is not a stack operation (change set and drift computation). */
export function launchTask(core: ServiceCore, work: () => Promise<void>): void {
  const p = (async () => {
    await Promise.resolve();
    try {
      await work();
    } catch (err) {
      // Tasks record their own failures; Superseded means the state they worked on is gone.
      void err;
    }
  })();
  core.running.add(p);
  void p.finally(() => core.running.delete(p));
}

/** Records `Action:token` on the stack; true if it was already there (a retried request). */
export function seenToken(stack: StackRecord, action: string, token: string | undefined): boolean {
  if (!token) return false;
  const key = `${action}:${token}`;
  if (stack.tokens.includes(key)) return true;
  stack.tokens.push(key);
  return false;
}
