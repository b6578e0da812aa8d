// Reads YAML (CloudFormation short-form tags included) into the positioned syntax tree.
// The hand-written reader (yaml-fast-reader.ts) reads what templates use; the `yaml` library reads
// the rest and reports every syntax error. Tags are left unresolved here and interpreted in
// build-template.ts, so YAML and JSON share one interpretation of intrinsic functions.
import { createRequire } from 'node:module';
import type * as YamlLibrary from 'yaml';
import type { Alias, Node as YamlNode, Document, Tags, YAMLMap, YAMLSeq } from 'yaml';
import { SHORT_TAGS } from './build-template.js';
import { flowDepthBreach, PARSE_LIMITS } from './parse-limits.js';
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
  // unsure of (including every syntax error, every anchor and alias) goes to the library.
  const fast = readYamlFast(text);
  return fast !== null ? fast : readYamlWithLibrary(text, lines);
}

/** readYaml through the `yaml` library alone: the reference the fast reader is tested against. */
export function readYamlWithLibrary(text: string, lines: LineIndex): SourceNode | undefined {
  // The library recurses once per flow level: refuse a bracket tower before it gets there.
  const deep = flowDepthBreach(text);
  if (deep) throw new YamlSyntaxError(deep.message, deep.offset);
  const doc = yaml().parseDocument(text, { uniqueKeys: false, strict: false, prettyErrors: false, merge: false, customTags: CUSTOM_TAGS });
  const [first] = doc.errors;
  if (first) throw new YamlSyntaxError(cleanMessage(first.message), first.pos[0]);
  if (doc.contents === null) return undefined;
  return new Converter(doc, lines, text).convert(doc.contents as YamlNode, 0);
}

function cleanMessage(message: string): string {
  // The yaml library appends " at line X, column Y:" plus a code excerpt; positions are ours to print.
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

/**
 * The library's document as our tree. Aliases are expanded here (the tree has no shared nodes), so
 * this is where an alias bomb would blow up: expansion is metered (PARSE_LIMITS) and a breach is
 * reported at the alias in the text that started it.
 */
class Converter {
  /** Anchors seen so far in document order: an alias names the closest one before it. */
  private readonly anchors = new Map<string, YamlNode>();
  private aliasCount = 0;
  private aliasNodes = 0;
  /** The alias (in the text, not inside an expansion) being expanded, if any. */
  private expanding: { name: string; offset: number } | undefined;

  constructor(
    private readonly doc: Document,
    private readonly lines: LineIndex,
    private readonly text: string,
  ) {}

  convert(node: YamlNode, depth: number): SourceNode {
    const { isAlias, isMap, isScalar, isSeq } = yaml();
    if (depth > PARSE_LIMITS.depth) throw new YamlSyntaxError(`nesting is deeper than ${PARSE_LIMITS.depth} levels`, node.range?.[0] ?? 0);
    const [start, end] = node.range ?? [0, 0];
    if (this.expanding) {
      if (++this.aliasNodes > PARSE_LIMITS.aliasNodes) this.breach(`${PARSE_LIMITS.aliasNodes} nodes`);
    } else if (node.anchor) this.anchors.set(node.anchor, node);
    if (isAlias(node)) return this.alias(node, start, depth);
    const range = this.lines.range(start, end);
    let out: SourceNode;
    if (isMap(node)) {
      const entries: MapEntry[] = [];
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const keyStart = keyNode?.range?.[0] ?? start;
        if (!isScalar(keyNode) || (keyNode.tag !== undefined && keyNode.tag !== '!' && !keyNode.tag.startsWith('tag:yaml.org'))) {
          const tagAt = keyNode?.tag ? this.text.lastIndexOf(keyNode.tag, keyStart) : -1;
          throw new YamlSyntaxError('a map key must be a plain string, not a collection or an intrinsic function', tagAt >= 0 ? tagAt : keyStart);
        }
        if (keyNode.anchor && !this.expanding) this.anchors.set(keyNode.anchor, keyNode);
        const keyRange = this.lines.range(keyStart, keyNode.range?.[1] ?? keyStart);
        const value: SourceNode = pair.value
          ? this.convert(pair.value as YamlNode, depth + 1)
          : { kind: 'scalar', value: null, range: this.lines.range(keyNode.range?.[2] ?? keyStart, keyNode.range?.[2] ?? keyStart) };
        entries.push({ key: String(keyNode.value), keyRange, value });
      }
      out = { kind: 'map', entries, range };
    } else if (isSeq(node)) {
      out = { kind: 'seq', items: node.items.map((item) => this.convert(item as YamlNode, depth + 1)), range };
    } else if (isScalar(node)) {
      const v = node.value;
      const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
      out = { kind: 'scalar', value, range };
    } else {
      throw new YamlSyntaxError('unsupported YAML node', start);
    }
    return this.withTag(node, out, start, end, range);
  }

  private alias(node: Alias, start: number, depth: number): SourceNode {
    // Our own anchor table: the library's resolve() walks the whole document for every alias.
    const target = this.anchors.get(node.source) ?? node.resolve(this.doc);
    if (!target) throw new YamlSyntaxError(`unknown alias *${node.source}`, start);
    const outermost = this.expanding === undefined;
    if (outermost) this.expanding = { name: node.source, offset: start };
    if (++this.aliasCount > PARSE_LIMITS.aliases) this.breach(`${PARSE_LIMITS.aliases} aliases`);
    try {
      return this.convert(target, depth + 1);
    } finally {
      if (outermost) this.expanding = undefined;
    }
  }

  private breach(limit: string): never {
    const at = this.expanding ?? { name: '?', offset: 0 };
    throw new YamlSyntaxError(`alias *${at.name}: expanding it takes the document past ${limit} (a YAML alias bomb?); Meridian stops there`, at.offset);
  }

  private withTag(node: YamlNode, out: SourceNode, start: number, end: number, range: SourceNode['range']): SourceNode {
    const tag = node.tag;
    // `!` alone is YAML's non-specific tag ("a plain string"), not an intrinsic function.
    if (!tag || !tag.startsWith('!') || tag.startsWith('!!') || tag === '!') return out;
    // Short-form intrinsic: a scalar tagged !Ref keeps its text, never a YAML-typed value.
    if (out.kind === 'scalar' && yaml().isScalar(node)) {
      const src = node.source ?? String(node.value ?? '');
      out = { ...out, value: src };
    }
    // The node's range starts at its value; the tag itself stands just before it.
    const tagStart = this.text.lastIndexOf(tag, start);
    const tagRange = tagStart >= 0 && start - tagStart < 200 ? this.lines.range(tagStart, end) : range;
    return { kind: 'tagged', tag, value: out, range: tagRange };
  }
}
