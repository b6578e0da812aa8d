// Snapshots of the emitted files for each configuration, reviewed like code: a change to the
// emission shows up as a diff under fixtures/snapshots/. MERIDIAN_UPDATE_SNAPSHOTS=1 rewrites them.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { synthesize, type SynthTarget } from '../../src/synth/index.js';
import { CONFIGS, configOf } from './configs.js';

const update = process.env.MERIDIAN_UPDATE_SNAPSHOTS === '1';
const snapshotPath = (config: string, file: string) => fileURLToPath(new URL(`./fixtures/snapshots/${config}/${file}`, import.meta.url));

describe('synth: snapshots', () => {
  for (const name of Object.keys(CONFIGS)) {
    for (const target of ['stepfunctions', 'codepipeline'] as SynthTarget[]) {
      it(`${name} ${target}`, async () => {
        const files = await synthesize(configOf(name), target, { bundle: false });
        for (const f of files) {
          const path = snapshotPath(name, f.path);
          if (update) {
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, f.content);
            continue;
          }
          assert.ok(existsSync(path), `no snapshot ${name}/${f.path} yet (MERIDIAN_UPDATE_SNAPSHOTS=1 writes it)`);
          assert.equal(String(f.content), readFileSync(path, 'utf8'), `${name}/${f.path} differs from its snapshot (MERIDIAN_UPDATE_SNAPSHOTS=1 to accept)`);
        }
      });
    }
  }
});
