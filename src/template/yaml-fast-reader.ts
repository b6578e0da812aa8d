// A hand-written reader for the YAML that CloudFormation templates use: block maps and sequences,
// flow collections, plain/quoted/block scalars, short-form tags. It yields the same tree and ranges
// as readYaml's `yaml`-library path, several times faster. Where it is not sure (anchors, explicit
// keys, several documents, any syntax error, unusual indentation) it answers null and the caller
// falls back to the library, which also owns every error message.
import { resolvePlain } from './yaml-fast-scalars.js';
import { BAIL, COLON, CR, DASH, HASH, LF, SPACE, TAB, YamlScanner, isLetter } from './yaml-fast-scanner.js';
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

// readYaml refuses trees deeper than 200; stay well inside that.
const MAX_DEPTH = 150;

class FastReader extends YamlScanner {
  private depth = 0;

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

  /** Scans a tag at p: `!` alone or a short-form name; others (`!!str`, `!<...>`) are for the library. */
  private scanTag(): string {
    const from = this.p++;
    for (let c = this.at(this.p); (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = this.at(++this.p));
    if (!this.isBlank(this.p) && !(this.at(this.p) === 44 || this.at(this.p) === 93 || this.at(this.p) === 125)) throw BAIL;
    return this.text.slice(from, this.p);
  }

  /** Wraps a node in its tag, with the range readYaml gives (from the tag, found by lastIndexOf). */
  private tagged(tag: string, tagPos: number, tagStart: Position, valueAt: number, node: SourceNode): SourceNode {
    if (tag === '!') {
      if (node.kind !== 'scalar') throw BAIL;
      return node;
    }
    // readYaml finds the tag by lastIndexOf from the value; that finds ours unless another `!`
    // (in a comment) stands between them. Checking the gap is much cheaper than lastIndexOf.
    for (let q = tagPos + tag.length; q < valueAt; q++) if (this.at(q) === 33 && this.text.lastIndexOf(tag, valueAt) !== tagPos) throw BAIL;
    const range = valueAt - tagPos < 200 ? { start: tagStart, end: node.range.end } : node.range;
    return { kind: 'tagged', tag, value: node, range };
  }

  // ---- flow collections ----

  /** A flow node at p inside a block collection at `indent` (its lines must be deeper). */
  private flowNode(indent: number): SourceNode {
    if (++this.depth > MAX_DEPTH) throw BAIL;
    const c = this.at(this.p);
    const start = this.position(this.p);
    let node: SourceNode;
    if (c === 91 || c === 123) {
      const map = c === 123;
      const close = map ? 125 : 93;
      this.p++;
      const entries: MapEntry[] = [];
      const items: SourceNode[] = [];
      this.flowSpace(indent);
      while (this.at(this.p) !== close) {
        if (map) entries.push(this.flowPair(indent));
        else items.push(this.flowSeqItem(indent));
        this.flowSpace(indent);
        if (this.at(this.p) === 44) {
          this.p++;
          this.flowSpace(indent);
        } else if (this.at(this.p) !== close) throw BAIL;
      }
      this.p++;
      const range = { start, end: this.position(this.p) };
      node = map ? { kind: 'map', entries, range } : { kind: 'seq', items, range };
    } else if (c === 34 || c === 39) {
      const value = this.quoted(indent);
      node = { kind: 'scalar', value, range: { start, end: this.position(this.p) } };
    } else {
      const from = this.p;
      const end = this.flowPlainEnd();
      node = { kind: 'scalar', value: resolvePlain(this.text.slice(from, end)), range: { start, end: this.position(end) } };
    }
    this.depth--;
    return node;
  }

  /**
   * An item of a flow sequence, which may be a one-pair map without braces (`[a, Ref: x]`): the
   * library ranges that map from its key to its value.
   */
  private flowSeqItem(indent: number): SourceNode {
    const from = this.p;
    const item = this.flowItem(indent);
    if (item.kind !== 'scalar') return item;
    const keyEnd = this.p;
    this.skipSpaces();
    if (this.at(this.p) !== COLON) {
      this.p = keyEnd;
      return item;
    }
    this.p++;
    // Implicit keys stay on one line; only a quoted key may touch its `:`'s value.
    if (item.range.start.line !== item.range.end.line) throw BAIL;
    const quotedKey = this.at(from) === 34 || this.at(from) === 39;
    if (!quotedKey && !this.isBlank(this.p)) throw BAIL;
    this.flowSpace(indent);
    const next = this.at(this.p);
    if (next === 44 || next === 93) throw BAIL;
    const value = this.flowItem(indent);
    const entry: MapEntry = { key: String(item.value), keyRange: item.range, value };
    return { kind: 'map', entries: [entry], range: { start: item.range.start, end: value.range.end } };
  }

  /** An item of a flow sequence: a node, perhaps tagged. */
  private flowItem(indent: number): SourceNode {
    if (this.at(this.p) !== 33) return this.flowNode(indent);
    const tagPos = this.p;
    const tagStart = this.position(tagPos);
    const tag = this.scanTag();
    this.skipSpaces();
    const from = this.p;
    const c = this.at(from);
    let node: SourceNode;
    if (c === 44 || c === 93 || c === 125) {
      // `[!GetAZs , x]`: an empty string under the tag, just past the tag's spaces.
      const at = this.position(from);
      node = { kind: 'scalar', value: '', range: { start: at, end: at } };
    } else if (from === tagPos + tag.length || this.isBreak(from)) throw BAIL;
    else if (c === 91 || c === 123) node = this.flowNode(indent);
    else if (c === 34 || c === 39) node = this.flowNode(indent);
    else {
      const end = this.flowPlainEnd();
      const start = this.position(from);
      node = { kind: 'scalar', value: this.text.slice(from, end), range: { start, end: this.position(end) } };
    }
    return this.tagged(tag, tagPos, tagStart, from, node);
  }

  /** A `key: value` pair of a flow map. */
  private flowPair(indent: number): MapEntry {
    const c = this.at(this.p);
    const from = this.p;
    let value: string;
    if (c === 34 || c === 39) {
      const v = this.quoted(indent);
      if (this.text.slice(from, this.p).indexOf('\n') >= 0) throw BAIL;
      value = v;
    } else value = String(resolvePlain(this.text.slice(from, this.flowPlainEnd())));
    const keyRange = this.range(from, this.p);
    this.skipSpaces();
    if (this.at(this.p) !== COLON) throw BAIL;
    this.p++;
    if (c !== 34 && c !== 39 && !this.isBlank(this.p)) throw BAIL;
    this.flowSpace(indent);
    const next = this.at(this.p);
    if (next === 44 || next === 125) throw BAIL;
    return { key: value, keyRange, value: this.flowItem(indent) };
  }

  /** Ends a plain scalar in flow context at p; it must fit on its line. */
  private flowPlainEnd(): number {
    const t = this.text;
    const from = this.p;
    if (!this.plainStart(from)) throw BAIL;
    let q = from;
    for (;;) {
      const c = t.charCodeAt(q);
      if (c === 44 || c === 91 || c === 93 || c === 123 || c === 125) break;
      if (c === COLON) {
        const n = t.charCodeAt(q + 1);
        if (this.isSep(q + 1) || n === TAB || n === 44 || n === 91 || n === 93 || n === 123 || n === 125) break;
      }
      if (c === 10 || c === 13 || q >= this.len) break;
      if (c === HASH && (t.charCodeAt(q - 1) === SPACE || t.charCodeAt(q - 1) === TAB)) throw BAIL;
      q++;
    }
    for (let b = t.charCodeAt(q - 1); b === SPACE || b === TAB; b = t.charCodeAt(q - 1)) q--;
    if (q === from) throw BAIL;
    this.p = q;
    return q;
  }

  /** Spaces and line breaks inside a flow collection; comments and shallow lines are for the library. */
  private flowSpace(indent: number): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.p);
      if (c === SPACE || c === TAB) this.p++;
      else if (c === 10 || (c === 13 && t.charCodeAt(this.p + 1) === 10)) {
        this.p += c === 10 ? 1 : 2;
        const ls = this.p;
        while (t.charCodeAt(this.p) === SPACE) this.p++;
        const n = t.charCodeAt(this.p);
        if (n === TAB) throw BAIL;
        const deep = this.p - ls > indent || ((n === 93 || n === 125) && this.p - ls === indent);
        if (!deep && n !== 10 && n !== 13) throw BAIL;
      } else if (c === HASH || this.p >= this.len) throw BAIL;
      else return;
    }
  }
}
