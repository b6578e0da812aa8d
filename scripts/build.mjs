// Build: compile src/ to dist/ and derive the compact resource spec (generated/spec/).
// Runs as `prepare`, so `npm ci` leaves a working `meridian` binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The spec first: it does not depend on the code, and tests need it even when tsc reports errors.
const specScript = `${root}/scripts/derive-spec.mjs`;
if (existsSync(specScript)) {
  const spec = spawnSync(process.execPath, [specScript], { cwd: root, stdio: 'inherit' });
  if (spec.status !== 0) process.exit(spec.status ?? 1);
}

const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
