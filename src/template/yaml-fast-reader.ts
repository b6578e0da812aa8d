// A hand-written reader for the YAML that CloudFormation templates use: block maps and sequences,
// flow collections, plain/quoted/block scalars, short-form tags. It yields the same tree and ranges
// as readYaml's `yaml`-library path, several times faster. Where it is not sure (anchors, explicit
// keys, several documents, any syntax error, unusual indentation) it answers null and the caller
// falls back to the library, which also owns every error message.
// Why hand-written: the `yaml` library builds a full Document model (tokens, CST, nodes, tag
// resolution) and cost ~300 ms of a cold `meridian validate` over 55 templates, most of its whole
// time; no YAML library offers a positions-only fast path. This reader takes ~45 ms for them.
// Layers: yaml-fast-scalars.ts (scalar values), yaml-fast-scanner.ts (lines, keys, block scalars),
// yaml-fast-flow.ts (flow collections, tags), this file (block maps and sequences, the document).
import { FlowScanner, MAX_DEPTH } from './yaml-fast-flow.js';
import { BAIL, CR, DASH, HASH, LF, SPACE, TAB, isLetter } from './yaml-fast-scanner.js';
import type { MapEntry, Position, SourceNode } from './source-node.js';

/** The tree of a YAML template, undefined for an empty document, or null where the library must decide. */
export function readYamlFast(text: string): SourceNode | undefined | null {
  try {
    return new FastReader(text).document();
  } catch (err) {
    if (err === BAIL) return null;
    throw err;
  }
}

class FastReader extends FlowScanner {
  document(): SourceNode | undefined {
    if (this.at(0) === 0xfeff) this.p = 1;
    let started = false;
    let directive = false;
    for (;;) {
      this.skipFiller();
      if (this.atMarker) {
        // `---` opens the document; `...` before any content, or a second `---`, is for the library.
        if (started || this.at(this.p) !== DASH) throw BAIL;
        started = true;
        this.p += 3;
        this.lineEnd();
        continue;
      }
      if (this.nextIndent === 0 && this.at(this.p) === 37) {
        // %YAML 1.2 changes nothing; 1.1 would change the schema, %TAG the tags.
        if (started || !this.text.startsWith('%YAML 1.2', this.p) || !this.isSep(this.p + 9)) throw BAIL;
        directive = true;
        this.p += 9;
        this.lineEnd();
        continue;
      }
      break;
    }
    if (directive && !started) throw BAIL;
    if (this.nextIndent < 0) {
      // After `---` the library's empty document holds a null scalar; without it, nothing.
      if (started) throw BAIL;
      return undefined;
    }
    if (this.nextIndent !== 0 || !this.isKeyAt(this.p)) throw BAIL;
    const root = this.blockMap(0);
    if (this.atMarker) {
      if (this.at(this.p) === DASH) throw BAIL;
      this.p += 3;
      this.lineEnd();
      this.skipFiller();
      if (this.nextIndent >= 0 || this.atMarker) throw BAIL;
    }
    return root;
  }

  /** A block map whose first key (already scanned into `key`) is at p, in column `indent`. */
  private blockMap(indent: number): SourceNode {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const start = this.position(this.p);
    const entries: MapEntry[] = [];
    let offset: number;
    for (;;) {
      const key = this.key;
      const keyStart = this.position(key.start);
      const keyRange = { start: keyStart, end: { line: keyStart.line, column: keyStart.column + (key.end - key.start) } };
      this.p = key.after;
      const value = this.valueAfterIndicator(indent, true);
      entries.push({ key: key.value, keyRange, value });
      offset = this.nodeEnd;
      if (this.nextIndent !== indent) break;
      if (!this.isKeyAt(this.p)) throw BAIL;
    }
    if (this.nextIndent > indent) throw BAIL;
    this.depth--;
    const node: SourceNode = { kind: 'map', entries, range: { start, end: this.position(offset) } };
    this.endCollection(indent, offset);
    return node;
  }

