// The template files under a folder of the conformance material, in a stable order.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every YAML/JSON/.template file under `dir`, depth first, sorted by name at each level. */
export function templatesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) templatesUnder(path, out);
    else if (/\.(ya?ml|json|template)$/.test(name)) out.push(path);
  }
  return out;
}
