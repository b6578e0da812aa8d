import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyGraph, modelOf, parseTemplate, renderGraph } from '../../../src/template/index.js';

const input = (yaml: string) => {
  const r = parseTemplate(yaml, 'c.yaml');
  assert.ok(r.ok);
  const types = new Map([...modelOf(r.template.body).resources].map(([id, res]) => [id, res.type]));
  return { graph: dependencyGraph(r.template.body), types, name: 'c.yaml', sourceMap: r.template.sourceMap };
};

const CYCLE = `
Resources:
  Free: { Type: AWS::SNS::Topic }
  A: { Type: AWS::SQS::Queue, DependsOn: B }
  B: { Type: AWS::SQS::Queue, Properties: { X: !Ref A } }
  Late: { Type: AWS::SNS::Topic, DependsOn: [A, Free] }
`;

test('text lists what cannot be deployed and each cycle', () => {
  assert.equal(
    renderGraph('text', input(CYCLE)),
    [
      'c.yaml: 4 resources in 1 level',
      'Level 1',
      '  Free  AWS::SNS::Topic',
      'Not deployable (on or behind a cycle)',
      '  A     AWS::SQS::Queue  <- B (DependsOn)',
      '  B     AWS::SQS::Queue  <- A (Ref)',
      '  Late  AWS::SNS::Topic  <- A (DependsOn), Free (DependsOn)',
      'Cycle: A -> B -> A',
      '',
    ].join('\n'),
  );
});

test('dot marks cycle nodes and edges red and escapes names', () => {
  const dot = renderGraph('dot', { ...input(CYCLE), name: 'say "hi"\\' });
  assert.ok(dot.startsWith('digraph "say \\"hi\\"\\\\" {\n'));
  assert.ok(dot.includes('  "A" -> "B" [label="DependsOn", color=red];'));
  assert.ok(dot.includes('  "Late" -> "Free" [label="DependsOn"];'));
  assert.ok(dot.includes('  "A" [label="A\\nAWS::SQS::Queue", color=red];'));
  assert.ok(dot.includes('  "Free" [label="Free\\nAWS::SNS::Topic"];'));
});

test('json carries cycles and edge positions', () => {
  const json = JSON.parse(renderGraph('json', input(CYCLE)));
  assert.deepEqual(json.cycles, [['A', 'B', 'A']]);
  assert.deepEqual(json.order, ['Free']);
  assert.deepEqual(json.edges[0], { from: 'A', to: 'B', kind: 'DependsOn', path: ['Resources', 'A', 'DependsOn'], line: 4, column: 31 });
});
