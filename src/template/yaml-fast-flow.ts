// Flow collections (`[a, b]`, `{a: b}`, nested, over several lines) and tags for the fast YAML
// reader; the block structure around them is in yaml-fast-reader.ts.
import { resolvePlain } from './yaml-fast-scalars.js';
import { BAIL, COLON, HASH, SPACE, TAB, YamlScanner } from './yaml-fast-scanner.js';
import type { MapEntry, Position, SourceNode } from './source-node.js';

/** readYaml refuses trees deeper than 200; stay well inside that. */
export const MAX_DEPTH = 150;

export class FlowScanner extends YamlScanner {
  protected depth = 0;

  /** Scans a tag at p: `!` alone or a short-form name; others (`!!str`, `!<...>`) are for the library. */
  protected scanTag(): string {
    const from = this.p++;
    for (let c = this.at(this.p); (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122); c = this.at(++this.p));
    if (!this.isBlank(this.p) && !(this.at(this.p) === 44 || this.at(this.p) === 93 || this.at(this.p) === 125)) throw BAIL;
    return this.text.slice(from, this.p);
  }

  /** Wraps a node in its tag, with the range readYaml gives (from the tag, found by lastIndexOf). */
  protected tagged(tag: string, tagPos: number, tagStart: Position, valueAt: number, node: SourceNode): SourceNode {
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

  /** A flow node at p inside a block collection at `indent` (its lines must be deeper). */
  protected flowNode(indent: number): SourceNode {
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
