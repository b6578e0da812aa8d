import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Runs the CLI in a child process (through tsx, so no build is needed) and returns what it printed.
const mainUrl = new URL('../../src/cli/main.ts', import.meta.url).href;
const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

function meridian(...args: string[]) {
  const script = `const { main } = await import(${JSON.stringify(mainUrl)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('text: levels with types and dependencies', () => {
  const file = fixture('graph-small.yaml');
  const r = meridian('template', 'graph', file);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    [
      `${file}: 4 resources in 3 levels`,
      'Level 1 (2 in parallel)',
      '  Bucket  AWS::S3::Bucket',
      '  Key     AWS::KMS::Key',
      'Level 2',
      '  Queue   AWS::SQS::Queue  <- Bucket (DependsOn), Key (GetAtt)',
      'Level 3',
      '  Topic   AWS::SNS::Topic  <- Queue (Sub)',
      '',
    ].join('\n'),
  );
});

test('json: order, levels, edges with positions, cycles', () => {
  const r = meridian('template', 'graph', fixture('graph-small.yaml'), '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(out), ['order', 'levels', 'edges', 'cycles']);
  assert.deepEqual(out.order, ['Bucket', 'Key', 'Queue', 'Topic']);
  assert.deepEqual(out.levels, [['Bucket', 'Key'], ['Queue'], ['Topic']]);
  assert.deepEqual(out.cycles, []);
  assert.deepEqual(out.edges, [
    { from: 'Queue', to: 'Bucket', kind: 'DependsOn', path: ['Resources', 'Queue', 'DependsOn'], line: 11, column: 5 },
    { from: 'Queue', to: 'Key', kind: 'GetAtt', path: ['Resources', 'Queue', 'Properties', 'KmsMasterKeyId', 'Fn::GetAtt'], line: 14, column: 23 },
    { from: 'Topic', to: 'Queue', kind: 'Sub', path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Fn::Sub'], line: 18, column: 18 },
  ]);
});

test('dot: a Graphviz digraph with one node per resource and labelled edges', () => {
  const r = meridian('template', 'graph', fixture('graph-small.yaml'), '--format', 'dot');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^digraph ".*graph-small\.yaml" \{$/);
  assert.equal(lines.at(-1), '}');
  assert.ok(lines.includes('  "Bucket" [label="Bucket\\nAWS::S3::Bucket"];'));
  assert.ok(lines.includes('  "Queue" -> "Key" [label="GetAtt"];'));
  assert.equal(lines.filter((l) => l.includes('->')).length, 3);
  assert.equal(lines.filter((l) => l.includes('[label=') && !l.includes('->')).length, 4);
});

test('a cycle prints its path with a position and exits 2', () => {
  const file = fixture('graph-cycle.yaml');
  const r = meridian('template', 'graph', file, '--format', 'json');
  assert.equal(r.code, 2);
  assert.deepEqual(JSON.parse(r.stdout).cycles, [['A', 'B', 'A']]);
  assert.equal(r.stderr, `${file}:5:18: E3004 Circular Dependencies for resource A: A -> B -> A\n`);
});

test('references to undefined names are errors with positions', () => {
  const file = fixture('graph-undefined.json');
  const r = meridian('template', 'graph', file);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `${file}:5:38: E1020 Ref to Nowhere in A: no resource, parameter or pseudo parameter has that name\n`);
});

test('with a transform, names the transform creates are not reported', () => {
  const r = meridian('template', 'graph', fixture('graph-sam.yaml'), '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(JSON.parse(r.stdout).order, ['Fn', 'Alias']);
});

test('Fn::ForEach loops are expanded before the graph is built', () => {
  const r = meridian('template', 'graph', fixture('graph-foreach.yaml'), '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).levels, [['TopicAlpha', 'TopicBeta'], ['Queue']]);
  const bad = meridian('template', 'graph', fixture('graph-foreach-bad.yaml'));
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /graph-foreach-bad\.yaml:5:7: FOREACH_INVALID /);
});

test('parse errors print file:line:col and exit 2', () => {
  const file = fixture('graph-duplicate.yaml');
  const r = meridian('template', 'graph', file);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:3: E0000 Duplicate found 'A'`));
});

test('a missing file and a bad format are usage errors', () => {
  const missing = meridian('template', 'graph', fixture('nope.yaml'));
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read .*nope\.yaml/);
  const badFormat = meridian('template', 'graph', fixture('graph-small.yaml'), '--format', 'svg');
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /svg/);
});
