// The same adapter scenario as against moto_server, against localcloud: both backends must agree
// with the adapter wherever they implement a behaviour.
import { after, before, test } from 'node:test';
import { startLocalCloud, type LocalCloud } from '../../src/localcloud/index.js';
import { cloudDepsFor, runAdapterScenario } from '../helpers/adapter-contract.js';

let cloud: LocalCloud;
before(async () => {
  cloud = await startLocalCloud({ port: 0, latencyMs: 2 });
});
after(async () => cloud.stop());

test('cloud adapter: create, no-change, update and delete against localcloud in three regions', async () => {
  const deps = cloudDepsFor(cloud.endpoint);
  try {
    await Promise.all(['us-east-1', 'eu-west-1', 'ap-southeast-2'].map((region) => runAdapterScenario(deps, region, `meridian-${region}`)));
  } finally {
    deps.pool.destroy();
  }
});
