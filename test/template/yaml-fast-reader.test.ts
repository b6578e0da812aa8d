// The fast YAML reader against the `yaml` library: wherever it answers, the tree (values, kinds,
// tags, every range) must equal the library's; where unsure it must answer null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { LineIndex, type SourceNode } from '../../src/template/source-node.js';
import { readYamlFast } from '../../src/template/yaml-fast-reader.js';
import { readYamlWithLibrary } from '../../src/template/yaml-reader.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CONFORMANCE = fileURLToPath(new URL('../../../shared/conformance/', import.meta.url));
const present = existsSync(join(CONFORMANCE, 'templates'));

type LibraryResult = { ok: true; root: SourceNode | undefined } | { ok: false; message: string };

function library(text: string): LibraryResult {
  try {
    return { ok: true, root: readYamlWithLibrary(text, new LineIndex(text)) };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** Compares the readers on one text; returns a problem, or whether the fast reader answered. */
function compare(text: string): { handled: boolean; problem?: string } {
  const fast = readYamlFast(text);
  if (fast === null) return { handled: false };
  const lib = library(text);
  if (!lib.ok) return { handled: true, problem: `fast reader answered, library failed: ${lib.message}` };
  if (!isDeepStrictEqual(fast, lib.root)) return { handled: true, problem: `trees differ: ${firstDifference(fast, lib.root, '$')}` };
  return { handled: true };
}

function firstDifference(a: unknown, b: unknown, path: string): string {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (!isDeepStrictEqual(x, y)) return firstDifference(x, y, `${path}.${k}`);
    }
  }
  return `${path}: fast ${JSON.stringify(a)} library ${JSON.stringify(b)}`;
}

function yamlFilesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) yamlFilesUnder(path, out);
    else if (/\.(ya?ml|template)$/.test(name)) out.push(path);
  }
  return out;
}

function fixtureDirs(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'fixtures') out.push(path);
    else fixtureDirs(path, out);
  }
  return out;
}

interface Tally {
  files: number;
  handled: number;
  problems: string[];
}

function tally(files: string[], root: string): Tally {
  const t: Tally = { files: files.length, handled: 0, problems: [] };
  for (const file of files) {
    const r = compare(readFileSync(file, 'utf8'));
    if (r.handled) t.handled++;
    if (r.problem) t.problems.push(`${relative(root, file)}: ${r.problem}`);
  }
  return t;
}

const pct = (t: Tally) => (t.files === 0 ? 100 : (100 * t.handled) / t.files);

test('differential: conformance templates (real-world and all)', { skip: present ? false : `conformance material not found at ${CONFORMANCE}` }, (t) => {
  const expected = JSON.parse(readFileSync(join(CONFORMANCE, 'cfn-lint-expected.json'), 'utf8')) as { file: string; kind: string }[];
  const realWorldFiles = new Set(expected.filter((e) => e.kind === 'real-world').map((e) => join(CONFORMANCE, e.file)));
  const files = yamlFilesUnder(join(CONFORMANCE, 'templates'));
  const all = tally(files, CONFORMANCE);
  const realWorld = tally(files.filter((f) => realWorldFiles.has(f)), CONFORMANCE);
  t.diagnostic(`real-world: ${realWorld.handled}/${realWorld.files} handled (${pct(realWorld).toFixed(1)}%)`);
  t.diagnostic(`all conformance YAML: ${all.handled}/${all.files} handled (${pct(all).toFixed(1)}%)`);
  assert.deepEqual(all.problems, []);
  assert.ok(realWorld.files >= 50, `only ${realWorld.files} real-world YAML templates found`);
  assert.ok(pct(realWorld) >= 95, `real-world handled ${pct(realWorld).toFixed(1)}% < 95%`);
  assert.ok(pct(all) >= 85, `all handled ${pct(all).toFixed(1)}% < 85%`);
});

test('differential: test fixtures and examples', (t) => {
  const files = [...fixtureDirs(join(REPO, 'test')).flatMap((d) => yamlFilesUnder(d)), ...yamlFilesUnder(join(REPO, 'examples'))];
  const result = tally(files, REPO);
  t.diagnostic(`fixtures and examples: ${result.handled}/${result.files} handled (${pct(result).toFixed(1)}%)`);
  assert.ok(result.files > 10, `only ${result.files} fixture files found`);
  assert.deepEqual(result.problems, []);
});

