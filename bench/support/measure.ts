// Shared by the benchmarks (kept out of bench/*.ts, which `npm run bench` runs one by one).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The conformance material's real-world templates (beside the project, in ../shared). */
export const REAL_WORLD = join(ROOT, '..', 'shared', 'conformance', 'templates', 'real-world');

/** The median (the mean of the middle two for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** Files under `dir` whose names match `pattern`, in name order, folders walked. */
export function templatesUnder(dir: string, pattern: RegExp, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) templatesUnder(path, pattern, out);
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}
