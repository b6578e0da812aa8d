// The JSON cfn-lint prints with `--format json`, field for field, so tools built on it keep working.
import type { Finding, RuleMeta } from '../types.js';

const LEVEL = { error: 'Error', warning: 'Warning', info: 'Informational' } as const;

/** cfn-lint's JSON output: a list of matches with Rule, Level, Location, Message, Filename. */
export function formatJson(findings: readonly Finding[], rules: readonly RuleMeta[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out = findings.map((f) => {
    const r = byId.get(f.ruleId);
    return {
      Filename: f.file,
      Level: LEVEL[f.severity],
      Location: {
        Start: { LineNumber: f.line, ColumnNumber: f.column },
        End: { LineNumber: f.endLine, ColumnNumber: f.endColumn },
        Path: f.path.length > 0 ? f.path : null,
      },
      Message: f.message,
      Rule: {
        Id: f.ruleId,
        Description: r?.description ?? f.message,
        ShortDescription: r?.shortDescription ?? f.ruleId,
        Source: r?.docs ?? '',
      },
    };
  });
  return `${JSON.stringify(out, null, 2)}\n`;
}
