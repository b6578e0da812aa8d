// M0002 for a pipeline: the NoEcho values meridian.yaml writes in clear, found against the templates'
// own NoEcho declarations. One function, so `meridian validate` in a repository and the Validate
// stage report the same findings at the same lines.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clearSecretFindings, type Finding, type NameSelection } from '../../validate/index.js';
import type { PipelineConfig } from '../config/schema.js';
import { declaredParameters } from '../stages/package.js';

/** M0002 findings of `configFile` (relative to `rootDir`); ignore / include / severity as for every rule. */
export function configSecretFindings(config: PipelineConfig, rootDir: string, configFile: string, selection: NameSelection): Finding[] {
  const noEcho = config.stacks.map((s) => {
    const file = resolve(rootDir, s.template);
    return existsSync(file) ? new Set(declaredParameters(readFileSync(file, 'utf8')).noEcho) : undefined;
  });
  const path = join(rootDir, configFile);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  return clearSecretFindings(configFile, text, (i) => noEcho[i], selection);
}
