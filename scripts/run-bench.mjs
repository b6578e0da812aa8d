// Runs every bench/*.ts in turn (through tsx), so `npm run bench` prints all figures.
// A failing benchmark is reported and the others still run; the exit code says whether all passed.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(`${root}/bench`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n== bench/${file}\n`);
  // The pinned AWS SDK supports Node 20 (DESIGN.md); its notice about later releases is noise here.
  const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`bench/${file} failed (exit ${r.status ?? r.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
