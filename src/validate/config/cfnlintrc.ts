// cfn-lint's own configuration file, so a repository already set up for cfn-lint needs nothing new.
// cfn-lint reads `.cfnlintrc` (YAML or JSON) from the current directory; Meridian also looks in
// the template's repository root, because the pipeline runs from elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from '../../template/index.js';
import { EMPTY_CFNLINT_CONFIG, type CfnLintConfig } from '../settings.js';

export const CFNLINTRC_NAMES = ['.cfnlintrc', '.cfnlintrc.yaml', '.cfnlintrc.yml', '.cfnlintrc.json'] as const;

/** A configuration file that cannot be read; stable code for the CLI. */
export class ConfigError extends Error {
  readonly code = 'VALIDATE_CONFIG';
  readonly source = 'user' as const;
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : typeof v === 'string' ? [v] : [];

/** Reads one `.cfnlintrc` file. */
export function readCfnLintConfig(file: string): CfnLintConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${file}: cannot read cfn-lint configuration: ${(err as Error).message}`);
  }
  // The template reader: positions in errors, and no YAML library to load on the fast path.
  const doc = parseDocument(text, file);
  if (!doc.ok) {
    const [d] = doc.diagnostics;
    throw new ConfigError(`${file}:${d?.range.start.line ?? 1}:${d?.range.start.column ?? 1}: cannot read cfn-lint configuration: ${d?.message ?? 'not YAML or JSON'}`);
  }
  const raw = doc.value;
  if (raw === null || raw === undefined) return { ...EMPTY_CFNLINT_CONFIG, dir: dirname(resolve(file)) };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: cfn-lint configuration must be a map`);
  const r = raw as Record<string, unknown>;
  return {
    ignoreChecks: list(r.ignore_checks),
    includeChecks: list(r.include_checks),
    regions: list(r.regions),
    templates: list(r.templates),
    ignoreTemplates: list(r.ignore_templates),
    dir: dirname(resolve(file)),
  };
}

function inDir(dir: string): string | undefined {
  for (const name of CFNLINTRC_NAMES) {
    const p = join(dir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** The repository root above `start` (the nearest folder holding `.git`), if any. */
export function repositoryRoot(start: string): string | undefined {
  let dir = resolve(start);
  for (let i = 0; i < 100; i++) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Finds the configuration file cfn-lint would use: the current directory, then the repository root. */
export function findCfnLintConfig(cwd: string, templateDir?: string): string | undefined {
  const here = inDir(cwd);
  if (here) return here;
  const root = repositoryRoot(templateDir ?? cwd);
  return root ? inDir(root) : undefined;
}
