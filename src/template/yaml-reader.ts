// Reads YAML (CloudFormation short-form tags included) into the positioned syntax tree.
// The hand-written reader (yaml-fast-reader.ts) reads what templates use; the `yaml` library reads
// the rest and reports every syntax error. Tags are left unresolved here and interpreted in
// build-template.ts, so YAML and JSON share one interpretation of intrinsic functions.
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Node as YamlNode, Document, Tags, YAMLMap, YAMLSeq } from 'yaml';
import { SHORT_TAGS } from './build-template.js';
import { readYamlFast } from './yaml-fast-reader.js';
import type { LineIndex, MapEntry, SourceNode } from './source-node.js';

/** A YAML syntax error at a character offset. */
export class YamlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// CloudFormation's tags declared to the parser as pass-through: the node keeps its tag for
// build-template.ts, and the parser skips building an "unresolved tag" warning for every intrinsic
// (that alone was ~40% of parse time on real templates). Unknown tags still arrive unresolved.
const CUSTOM_TAGS: Tags = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (v: string) => v },
  { tag, collection: 'seq' as const, resolve: (v: unknown) => v as YAMLSeq },
  { tag, collection: 'map' as const, resolve: (v: unknown) => v as YAMLMap },
]);

let yamlLibrary: typeof YamlLibrary | undefined;

/**
 * The `yaml` library, loaded on first use: loading it costs a short-lived process (`meridian
 * validate`, each of its workers) ~20 ms, which templates the fast reader handles never pay.
 */
function yaml(): typeof YamlLibrary {
  yamlLibrary ??= createRequire(import.meta.url)('yaml') as typeof YamlLibrary;
  return yamlLibrary;
}

/** Parses YAML text into a positioned syntax tree (undefined for an empty document). */
export function readYaml(text: string, lines: LineIndex): SourceNode | undefined {
  // The hand-written reader covers what templates use and yields the same tree; anything it is
  // unsure of (including every syntax error) goes to the library.
  const fast = readYamlFast(text);
  return fast !== null ? fast : readYamlWithLibrary(text, lines);
}

/** readYaml through the `yaml` library alone: the reference the fast reader is tested against. */
export function readYamlWithLibrary(text: string, lines: LineIndex): SourceNode | undefined {
  const doc = yaml().parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false, merge: false, customTags: CUSTOM_TAGS });
  const [first] = doc.errors;
  if (first) throw new YamlSyntaxError(cleanMessage(first.message), first.pos[0]);
  if (doc.contents === null) return undefined;
  return convert(doc, doc.contents as YamlNode, lines, 0, text);
}

function cleanMessage(message: string): string {
  // The yaml library appends " at line X, column Y:" plus a code excerpt; positions are ours to print.
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

function convert(doc: Document, node: YamlNode, lines: LineIndex, depth: number, text: string): SourceNode {
  const { isAlias, isMap, isScalar, isSeq } = yaml();
  if (depth > 200) throw new YamlSyntaxError('nesting is too deep', node.range?.[0] ?? 0);
  const [start, end] = node.range ?? [0, 0];
  const range = lines.range(start, end);
  let out: SourceNode;
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new YamlSyntaxError(`unknown alias *${node.source}`, start);
    return convert(doc, target as YamlNode, lines, depth + 1, text);
  } else if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const keyStart = keyNode?.range?.[0] ?? start;
      if (!isScalar(keyNode) || (keyNode.tag !== undefined && keyNode.tag !== '!' && !keyNode.tag.startsWith('tag:yaml.org'))) {
        const tagAt = keyNode?.tag ? text.lastIndexOf(keyNode.tag, keyStart) : -1;
        throw new YamlSyntaxError('a map key must be a plain string, not a collection or an intrinsic function', tagAt >= 0 ? tagAt : keyStart);
      }
      const keyRange = lines.range(keyStart, keyNode.range?.[1] ?? keyStart);
      const value: SourceNode = pair.value
        ? convert(doc, pair.value as YamlNode, lines, depth + 1, text)
        : { kind: 'scalar', value: null, range: lines.range(keyNode.range?.[2] ?? keyStart, keyNode.range?.[2] ?? keyStart) };
      entries.push({ key: String(keyNode.value), keyRange, value });
    }
    out = { kind: 'map', entries, range };
  } else if (isSeq(node)) {
    out = { kind: 'seq', items: node.items.map((item) => convert(doc, item as YamlNode, lines, depth + 1, text)), range };
  } else if (isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    out = { kind: 'scalar', value, range };
  } else {
    throw new YamlSyntaxError('unsupported YAML node', start);
  }
  const tag = node.tag;
  // `!` alone is YAML's non-specific tag ("a plain string"), not an intrinsic function.
  if (tag && tag.startsWith('!') && !tag.startsWith('!!') && tag !== '!') {
    // Short-form intrinsic: a scalar tagged !Ref keeps its text, never a YAML-typed value.
    if (out.kind === 'scalar' && isScalar(node)) {
      const src = node.source ?? String(node.value ?? '');
      out = { ...out, value: src };
    }
    // The node's range starts at its value; the tag itself stands just before it.
    const tagStart = text.lastIndexOf(tag, start);
    const tagRange = tagStart >= 0 && start - tagStart < 200 ? lines.range(tagStart, end) : range;
    return { kind: 'tagged', tag, value: out, range: tagRange };
  }
  return out;
}
