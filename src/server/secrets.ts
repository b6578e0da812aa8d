// Values that must never leave the server: NoEcho parameter values, `{ env: NAME }` parameter values,
// the webhook secret. Every response body, SSE message and log line passes through `scrub`, so a
// value that slipped into an event or an error message is masked before anyone sees it.
import type { PipelineConfig } from '../pipeline/index.js';
import { parseTemplate } from '../template/index.js';

const MASK = '****';
/** Short values would mask ordinary words; such secrets are still never written by Meridian itself. */
const MIN_LENGTH = 4;

export class SecretSet {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value && value.length >= MIN_LENGTH) this.values.add(value);
  }

  /** Masks every known secret in `text`. */
  scrub(text: string): string {
    let out = text;
    for (const v of this.values) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  }

  get size(): number {
    return this.values.size;
  }
}

function noEchoNames(templateText: string): Set<string> {
  const parsed = parseTemplate(templateText);
  const names = new Set<string>();
  if (!parsed.ok) return names;
  const params = parsed.template.body.Parameters;
  if (!params || typeof params !== 'object') return names;
  for (const [name, p] of Object.entries(params as Record<string, { NoEcho?: unknown }>)) {
    if (p && (p.NoEcho === true || String(p.NoEcho).toLowerCase() === 'true')) names.add(name);
  }
  return names;
}

/**
 * Adds a pipeline's secrets: every `{ env }` parameter value, and the literal values given to NoEcho
 * parameters. `readTemplate` returns a stack template's text (from the commit), or undefined.
 */
export async function addConfigSecrets(
  secrets: SecretSet,
  config: PipelineConfig,
  env: Readonly<Record<string, string | undefined>>,
  readTemplate: (path: string) => Promise<string | undefined>,
): Promise<void> {
  const envName = config.server.webhookSecret?.env;
  if (envName) secrets.add(env[envName]);
  for (const stack of config.stacks) {
    const noEcho = noEchoNames((await readTemplate(stack.template)) ?? '');
    const sets = [stack.parameters, stack.secondaryParameters, ...Object.values(stack.regionParameters)];
    for (const set of sets) {
      for (const [name, value] of Object.entries(set)) {
        if (typeof value === 'object' && 'env' in value) secrets.add(env[value.env]);
        else if (typeof value === 'string' && noEcho.has(name)) secrets.add(value);
      }
    }
  }
}
