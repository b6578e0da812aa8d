// JUnit XML for CI systems that render test reports: one test case per file and rule with
// findings, and one passing case per clean file. Only findings at or above the run's failOn
// level are failures (with the default failOn: error, a warning does not fail the report, as it
// does not fail the run); the others are listed in the case's system-out.
import type { Finding, Severity } from '../types.js';
import { atLeast } from '../types.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export interface JunitOptions {
  /** The level at which a finding fails (the run's --fail-on); default error. */
  failOn?: Severity | 'never';
}

/** JUnit XML over the files checked; `files` lists every file so clean ones show as passing. */
export function formatJunit(findings: readonly Finding[], files: readonly string[], opts: JunitOptions = {}): string {
  const failOn = opts.failOn ?? 'error';
  const fails = (f: Finding) => failOn !== 'never' && atLeast(f.severity, failOn);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.file}\u0000${f.ruleId}`;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  const cases: string[] = [];
  let failures = 0;
  for (const [key, list] of groups) {
    const [file, ruleId] = key.split('\u0000') as [string, string];
    const first = list[0] as Finding;
    const body = list.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`).join('\n');
    const open = `    <testcase classname="${escape(file)}" name="${escape(ruleId)}">\n`;
    if (list.some(fails)) {
      failures++;
      cases.push(`${open}      <failure type="${escape(first.severity)}" message="${escape(`${ruleId}: ${first.message}`)}">${escape(body)}</failure>\n    </testcase>`);
    } else {
      cases.push(`${open}      <system-out>${escape(`${first.severity}: ${body}`)}</system-out>\n    </testcase>`);
    }
  }
  const dirty = new Set(findings.map((f) => f.file));
  for (const file of files) if (!dirty.has(file)) cases.push(`    <testcase classname="${escape(file)}" name="template"/>`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="meridian validate" tests="${cases.length}" failures="${failures}">\n` +
    `  <testsuite name="meridian validate" tests="${cases.length}" failures="${failures}" errors="0">\n` +
    `${cases.join('\n')}\n` +
    `  </testsuite>\n</testsuites>\n`
  );
}
