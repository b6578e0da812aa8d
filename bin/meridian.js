#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`).
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

// The pinned AWS SDK supports Node 20 (DESIGN.md); its notice about later releases is noise for users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// The single-file CLI the build makes with esbuild (faster to start), else the compiled modules.
const bundled = new URL('../dist/cli/main.bundle.js', import.meta.url);
const entry = existsSync(fileURLToPath(bundled)) ? bundled : new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('meridian: dist/ is missing; run `npm run build` (npm ci does it through `prepare`).\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
