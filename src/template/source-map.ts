import { SHORT_TAGS } from './short-tags.js';
import type { Range, SourceNode } from './source-node.js';

/** A path into a template: keys and list indexes from the top, e.g. ['Resources', 'Bucket', 'Properties']. */
export type TemplatePath = readonly (string | number)[];

/** Where one value stands, and the map key naming it (none for list items and the root). */
interface Located {
  value: Range;
  key?: Range;
}

const NOWHERE: Range = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/**
 * Where each value (and each map key) of a template stands in its file, read from the reader's
 * syntax tree when asked. Positions are looked up for a few hundred findings at most, while a
 * template has tens of thousands of values: walking the tree on demand costs nothing up front,
 * where a table of every path cost a string per value and was a large share of parse time.
 * Paths are the body's (long-form) paths: a short-form tag stands for its `Fn::X` key.
 */
export class SourceMap {
  constructor(private readonly root?: SourceNode) {}

  /** The range of the value at `path`, if that exact path has one. */
  value(path: TemplatePath): Range | undefined {
    const trail = this.trail(path);
    return trail.length === path.length + 1 ? trail[path.length]?.value : undefined;
  }

  /** The range of the map key naming `path`, if any. */
  key(path: TemplatePath): Range | undefined {
    const trail = this.trail(path);
    return trail.length === path.length + 1 ? trail[path.length]?.key : undefined;
  }

  /**
   * Where to point a finding about `path`: its key if it has one (that is what cfn-lint reports),
   * else its value, else the nearest ancestor that has a position.
   */
  locate(path: TemplatePath): Range {
    const trail = this.trail(path);
    const last = trail[trail.length - 1];
    return last ? (last.key ?? last.value) : NOWHERE;
  }

  /** The positions of `path`'s prefixes, from the root, as far as the tree has them. */
  private trail(path: TemplatePath): Located[] {
    if (!this.root) return [];
    const out: Located[] = [{ value: this.root.range }];
    let node: SourceNode = this.root;
    // A `!GetAtt a.b` scalar stands for a two-item list; its items point at the scalar.
    let getAttParts = 0;
    for (const part of path) {
      while (node.kind === 'tagged' && SHORT_TAGS[node.tag] === undefined) node = node.value;
      if (getAttParts > 0) {
        const i = Number(part);
        if (!Number.isInteger(i) || i < 0 || i >= getAttParts) break;
        out.push({ value: node.range });
        getAttParts = 0;
        continue;
      }
      const next = step(node, part);
      if (!next) break;
      out.push(next.located);
      node = next.node;
      getAttParts = next.getAttParts;
    }
    return out;
  }
}

function step(node: SourceNode, part: string | number): { node: SourceNode; located: Located; getAttParts: number } | undefined {
  switch (node.kind) {
    case 'map': {
      const name = String(part);
      // The first of duplicate keys: the one the body keeps.
      const entry = node.entries.find((e) => e.key === name);
      return entry && { node: entry.value, located: { value: entry.value.range, key: entry.keyRange }, getAttParts: 0 };
    }
    case 'seq': {
      const item = node.items[Number(part)];
      return item && { node: item, located: { value: item.range }, getAttParts: 0 };
    }
    case 'tagged': {
      if (SHORT_TAGS[node.tag] !== String(part)) return undefined;
      const inner = node.value;
      const getAttParts = node.tag === '!GetAtt' && inner.kind === 'scalar' && typeof inner.value === 'string' ? (inner.value.includes('.') ? 2 : 1) : 0;
      return { node: inner, located: { value: inner.range, key: node.range }, getAttParts };
    }
    case 'scalar':
      return undefined;
  }
}