/** Constructs the fast reader must handle, each checked against the library (value and range). */
const HANDLED: Record<string, string> = {
  'block map': 'A: 1\nB: two\n',
  'nested maps, trailing comments at several depths': 'R:\n  A:\n    B: 1\n    # deep\n  # mid\n# top\nC: 2\n',
  'comment kept by an inner map at the end': 'R:\n  A:\n    B: 1\n\n    # kept\n',
  'comment deeper than the map joins the scalar': 'R:\n  B: 1\n      # deeper\n\n  C: 2\n',
  'block sequence': 'A:\n  - x\n  - y # c\nB: 1\n',
  'sequence at the parent key indent': 'A:\n- x\n- y\nB:\n- z\n',
  'compact maps in a sequence': 'A:\n  - Key: k\n    Value: v\n  -   Key: k2\n      Value: v2\n',
  'nested compact sequences': 'A:\n  - - a\n    - b\n  - - c\n',
  'plain scalars resolve': 'A: [null, Null, NULL, ~, true, False, 12, -3, +4, 0o17, 0x1F, 1.5, -.5, 1e3, .inf, -.Inf, .nan, 1_000, 0b1, 1.2.3, 07, yes]\n',
  'keys resolve then stringify': '1: a\n0x10: b\ntrue: c\n~: d\n1.50: e\n"q": f\n\'s\': g\n',
  'empty values': 'A:\nB:   # note\nC: 1\nD:\n',
  'empty value at the end of a nested map': 'A:\n  B:\n  # c\nC: 1\n',
  'single and double quotes with escapes': 'A: \'it\'\'s\'\nB: "tab\\t nl\\n q\\" u\\u00e9 x\\x41 U\\U0001F600 \\\\ \\/"\n',
  'multi-line plain scalar': 'A: one\n  two\n\n  three\nB: x\n',
  'plain scalar on the next line': 'Description:\n  Some text\n  continues here\nNext: 1\n',
  'multi-line quoted scalars': 'A: "one\n  two  \n\n  three"\nB: \'a\n  b\'\nC: "x\\\n  y"\n',
  'literal block scalars with chomping': 'A: |\n  one\n   two\n\n  three\n\nB: |-\n  x\nC: |+\n  y\n\n\nD: x\n',
  'folded block scalars': 'A: >\n  one\n  two\n\n  three\n    more\n  four\nB: >-\n  x\n  y\n',
  'block scalar indentation indicator': 'A:\n  B: |2\n      indented\n    base\n  C: >1-\n    x\n',
  'block scalar at the end of text without a break': 'A: |\n  x',
  'flow sequences and maps, nested and multi-line': 'A: [a, "b", \'c\', [d, e], {f: g, "h": [i]}]\nB: {\n  x: 1,\n  y: [2, 3],\n}\nC: [\n  a,\n  b\n  ]\nD: []\nE: {}\n',
  'one-pair maps in a flow sequence': 'A: [ x, Ref: y , "k": [1, 2], k3 : !Ref w, \'q\':v, ! "n": 1 ]\n',
  'flow collection then deeper comments': 'A: [x] # c\n   # deeper\nB: 1\n',
  'short-form tags': 'A: !Ref Name\nB: !GetAtt Res.Arn\nC: !Sub |\n  echo ${X}\nD: !If [Cond, !Ref A, !Ref "AWS::NoValue"]\nE: !Join [ "", [ "a", !Ref B ] ]\nF: !Ref 123\nG: !Sub \'x\'\n',
  'tag before a block collection below': 'A: !If\n  - Cond\n  - x\n  - y\nB: !Equals\n- a\n- b\nC:\n  !If\n    - c\n    - d\nD: !Base64\n  Fn::Sub: x\n',
  'tag opening a line': 'A:\n  !Join [ "", [ a, b ] ]\nB: 1\n',
  'empty tagged values': 'A:\n  - !GetAZs\n  - x\nB: !GetAZs\nC: [!GetAZs , x]\n',
  'non-specific tag': 'A: ! 12\nB: ! true\n',
  'document markers and directive': '%YAML 1.2\n---\nA: 1\n...\n# after\n',
  'start marker with a comment': '--- # doc\nA: 1\n',
  'byte order mark': '\uFEFFA: 1\nB: [x]\n',
  'CRLF line ends': 'A: 1\r\nB:\r\n  - x\r\n  - "y\r\n    z"\r\nC: |\r\n  l1\r\n  l2\r\n# c\r\n',
  'comments everywhere': '# head\nA: 1 # one\n\n# between\nB:\n  # inside\n  C: 2\n  # after\n',
  'empty document': '# only a comment\n',
  'plain with colons and hashes': 'A: arn:aws:s3:::bucket/*\nB: a#b\nC: http://x.y/z?q=1#f\nD: -1x\n',
  'keys with spaces and quotes': 'Key with spaces: 1\n"quoted: key": 2\n\'single # key\': 3\nKey  : 4\n',
  'comments trailing sequences and compact maps': 'x:\n  a:\n  - b\n  # c\ny:\n  - a: 1\n    # c\nz:\n  - - a\n    # c\n',
  'comment after a block scalar kept by its map': 'a:\n  b: |+\n    x\n\n  # c\nd: 1',
  'number edge cases': 'a: [123456789012345678901234, 1e400, -0, 0., +.5, 00, 0o, 0x, 0o8]\n',
  'tabs as separators, inside text and in blank lines': 'A:\tx\ty\t# c\nB: !Ref\tz\nC: [a,\tb]\t\n\t\nD: {k:\tv}\nE: |\t# c\n  t\tu\nF: x\t\n  y\n',
  'non-specific tag on empty values': 'A: !\nB: 1\nC:\n  - !\n',
};

