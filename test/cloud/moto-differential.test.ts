import { after, before, test } from 'node:test';
import { motoUnavailable, startMoto, type MotoServer } from '../helpers/moto-server.js';
import { cloudDepsFor, runAdapterScenario } from '../helpers/adapter-contract.js';

const skip = motoUnavailable();
let moto: MotoServer | undefined;

before(async () => {
  if (!skip) moto = await startMoto();
});
after(async () => moto?.stop());

test('cloud adapter: create, no-change, update and delete against moto_server', { skip }, async () => {
  const deps = cloudDepsFor(moto!.endpoint);
  try {
    // moto 5 leaves Outputs empty on stacks made by ExecuteChangeSet; AWS sets them (DescribeStacks Outputs).
    await runAdapterScenario(deps, 'us-east-1', 'meridian-moto', new Set(['outputs-after-change-set']));
  } finally {
    deps.pool.destroy();
  }
});
