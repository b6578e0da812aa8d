// Turns the CLI's paths into template files: directories are walked for YAML/JSON files.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const TEMPLATE_EXT = /\.(ya?ml|json|template|cfn)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', 'cdk.out', 'dist', '.aws-sam']);

export interface FileToCheck {
  file: string;
  /** Named on the command line: always validated, never skipped as "not a template". */
  explicit: boolean;
}

function walkDir(dir: string, cwd: string, out: FileToCheck[]): void {
  const entries = readdirSync(resolve(cwd, dir), { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walkDir(p, cwd, out);
    } else if (e.isFile() && TEMPLATE_EXT.test(e.name) && !e.name.startsWith('.')) {
      out.push({ file: p, explicit: false });
    }
  }
}

/**
 * Lists the files under `paths` (files as given, directories walked in name order). Synchronous
 * file system calls: a few stats are cheaper than one event-loop turn each for a CLI run.
 */
export function collectFiles(paths: readonly string[], cwd: string): FileToCheck[] {
  const out: FileToCheck[] = [];
  for (const p of paths) {
    const s = statSync(resolve(cwd, p));
    if (s.isDirectory()) walkDir(p, cwd, out);
    else out.push({ file: p, explicit: true });
  }
  return out;
}

/**
 * True when text found by walking a directory is worth validating: it names a template section
 * at the top level. Other YAML/JSON (CI files, package.json, configs) is skipped, not reported.
 */
export function looksLikeTemplate(text: string): boolean {
  return /(^|\n)\s*"?(AWSTemplateFormatVersion|Resources)"?\s*:/.test(text);
}