for (const [name, yaml] of Object.entries(HANDLED)) {
  test(`handles ${name}`, () => {
    const r = compare(yaml);
    assert.ok(r.handled, 'fast reader bailed');
    assert.equal(r.problem, undefined);
  });
}

test('values and ranges of a small template, spelled out', () => {
  const root = readYamlFast('A: !Ref B\nC:\n  - 1\n  - |\n    x\n');
  assert.deepEqual(root, {
    kind: 'map',
    entries: [
      {
        key: 'A',
        keyRange: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } },
        value: {
          kind: 'tagged',
          tag: '!Ref',
          value: { kind: 'scalar', value: 'B', range: { start: { line: 1, column: 9 }, end: { line: 1, column: 10 } } },
          range: { start: { line: 1, column: 4 }, end: { line: 1, column: 10 } },
        },
      },
      {
        key: 'C',
        keyRange: { start: { line: 2, column: 1 }, end: { line: 2, column: 2 } },
        value: {
          kind: 'seq',
          items: [
            { kind: 'scalar', value: 1, range: { start: { line: 3, column: 5 }, end: { line: 3, column: 6 } } },
            { kind: 'scalar', value: 'x\n', range: { start: { line: 4, column: 5 }, end: { line: 6, column: 1 } } },
          ],
          range: { start: { line: 3, column: 3 }, end: { line: 6, column: 1 } },
        },
      },
    ],
    range: { start: { line: 1, column: 1 }, end: { line: 6, column: 1 } },
  });
});

/** The values of a map's entries, tags kept as `tag value`. */
function valuesOf(yaml: string): Record<string, unknown> {
  const root = readYamlFast(yaml);
  assert.ok(root && root.kind === 'map', 'fast reader bailed or root is not a map');
  const plain = (n: SourceNode): unknown =>
    n.kind === 'scalar' ? n.value : n.kind === 'tagged' ? `${n.tag} ${String(plain(n.value))}` : n.kind === 'seq' ? n.items.map(plain) : Object.fromEntries(n.entries.map((e) => [e.key, plain(e.value)]));
  return plain(root) as Record<string, unknown>;
}

test('scalar values spelled out', () => {
  assert.deepEqual(valuesOf('a: |\n  x\n\n  y\n\nb: |-\n  x\nc: |+\n  x\n\nd: >\n  one\n  two\n\n  three\ne: >\n  a\n    more\n  b\n'), {
    a: 'x\n\ny\n',
    b: 'x',
    c: 'x\n\n',
    d: 'one two\nthree\n',
    e: 'a\n  more\nb\n',
  });
  assert.deepEqual(valuesOf('a: one\n  two\n\n  three\nb: "x\\ty\\u00e9\n  z"\nc: \'it\'\'s\'\nd: !Ref 12\ne: ! 12\nf: 0x1F\ng: 1e3\nh: ~\ni: FALSE\nj: .NaN\n'), {
    a: 'one two\nthree',
    b: 'x\tyé z',
    c: "it's",
    d: '!Ref 12',
    e: '12',
    f: 31,
    g: 1000,
    h: null,
    i: false,
    j: NaN,
  });
});

