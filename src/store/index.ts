// Public surface of src/store: the SQLite store of runs, steps, events and approvals.
export { openStore } from './store.js';
export type { Store, StoreOptions } from './store.js';
export type * from './types.js';
export type { CancelRequest, LeaseOwner, LeaseRecord, LeaseResult } from './run-leases.js';