  /** A block sequence whose first `-` is at p, in column `indent`. */
  private blockSeq(indent: number): SourceNode {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const start = this.position(this.p);
    const items: SourceNode[] = [];
    let offset: number;
    let commentsBefore = false;
    for (;;) {
      this.p++;
      items.push(this.valueAfterIndicator(indent, false, commentsBefore));
      commentsBefore = this.fillerHasComments;
      offset = this.nodeEnd;
      if (this.nextIndent !== indent || this.at(this.p) !== DASH || !this.isSep(this.p + 1)) break;
    }
    if (this.nextIndent > indent) throw BAIL;
    this.depth--;
    const node: SourceNode = { kind: 'seq', items, range: { start, end: this.position(offset) } };
    this.endCollection(indent, offset);
    return node;
  }

  /**
   * The library keeps comment lines that trail a collection inside it (its range[2], which its
   * parent's range then reaches) when one is indented at least as deep as the collection, unless
   * the collection is at column 0; otherwise they pass to the parent and count for nothing.
   */
  private endCollection(indent: number, offset: number): void {
    if (indent > 0 && this.gMaxComment >= indent) {
      this.nodeEnd = this.gEnd;
      this.gMaxComment = -1;
    } else this.nodeEnd = offset;
  }

  /**
   * The value after a map's `:` or a sequence's `-` (p just past it), in a collection at `indent`.
   * `commentsBefore`: comment lines stood between the previous item and this one.
   */
  private valueAfterIndicator(indent: number, inMap: boolean, commentsBefore = false): SourceNode {
    // Helpers are inlined on this path (once per map entry): calls dominate before the JIT warms up.
    const t = this.text;
    let p = this.p;
    let c = t.charCodeAt(p);
    while (c === SPACE || c === TAB) {
      // After a `-`, the library reads the blanks as indentation, where tabs are errors.
      if (c === TAB && !inMap) throw BAIL;
      c = t.charCodeAt(++p);
    }
    this.p = p;
    let tag: string | undefined;
    let tagPos = -1;
    let tagStart: Position | undefined;
    if (c === 33) {
      tagPos = p;
      tagStart = this.position(tagPos);
      tag = this.scanTag();
      this.skipSpaces();
      c = t.charCodeAt(this.p);
    }
    const valueAt = this.p;
    if (c !== HASH && c !== LF && c !== CR && c === c) {
      const node = this.inlineNode(indent, inMap, tag);
      return tag === undefined ? node : this.tagged(tag, tagPos, tagStart as Position, valueAt, node);
    }
    // Nothing more on this line: the value is on the following lines, or empty.
    const emptyAt = this.p;
    if (c === HASH && this.at(this.p - 1) !== SPACE && this.at(this.p - 1) !== TAB) throw BAIL;
    const nl = this.text.indexOf('\n', this.p);
    this.p = nl < 0 ? this.len : nl + 1;
    this.skipFiller();
    if (this.fillerTabs) throw BAIL;
    let node: SourceNode;
    const blockAt = this.p;
    if (this.nextIndent > indent) node = this.blockNode(indent, tag !== undefined);
    else if (inMap && this.nextIndent === indent && this.at(this.p) === DASH && this.isSep(this.p + 1)) node = this.blockSeq(indent);
    else return this.emptyValue(indent, inMap, tag, tagPos, tagStart, emptyAt, c === HASH || commentsBefore);
    if (tag === undefined) return node;
    if (tag === '!' || node.kind === 'scalar') throw BAIL;
    return this.tagged(tag, tagPos, tagStart as Position, blockAt, node);
  }

