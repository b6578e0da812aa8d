// A second process for the kill -9 tests: approves a run (which carries it into Deploy) and prints
// every event as a JSON line, so the test can kill it at an exact point.
// Usage: node --import tsx deploy-child.ts <endpoint> <state.db> <workDir> <runId>
import { decide, type PipelineDeps } from '../../../src/pipeline/index.js';
import { openStore } from '../../../src/store/index.js';
import { cloudDepsFor } from '../../helpers/adapter-contract.js';

const [endpoint, db, workDir, runId] = process.argv.slice(2) as [string, string, string, string];
const store = openStore(db, { now: () => new Date().toISOString() });
const deps: PipelineDeps = {
  store,
  cloud: cloudDepsFor(endpoint),
  now: () => Date.now(),
  random: Math.random,
  sink: (id, event) => process.stdout.write(`${JSON.stringify({ runId: id, event })}\n`),
  workDir,
  endpoint,
  env: {},
};
const done = await decide(deps, runId, { kind: 'approved', by: 'alice@example.com' });
process.stdout.write(`${JSON.stringify({ done })}\n`);
deps.cloud.pool.destroy();
store.close();
