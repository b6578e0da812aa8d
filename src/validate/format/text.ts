// Compiler-style lines, one a finding: editors and CI log parsers jump to `file:line:col`.
import type { Finding } from '../types.js';

/** `file:line:col: E3002 [error] message`, one line a finding. */
export function formatText(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.ruleId} [${f.severity}] ${f.message}\n`).join('');
}

/** One line counting findings by severity, e.g. `2 errors, 1 warning in 3 files`. */
export function summaryLine(findings: readonly Finding[], files: number): string {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'info finding')} in ${plural(files, 'file')}`;
}
