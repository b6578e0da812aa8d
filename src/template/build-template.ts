// Turns the positioned syntax tree into plain JSON-like values (the long form CloudFormation
// itself uses: short tags become { "Fn::X": ... }) and a SourceMap of every value's position.
import type { TemplateDiagnostic } from './diagnostics.js';
import { SourceMap, type TemplatePath } from './source-map.js';
import type { SourceNode } from './source-node.js';

/** Short-form tags CloudFormation accepts, with the long-form key each stands for. */
export const SHORT_TAGS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
    'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
    // Rule-specific functions (the template's Rules section).
    'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll',
  ]
    .map((name): [string, string] => [`!${name}`, `Fn::${name}`])
    .concat([['!Ref', 'Ref'], ['!Condition', 'Condition']]),
);

export interface BuiltTemplate {
  value: unknown;
  sourceMap: SourceMap;
  diagnostics: TemplateDiagnostic[];
}

/** Converts a syntax tree into plain values, collecting duplicate keys and unknown tags. */
export function buildTemplate(root: SourceNode, file: string): BuiltTemplate {
  const sourceMap = new SourceMap();
  const diagnostics: TemplateDiagnostic[] = [];

  function visit(node: SourceNode, path: TemplatePath): unknown {
    switch (node.kind) {
      case 'scalar':
        sourceMap.set(path, node.range, sourceMap.key(path));
        return node.value;
      case 'seq':
        sourceMap.set(path, node.range, sourceMap.key(path));
        return node.items.map((item, i) => visit(item, [...path, i]));
      case 'map': {
        sourceMap.set(path, node.range, sourceMap.key(path));
        const out: Record<string, unknown> = {};
        const seen = new Map<string, number[]>();
        for (const entry of node.entries) {
          const lines = seen.get(entry.key) ?? [];
          lines.push(entry.keyRange.start.line);
          seen.set(entry.key, lines);
        }
        for (const entry of node.entries) {
          const lines = seen.get(entry.key) ?? [];
          if (lines.length > 1) {
            diagnostics.push({
              code: 'E0000',
              message: `Duplicate found '${entry.key}' (line ${entry.keyRange.start.line}); the key appears on lines ${lines.join(', ')}`,
              file,
              range: entry.keyRange,
              path: [...path, entry.key],
            });
            if (Object.hasOwn(out, entry.key)) continue;
          }
          const childPath = [...path, entry.key];
          sourceMap.set(childPath, entry.value.range, entry.keyRange);
          out[entry.key] = visit(entry.value, childPath);
        }
        return out;
      }
      case 'tagged':
        return visitTagged(node, path);
    }
  }

  function visitTagged(node: Extract<SourceNode, { kind: 'tagged' }>, path: TemplatePath): unknown {
    sourceMap.set(path, node.range, sourceMap.key(path));
    const longForm = SHORT_TAGS[node.tag];
    if (!longForm) {
      diagnostics.push({ code: 'E0000', message: `Unknown tag ${node.tag}: not a CloudFormation intrinsic function`, file, range: node.range, path });
      return visit(node.value, path);
    }
    const inner = node.value;
    const innerPath = [...path, longForm];
    if (longForm === 'Fn::GetAtt' && inner.kind === 'scalar' && typeof inner.value === 'string') {
      // `!GetAtt Res.Attr.Sub` splits at the first dot: attributes may contain dots.
      const dot = inner.value.indexOf('.');
      const parts = dot < 0 ? [inner.value] : [inner.value.slice(0, dot), inner.value.slice(dot + 1)];
      sourceMap.set(innerPath, inner.range, node.range);
      parts.forEach((_, i) => sourceMap.set([...innerPath, i], inner.range));
      return { [longForm]: parts };
    }
    sourceMap.set(innerPath, inner.range, node.range);
    return { [longForm]: visit(inner, innerPath) };
  }

  const value = visit(root, []);
  return { value, sourceMap, diagnostics };
}