  /**
   * An empty value: null, or '' under a tag (`- !GetAZs`). It sits just past the indicator's (or
   * tag's) spaces. When its collection ends here, the library stretches its end over any comments
   * around it up to the next content; a map's value ignores comments before its key, a sequence
   * item's does not, so that case is left to the library.
   */
  private emptyValue(indent: number, inMap: boolean, tag: string | undefined, tagPos: number, tagStart: Position | undefined, at: number, commentedBefore: boolean): SourceNode {
    if (tag === undefined && !inMap) throw BAIL;
    const pos = this.position(at);
    // A sequence also ends at a line of its own indentation that is no `-` item (its parent's key).
    const last = this.nextIndent < indent || (!inMap && !(this.nextIndent === indent && this.at(this.p) === DASH && this.isSep(this.p + 1)));
    const ends = last && (commentedBefore || this.fillerHasComments);
    if (ends && !inMap) throw BAIL;
    this.nodeEnd = ends ? this.gEnd : at;
    this.gMaxComment = -1;
    const node: SourceNode = { kind: 'scalar', value: tag === undefined ? null : '', range: { start: pos, end: pos } };
    return tag === undefined ? node : this.tagged(tag, tagPos, tagStart as Position, at, node);
  }

  /** A node starting a line of its own, deeper than its parent collection at `indent`. */
  private blockNode(indent: number, tagged: boolean): SourceNode {
    const c = this.at(this.p);
    if (c === DASH && this.isSep(this.p + 1)) return this.blockSeq(this.nextIndent);
    if (this.isKeyAt(this.p)) return this.blockMap(this.nextIndent);
    if (tagged) throw BAIL;
    if (c !== 33) return this.inlineNode(indent, true, undefined);
    // A tag opening the line: `Key:` then `  !Join [...]` below it.
    const tagPos = this.p;
    const tagStart = this.position(tagPos);
    const tag = this.scanTag();
    this.skipSpaces();
    let valueAt = this.p;
    if (this.at(valueAt) !== HASH && !this.isBreak(valueAt)) return this.tagged(tag, tagPos, tagStart, valueAt, this.inlineNode(indent, true, tag));
    // ...or alone on its line, the collection it tags below it.
    this.lineEnd();
    this.skipFiller();
    if (this.fillerTabs) throw BAIL;
    valueAt = this.p;
    if (this.nextIndent <= indent) throw BAIL;
    return this.tagged(tag, tagPos, tagStart, valueAt, this.blockNode(indent, true));
  }

  /** A node that starts at p, mid-line, inside a block collection at `indent`. */
  private inlineNode(indent: number, inMap: boolean, tag: string | undefined): SourceNode {
    const from = this.p;
    const c = this.text.charCodeAt(from);
    if (c === DASH && this.isSep(from + 1)) {
      if (inMap || tag !== undefined) throw BAIL;
      return this.blockSeq(this.column(from));
    }
    if (!inMap && tag === undefined && this.isKeyAt(from)) return this.blockMap(this.column(from));
    const start = this.position(from);
    if (c === 124 || c === 62) {
      const value = this.blockScalar(indent);
      const node: SourceNode = { kind: 'scalar', value, range: { start, end: this.position(this.nodeEnd) } };
      this.skipFiller();
      return node;
    }
    let node: SourceNode;
    if (c === 91 || c === 123) node = this.flowNode(indent);
    else if (c === 34 || c === 39) {
      const value = this.quoted(indent);
      node = { kind: 'scalar', value, range: { start, end: this.endPosition(start, from, this.p) } };
    } else if (isLetter(c) || this.plainStart(from)) {
      const value = this.plainBlock(indent, tag !== undefined);
      node = { kind: 'scalar', value, range: { start, end: this.endPosition(start, from, this.valueEnd) } };
      if (this.fillerHasComments) this.absorbComments(indent);
      return node;
    } else throw BAIL;
    this.lineEnd();
    this.skipFiller();
    this.absorbComments(indent);
    return node;
  }

  /** The position of `end`, computed from `start` (at offset `from`) when both are on one line. */
  private endPosition(start: Position, from: number, end: number): Position {
    return this.valueMulti ? this.position(end) : { line: start.line, column: start.column + (end - from) };
  }
}
