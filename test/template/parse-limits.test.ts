// Bounded parsing: alias bombs, bracket towers and oversized documents fail with a located E0000
// (issue 16, item 1) instead of taking the process's memory or stack; ordinary aliases still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, parseTemplate } from '../../src/template/index.js';
import { PARSE_LIMITS } from '../../src/template/parse-limits.js';
import { aliasBombTemplate } from './fixtures/alias-bomb.js';

test('the alias bomb fails with E0000 at the alias whose expansion crossed the limit', () => {
  const text = aliasBombTemplate();
  const r = parseTemplate(text, 'bomb.yaml');
  assert.equal(r.ok, false);
  if (r.ok) return;
  const [d] = r.diagnostics;
  assert.equal(d?.code, 'E0000');
  assert.match(d?.message ?? '', /alias \*[a-i]: expanding it takes the document past \d+ aliases/);
  // The position is an alias in the text: a `*` stands there.
  const line = text.split('\n')[(d?.range.start.line ?? 1) - 1] ?? '';
  assert.equal(line[(d?.range.start.column ?? 1) - 1], '*', `${d?.range.start.line}:${d?.range.start.column} in ${line}`);
});

test('an alias to a large node, used often, fails on the node budget', () => {
  const big = Array.from({ length: 2_000 }, (_, i) => `v${i}`).join(', ');
  const uses = Array.from({ length: 60 }, (_, i) => `  U${i}: *big`).join('\n');
  const text = `Shared: &big [${big}]\nMetadata:\n${uses}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n`;
  const r = parseTemplate(text, 'wide.yaml');
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.match(r.diagnostics[0]?.message ?? '', new RegExp(`alias \\*big: expanding it takes the document past ${PARSE_LIMITS.aliasNodes} nodes`));
  assert.equal(r.diagnostics[0]?.range.start.column, 8);
});

test('templates that share a node by alias across many resources still read', () => {
  const resources = Array.from({ length: 400 }, (_, i) => `  Q${i}:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: *tags`).join('\n');
  const text = `Mappings:\n  Shared:\n    Tags: &tags\n      - { Key: team, Value: shop }\n      - { Key: env, Value: prod }\nResources:\n${resources}\n`;
  const r = parseTemplate(text, 'shared.yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics[0]));
  const q = (r.template.body.Resources as Record<string, { Properties: { Tags: unknown } }>).Q399;
  assert.deepEqual(q?.Properties.Tags, [{ Key: 'team', Value: 'shop' }, { Key: 'env', Value: 'prod' }]);
});

test('an alias names the closest anchor before it', () => {
  const r = parseDocument('a: &x 1\nb: *x\nc: &x 2\nd: *x\n', 'doc.yaml');
  assert.ok(r.ok);
  assert.deepEqual(r.value, { a: 1, b: 1, c: 2, d: 2 });
});

test('deep nesting fails with a located E0000 in YAML flow, YAML block and JSON', () => {
  const flow = parseDocument(`a: ${'['.repeat(300_000)}${']'.repeat(300_000)}`, 'flow.yaml');
  assert.equal(flow.ok, false);
  if (!flow.ok) {
    assert.match(flow.diagnostics[0]?.message ?? '', /nesting is deeper than 200 levels/);
    assert.equal(flow.diagnostics[0]?.range.start.column, 3 + PARSE_LIMITS.depth + 1);
  }
  const block = Array.from({ length: 220 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' end\n';
  const deepBlock = parseDocument(block, 'block.yaml');
  assert.equal(deepBlock.ok, false);
  if (!deepBlock.ok) assert.match(deepBlock.diagnostics[0]?.message ?? '', /nesting is deeper/);
  const json = parseTemplate(`{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, 'deep.json');
  assert.equal(json.ok, false);
  if (!json.ok) assert.deepEqual([json.diagnostics[0]?.code, json.diagnostics[0]?.message], ['E0000', 'nesting is deeper than 200 levels']);
});

test('brackets in strings and comments do not count as nesting', () => {
  const noise = '['.repeat(500);
  const r = parseDocument(`a: "${noise}"\nb: '${noise}'\n# ${noise}\nc: [1, [2, [3]]]\n`, 'noise.yaml');
  assert.ok(r.ok, r.ok ? '' : r.diagnostics[0]?.message);
});

test('a document larger than the limit is refused before it is read', () => {
  const r = parseDocument(`a: "${'x'.repeat(PARSE_LIMITS.documentBytes)}"\n`, 'meridian.yaml');
  assert.equal(r.ok, false);
  if (!r.ok) assert.match(r.diagnostics[0]?.message ?? '', /meridian\.yaml is \d+ bytes or more; Meridian reads documents of at most 1000000 bytes/);
});
