// JUnit XML for CI systems that render test reports: one test case per file and rule with
// findings (a failure listing them), and one passing case per clean file.
import type { Finding } from '../types.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** JUnit XML over the files checked; `files` lists every file so clean ones show as passing. */
export function formatJunit(findings: readonly Finding[], files: readonly string[]): string {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.file}\u0000${f.ruleId}`;
    const g = groups.get(key) ?? [];
    g.push(f);
    groups.set(key, g);
  }
  const cases: string[] = [];
  for (const [key, list] of groups) {
    const [file, ruleId] = key.split('\u0000') as [string, string];
    const first = list[0] as Finding;
    const body = list.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message}`).join('\n');
    const tag = 'failure';
    cases.push(
      `    <testcase classname="${escape(file)}" name="${escape(ruleId)}">\n` +
        `      <${tag} type="${escape(first.severity)}" message="${escape(`${ruleId}: ${first.message}`)}">${escape(body)}</${tag}>\n` +
        `    </testcase>`,
    );
  }
  const dirty = new Set(findings.map((f) => f.file));
  for (const file of files) if (!dirty.has(file)) cases.push(`    <testcase classname="${escape(file)}" name="template"/>`);
  const failures = groups.size;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="meridian validate" tests="${cases.length}" failures="${failures}">\n` +
    `  <testsuite name="meridian validate" tests="${cases.length}" failures="${failures}" errors="0">\n` +
    `${cases.join('\n')}\n` +
    `  </testsuite>\n</testsuites>\n`
  );
}