/** Inputs the fast reader leaves to the library. */
const BAILS: Record<string, string> = {
  'anchor': 'A: &a 1\nB: 2\n',
  'alias': 'A: 1\nB: *a\n',
  'explicit key': '? A\n: 1\n',
  'two documents': 'A: 1\n---\nB: 2\n',
  'complex key': '[a, b]: 1\n',
  'tagged key': '!Ref a: 1\n',
  'standard tag': 'A: !!str 1\n',
  'verbatim tag': 'A: !<tag:x> 1\n',
  'YAML 1.1 directive': '%YAML 1.1\n---\nA: yes\n',
  'syntax error: bad indentation': 'A:\n  B: 1\n   C: 2\n',
  'syntax error: unclosed quote': 'A: "x\n',
  'syntax error: unclosed flow': 'A: [x, y\n',
  'syntax error: nested map on one line': 'A: b: c\n',
  'syntax error: tab indentation': 'A:\n\tB: 1\n',
  'syntax error: bad escape': 'A: "\\q"\n',
  'root sequence': '- a\n- b\n',
  'root scalar': 'just text\n',
  'indented root': '  A: 1\n',
  'empty value of a pair in a flow sequence': 'A: [a: ]\n',
  'tagged key of a pair in a flow sequence': 'A: [!Ref a: b]\n',
  'comment inside a flow collection': 'A: [a, # c\n  b]\n',
  'empty sequence item': 'A:\n  -\n  - x\n',
  'lone CR': 'A: 1\rB: 2\n',
};

for (const [name, yaml] of Object.entries(BAILS)) {
  test(`bails on ${name}`, () => {
    assert.equal(readYamlFast(yaml), null);
  });
}

// ---- generated documents ----

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Name', 'Type', 'Ref', 'a1', 'Key two', 'x', 'Value', 'Properties', 'Sub'];
const PLAIN = ['abc', 'AWS::S3::Bucket', '12', '-7', '0x1F', '1.5', 'true', 'Null', '~', 'a b c', 'arn:aws:iam::1:x', 'a#b', '.inf', '1e3', '0o7'];
const QUOTED = ['"x"', "'it''s'", '"a\\tb"', '""', "''", '"a: b"', "'# no'", '"\\u00e9"'];
const TAGS = ['!Ref', '!Sub', '!GetAtt', '!If', '!Join', '!Select', '!GetAZs', '!Equals'];

