// The reviewed snapshot files of the validator's full output (test/validate/snapshots/): for each
// template, every finding as `line:column severity RULE message`, under a `## file` heading. A
// change in any finding (a new one, a moved line, a reworded message) shows up in the diff of
// these files, as cfn-lint's own snapshot results do for cfn-lint.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Validator } from '../../src/validate/index.js';
import { CONFORMANCE_DIR, readLintSet, validatorFor } from './conformance-score.js';

export const SNAPSHOT_DIR = join(import.meta.dirname, 'snapshots');

/** One template's findings as snapshot lines. */
export function findingLines(findings: readonly Finding[]): string[] {
  // Messages may hold newlines (a YAML parser's excerpt); one finding stays on one line.
  return findings.map((f) => `${f.line}:${f.column} ${f.severity} ${f.ruleId} ${f.message.replace(/\n/g, '\\n')}`);
}

/** A snapshot document: a heading per template, its findings below (or `(none)`). */
export function snapshotText(title: string, entries: readonly { file: string; lines: string[] }[]): string {
  const parts = [`# ${title}`, ''];
  for (const e of entries) parts.push(`## ${e.file}`, ...(e.lines.length ? e.lines : ['(none)']), '');
  return parts.join('\n');
}

/** The snapshot of one cfn-lint reference set, each template validated as cfn-lint was run on it. */
export function lintSetSnapshot(set: string): string {
  const pick = validatorFor();
  const entries = readLintSet(set).map((e) => {
    const text = readFileSync(join(CONFORMANCE_DIR, e.file), 'utf8');
    return { file: e.file, lines: findingLines(pick(e).validateText(text, e.file).findings) };
  });
  return snapshotText(`meridian validate on ${set} (templates of ../shared/conformance)`, entries);
}

/** The snapshot of the cfn_nag reference set (cfn-lint's defaults, us-east-1). */
export function nagSetSnapshot(validator: Validator): string {
  const entries = (JSON.parse(readFileSync(join(CONFORMANCE_DIR, 'cfn_nag-expected.json'), 'utf8')) as { file: string }[]).map((e) => {
    const text = readFileSync(join(CONFORMANCE_DIR, e.file), 'utf8');
    return { file: e.file, lines: findingLines(validator.validateText(text, e.file).findings) };
  });
  return snapshotText('meridian validate on cfn_nag-expected.json (templates of ../shared/conformance)', entries);
}
