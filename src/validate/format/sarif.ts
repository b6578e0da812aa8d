// SARIF 2.1.0 as GitHub code scanning reads it: driver rules with ids, results with a level and
// a physical location (relative URI with forward slashes, 1-based region).
import { relative, sep } from 'node:path';
import type { Finding, RuleMeta, Severity } from '../types.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  /** Paths in the log are made relative to this folder (the repository root). */
  root: string;
  version: string;
  /** Where the tool's documentation is (SARIF asks for an absolute URI): the caller knows the package. */
  informationUri: string;
}

const uriOf = (file: string, root: string): string => {
  const rel = relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
};

/** A SARIF 2.1.0 log of one run. Rules listed are those with results plus all known ones. */
export function formatSarif(findings: readonly Finding[], rules: readonly RuleMeta[], opts: SarifOptions): string {
  const known = new Map(rules.map((r) => [r.id, r]));
  for (const f of findings) {
    if (!known.has(f.ruleId)) {
      known.set(f.ruleId, { id: f.ruleId, severity: f.severity, shortDescription: f.ruleId, description: f.ruleId, docs: '', tags: [], source: f.source });
    }
  }
  const list = [...known.values()];
  const index = new Map(list.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meridian-validate',
            version: opts.version,
            informationUri: opts.informationUri,
            rules: list.map((r) => ({
              id: r.id,
              shortDescription: { text: r.shortDescription },
              fullDescription: { text: r.description },
              ...(r.docs ? { helpUri: r.docs } : {}),
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { tags: [...r.tags, r.source] },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId) ?? 0,
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(f.file, opts.root) },
                region: {
                  startLine: Math.max(1, f.line),
                  startColumn: Math.max(1, f.column),
                  endLine: Math.max(f.line, f.endLine),
                  endColumn: Math.max(1, f.endColumn),
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
