// Where Meridian is installed. The CLI runs from src/ (tsx), dist/ or the single-file bundle in
// dist/cli/, each at a different depth; walking up to our package.json works from all three.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: { dir: string; version: string } | undefined;

function locate(): { dir: string; version: string } {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'meridian') return (found = { dir, version: pkg.version ?? '0.0.0' });
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the meridian package root above the CLI');
    dir = up;
  }
}

/** The package's root folder (holds package.json, dist/, examples/). */
export const packageRoot = (): string => locate().dir;

/** The package's version. */
export const packageVersion = (): string => locate().version;