class Generator {
  private readonly lines: string[] = [];
  /** How often comment and blank lines appear: some documents are mostly comments. */
  private readonly density: number;
  constructor(private readonly rnd: () => number) {
    this.density = rnd() < 0.3 ? 0.7 : 0.2;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)] as T;
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  document(): string {
    if (this.chance(0.1)) this.lines.push('---');
    this.map(0, 0, '');
    const eol = this.chance(0.1) ? '\r\n' : '\n';
    return this.lines.join(eol) + (this.chance(0.8) ? eol : '');
  }

  private filler(indent: number): void {
    if (this.chance(this.density * 0.7)) this.lines.push('');
    if (this.chance(this.density)) this.lines.push(`${' '.repeat(Math.max(0, indent + Math.floor(this.rnd() * 5) - 2))}# note`);
    if (this.chance(this.density * 0.3)) this.lines.push(`${' '.repeat(Math.max(0, indent + Math.floor(this.rnd() * 5) - 2))}# more`);
  }

  private comment(): string {
    return this.chance(this.density * 0.7) ? ' # c' : '';
  }

  private key(): string {
    return this.chance(0.1) ? this.pick(['"q k"', "'s'", '12', 'true']) : this.pick(WORDS);
  }

  /** A map at `indent`; `first` is what precedes its first key on the first line ('- ' or ''). */
  private map(indent: number, depth: number, first: string): void {
    const n = 1 + Math.floor(this.rnd() * 3);
    for (let i = 0; i < n; i++) {
      const lead = i === 0 && first ? first : ' '.repeat(indent);
      this.value(`${lead}${this.key()}:`, indent, depth, true);
      this.filler(indent);
    }
  }

  private seq(indent: number, depth: number): void {
    const n = 1 + Math.floor(this.rnd() * 3);
    for (let i = 0; i < n; i++) {
      const lead = `${' '.repeat(indent)}-`;
      if (depth < 3 && this.chance(0.25)) this.map(indent + 2, depth + 1, `${lead} `);
      else this.value(lead, indent, depth, false);
      this.filler(indent);
    }
  }

  /** Writes a value after `head` (a key with its colon, or a dash) for a collection at `indent`. */
  private value(head: string, indent: number, depth: number, inMap: boolean): void {
    const deeper = indent + 2;
    const r = this.rnd();
    const tag = this.chance(0.2) ? `${this.pick(TAGS)} ` : '';
    if (depth < 3 && r < 0.2) {
      this.lines.push(`${head}${tag ? ` ${tag.trim()}` : ''}${this.comment()}`);
      this.filler(deeper);
      this.map(deeper, depth + 1, '');
    } else if (depth < 3 && r < 0.35) {
      this.lines.push(`${head}${tag ? ` ${tag.trim()}` : ''}${this.comment()}`);
      this.seq(inMap && this.chance(0.3) ? indent : deeper, depth + 1);
    } else if (r < 0.5) {
      this.lines.push(`${head} ${tag}${this.flow(depth)}${this.comment()}`);
    } else if (r < 0.6) {
      this.lines.push(`${head} ${tag}${this.pick(['|', '>', '|-', '>+', '|+', '>-'])}${this.comment()}`);
      const body = deeper + (this.chance(0.2) ? 2 : 0);
      const count = 1 + Math.floor(this.rnd() * 3);
      for (let i = 0; i < count; i++) {
        this.lines.push(this.chance(0.2) ? '' : `${' '.repeat(body + (this.chance(0.2) ? 2 : 0))}${this.pick(PLAIN)}`);
      }
      this.lines.push(`${' '.repeat(body)}end`);
      if (this.chance(0.3)) this.lines.push('');
    } else if (r < 0.7) {
      this.lines.push(`${head} ${tag}${this.pick(PLAIN)}`);
      if (this.chance(0.5)) this.lines.push(`${' '.repeat(deeper + 1)}${this.pick(['more', 'and more', 'x y'])}`);
      if (this.chance(0.2)) this.lines.push('', `${' '.repeat(deeper)}last`);
    } else if (r < 0.8) {
      this.lines.push(`${head} ${tag}${this.pick(QUOTED)}${this.comment()}`);
    } else if (r < 0.85 && inMap) {
      this.lines.push(`${head}${tag ? ` ${tag.trim()}` : ''}${this.comment()}`);
    } else if (r < 0.9) {
      this.rareValue(head, deeper, depth);
    } else {
      this.lines.push(`${head}${this.chance(0.2) ? '\t' : ' '}${tag}${this.pick(PLAIN)}${this.comment()}`);
    }
  }

  /** Shapes templates use less often: values on the next line, multi-line flow and quotes. */
  private rareValue(head: string, deeper: number, depth: number): void {
    const pad = ' '.repeat(deeper);
    switch (Math.floor(this.rnd() * 5)) {
      case 0:
        this.lines.push(head, `${pad}${this.pick(TAGS)}`);
        if (depth < 3) this.seq(deeper + 2, depth + 1);
        else this.lines.push(`${pad}  - x`);
        break;
      case 1:
        this.lines.push(head, `${pad}${this.pick(PLAIN)}`, `${pad}${this.pick(['more', 'x y'])}`);
        break;
      case 2:
        this.lines.push(`${head} [`, `${pad}${this.pick(PLAIN.filter((p) => !p.includes('#') && !p.includes(' ')))},`, `${pad}${this.flow(depth)}`, `${' '.repeat(deeper - 2)}]${this.comment()}`);
        break;
      case 3:
        this.lines.push(`${head} "first`, `${pad}second\\`, `${pad}  third"${this.comment()}`);
        break;
      default:
        this.lines.push(`${head} ${this.pick(TAGS)} ${this.pick(['', 'x'])}${this.comment()}`);
    }
  }

  private flow(depth: number): string {
    const n = Math.floor(this.rnd() * 4);
    const items: string[] = [];
    const map = this.chance(0.3);
    for (let i = 0; i < n; i++) {
      const tag = this.chance(0.15) ? `${this.pick(TAGS)} ` : '';
      const v = depth < 3 && this.chance(0.2) ? this.flow(depth + 1) : this.chance(0.3) ? this.pick(QUOTED) : this.pick(PLAIN.filter((p) => !p.includes('#') && !p.includes(' ')));
      // In a sequence, `key: value` without braces is a one-pair map.
      const pair = map || this.chance(0.1);
      items.push(pair ? `${this.pick(WORDS.filter((w) => !w.includes(' ')))}: ${tag}${v}` : `${tag}${v}`);
    }
    return map ? `{${items.join(', ')}}` : `[${items.join(', ')}]`;
  }
}

// YAML_FAST_RUNS=500000 widens the search when changing the reader (about a minute).
test('generated documents: the fast reader agrees with the library wherever it answers', (t) => {
  let handled = 0;
  const runs = Number(process.env.YAML_FAST_RUNS ?? 4000);
  const problems: string[] = [];
  for (let seed = 1; seed <= runs; seed++) {
    const text = new Generator(prng(seed)).document();
    const r = compare(text);
    if (r.handled) handled++;
    if (r.problem && problems.length < 5) problems.push(`seed ${seed}: ${r.problem}\n${text}`);
  }
  t.diagnostic(`generated: ${handled}/${runs} handled`);
  assert.deepEqual(problems, []);
  // The generator mostly writes valid YAML in the supported subset; the reader must take most of it.
  assert.ok(handled > runs * 0.5, `only ${handled} of ${runs} generated documents handled`);
});
