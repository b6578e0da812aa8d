// The copy of meridian.yaml a run keeps (runs.data.configText, the checkout it works in): NoEcho
// values written literally are masked there (config/mask-secrets.ts). Steps that deploy read the
// real text from the commit again, so a secret lives in the repository and the cloud only.
import { parseDocument } from '../../template/index.js';
import { parseConfig } from '../config/load-config.js';
import { clearSecrets } from '../../validate/index.js';
import { maskValues } from '../config/mask-secrets.js';
import type { PipelineConfig } from '../config/schema.js';
import { readFileAtCommit } from '../source/index.js';
import { declaredParameters } from '../stages/package.js';
import { CONFIG_FILE } from './run-admission.js';

/** The NoEcho parameter names of each configured stack's template at `commit` (undefined where it cannot be read). */
export async function noEchoByStack(repo: string, commit: string, config: PipelineConfig): Promise<(ReadonlySet<string> | undefined)[]> {
  return Promise.all(config.stacks.map((s) => readFileAtCommit(repo, commit, s.template).then((t) => new Set(declaredParameters(t).noEcho), () => undefined)));
}

/** meridian.yaml of `commit` as a run stores it: `masked` counts the NoEcho values replaced by the mask. */
export async function configToStore(repo: string, commit: string, configText: string, config: PipelineConfig): Promise<{ text: string; masked: number }> {
  const file = `${commit.slice(0, 12)}:${CONFIG_FILE}`;
  const doc = parseDocument(configText, file);
  if (!doc.ok) return { text: configText, masked: 0 };
  const noEcho = await noEchoByStack(repo, commit, config);
  const secrets = clearSecrets(doc.value, (i) => noEcho[i]);
  return { text: maskValues(configText, file, secrets.map((s) => s.path)), masked: secrets.length };
}

/** The run's configuration with its secrets: read again from the commit when the stored copy is masked. */
export async function configWithSecrets(repo: string, commit: string, stored: string, masked: boolean): Promise<PipelineConfig> {
  const file = `${commit.slice(0, 12)}:${CONFIG_FILE}`;
  return parseConfig(masked ? await readFileAtCommit(repo, commit, CONFIG_FILE) : stored, file);
}
