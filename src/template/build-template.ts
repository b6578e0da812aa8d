// Turns the positioned syntax tree into plain JSON-like values (the long form CloudFormation
// itself uses: short tags become { "Fn::X": ... }) and a SourceMap over the same tree.
import type { TemplateDiagnostic } from './diagnostics.js';
import { SHORT_TAGS } from './short-tags.js';
import { SourceMap } from './source-map.js';
import type { MapEntry, SourceNode } from './source-node.js';

export { SHORT_TAGS } from './short-tags.js';

export interface BuiltTemplate {
  value: unknown;
  sourceMap: SourceMap;
  diagnostics: TemplateDiagnostic[];
}

/**
 * How a tag that is no CloudFormation short form reads: an error (CloudFormation refuses it), or
 * `!X v` as `{ "Fn::X": v }`, which is how cfn-lint reads it (`!Rain::Embed` from the rain
 * preprocessor is then a value of the wrong type where a string belongs, not a parse failure).
 */
export type UnknownTags = 'error' | 'function';

/** Converts a syntax tree into plain values, collecting duplicate keys and unknown tags. */
export function buildTemplate(root: SourceNode, file: string, unknownTags: UnknownTags = 'error'): BuiltTemplate {
  const diagnostics: TemplateDiagnostic[] = [];
  // The path to the node being visited, pushed and popped in place; copied only for a diagnostic.
  const path: (string | number)[] = [];

  function visit(node: SourceNode): unknown {
    switch (node.kind) {
      case 'scalar':
        return node.value;
      case 'seq': {
        const out = new Array<unknown>(node.items.length);
        for (let i = 0; i < node.items.length; i++) {
          path.push(i);
          out[i] = visit(node.items[i] as SourceNode);
          path.pop();
        }
        return out;
      }
      case 'map':
        return visitMap(node.entries);
      case 'tagged':
        return visitTagged(node);
    }
  }

  function visitMap(entries: readonly MapEntry[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const entry of entries) {
      if (Object.hasOwn(out, entry.key)) {
        reportDuplicates(entries, entry.key);
        continue;
      }
      path.push(entry.key);
      out[entry.key] = visit(entry.value);
      path.pop();
    }
    return out;
  }

  // Every occurrence of a duplicated key is reported (once, when the second one is met).
  function reportDuplicates(entries: readonly MapEntry[], key: string): void {
    const same = entries.filter((e) => e.key === key);
    if (same[1] === undefined || diagnostics.some((d) => d.range === same[0]?.keyRange)) return;
    const lines = same.map((e) => e.keyRange.start.line);
    for (const entry of same) {
      diagnostics.push({
        code: 'E0000',
        message: `Duplicate found '${key}' (line ${entry.keyRange.start.line}); the key appears on lines ${lines.join(', ')}`,
        file,
        range: entry.keyRange,
        path: [...path, key],
      });
    }
  }

  function visitTagged(node: Extract<SourceNode, { kind: 'tagged' }>): unknown {
    const longForm = SHORT_TAGS[node.tag] ?? (unknownTags === 'function' && node.tag.startsWith('!') ? `Fn::${node.tag.slice(1)}` : undefined);
    if (!longForm) {
      diagnostics.push({ code: 'E0000', message: `Unknown tag ${node.tag}: not a CloudFormation intrinsic function`, file, range: node.range, path: [...path] });
      return visit(node.value);
    }
    const inner = node.value;
    if (longForm === 'Fn::GetAtt' && inner.kind === 'scalar' && typeof inner.value === 'string') {
      // `!GetAtt Res.Attr.Sub` splits at the first dot: attributes may contain dots.
      const dot = inner.value.indexOf('.');
      return { [longForm]: dot < 0 ? [inner.value] : [inner.value.slice(0, dot), inner.value.slice(dot + 1)] };
    }
    path.push(longForm);
    const value = visit(inner);
    path.pop();
    return { [longForm]: value };
  }

  const value = visit(root);
  // In file order, however the tree was walked.
  diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { value, sourceMap: new SourceMap(root), diagnostics };
}
