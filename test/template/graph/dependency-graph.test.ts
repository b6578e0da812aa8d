import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyGraph, outputDependencies, parseTemplate, subVariables } from '../../../src/template/index.js';

const body = (yaml: string) => {
  const r = parseTemplate(yaml, 't.yaml');
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.diagnostics));
  return r.template;
};

const TEMPLATE = `
Parameters:
  Env: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  UsesKey: !And [!Condition IsProd, !Equals [!Ref Key, x]]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Key:
    Type: AWS::KMS::Key
  Queue:
    Type: AWS::SQS::Queue
    DependsOn: [Bucket]
    Properties:
      QueueName: !Sub "\${Env}-\${AWS::Region}-\${Bucket.Arn}-\${!Literal}-\${Local}"
      KmsMasterKeyId: !If [IsProd, !GetAtt Key.Arn, !Ref AWS::NoValue]
  Topic:
    Type: AWS::SNS::Topic
    Condition: UsesKey
    Properties:
      TopicName: !Sub ["\${Q}", { Q: !GetAtt [Queue, QueueName] }]
Outputs:
  QueueUrl:
    Value: !Ref Queue
  Missing:
    Value: !GetAtt Nowhere.Arn
`;

test('edges of every kind, with paths into the template', () => {
  const t = body(TEMPLATE);
  const g = dependencyGraph(t.body);
  assert.deepEqual(g.nodes, ['Bucket', 'Key', 'Queue', 'Topic']);
  const summary = g.edges.map((e) => `${e.from}->${e.to}:${e.kind}@${e.path.join('/')}`);
  assert.deepEqual(summary, [
    'Queue->Bucket:DependsOn@Resources/Queue/DependsOn/0',
    'Queue->Bucket:Sub@Resources/Queue/Properties/QueueName/Fn::Sub',
    'Queue->Key:GetAtt@Resources/Queue/Properties/KmsMasterKeyId/Fn::If/1/Fn::GetAtt',
    'Topic->Queue:GetAtt@Resources/Topic/Properties/TopicName/Fn::Sub/1/Q/Fn::GetAtt',
    // Found through the resource's Condition: UsesKey's expression refers to a resource.
    'Topic->Key:Ref@Conditions/UsesKey/Fn::And/1/Fn::Equals/0/Ref',
  ]);
  // Positions come from the source map: the GetAtt inside the If branch is on line 17.
  const ifEdge = g.edges.find((e) => e.kind === 'GetAtt' && e.from === 'Queue');
  assert.equal(t.sourceMap.locate(ifEdge?.path ?? []).start.line, 17);
});

test('parameters, pseudo parameters and Sub locals are not edges; unknown names are reported', () => {
  const g = dependencyGraph(body(TEMPLATE).body);
  assert.ok(!g.edges.some((e) => ['Env', 'AWS::Region', 'Local', 'Literal'].includes(e.to)));
  assert.deepEqual(
    g.undefinedReferences.map((u) => `${u.from}:${u.kind}:${u.name}@${u.path.join('/')}`),
    ['Queue:Sub:Local@Resources/Queue/Properties/QueueName/Fn::Sub'],
  );
});

test('order is topological with ties in template order; levels group what can go together', () => {
  const g = dependencyGraph(body(TEMPLATE).body);
  assert.deepEqual(g.order, ['Bucket', 'Key', 'Queue', 'Topic']);
  assert.deepEqual(g.levels, [['Bucket', 'Key'], ['Queue'], ['Topic']]);
  assert.deepEqual(g.cycles, []);
  const reversed = dependencyGraph(
    body(`
Resources:
  C: { Type: T, DependsOn: [B, A] }
  B: { Type: T, DependsOn: A }
  D: { Type: T }
  A: { Type: T }
`).body,
  );
  assert.deepEqual(reversed.order, ['D', 'A', 'B', 'C']);
  assert.deepEqual(reversed.levels, [['D', 'A'], ['B'], ['C']]);
});

test('cycles are reported as paths and their resources left out of the order', () => {
  const g = dependencyGraph(
    body(`
Resources:
  Free: { Type: T }
  A: { Type: T, Properties: { X: !Ref B } }
  B: { Type: T, Properties: { Y: !GetAtt C.Arn } }
  C: { Type: T, DependsOn: A }
  After: { Type: T, DependsOn: C }
  Self: { Type: T, Properties: { Z: !Sub "\${Self}" } }
`).body,
  );
  assert.deepEqual(g.cycles, [
    ['A', 'B', 'C', 'A'],
    ['Self', 'Self'],
  ]);
  assert.deepEqual(g.order, ['Free']);
});

test('two cycles through one resource are both shown', () => {
  const g = dependencyGraph(
    body(`
Resources:
  A: { Type: T, DependsOn: [B, C] }
  B: { Type: T, DependsOn: A }
  C: { Type: T, DependsOn: A }
`).body,
  );
  assert.deepEqual(g.cycles, [
    ['A', 'B', 'A'],
    ['C', 'A', 'C'],
  ]);
});

test('undefined DependsOn and GetAtt targets, and DependsOn on a parameter', () => {
  const g = dependencyGraph(
    body(`
Parameters: { P: { Type: String } }
Resources:
  A: { Type: T, DependsOn: [Ghost, P], Properties: { X: !GetAtt Phantom.Arn, Y: !Ref Nobody, Z: !Ref P } }
`).body,
  );
  assert.deepEqual(
    g.undefinedReferences.map((u) => [u.kind, u.name, u.path.join('/')]),
    [
      ['DependsOn', 'Ghost', 'Resources/A/DependsOn/0'],
      ['DependsOn', 'P', 'Resources/A/DependsOn/1'],
      ['GetAtt', 'Phantom', 'Resources/A/Properties/X/Fn::GetAtt'],
      ['Ref', 'Nobody', 'Resources/A/Properties/Y/Ref'],
    ],
  );
  assert.deepEqual(g.edges, []);
});

test('JSON templates: GetAtt as a dotted string, DependsOn as a string', () => {
  const t = body(
    JSON.stringify({
      Resources: {
        A: { Type: 'T' },
        B: { Type: 'T', DependsOn: 'A', Properties: { X: { 'Fn::GetAtt': 'A.Arn' } } },
      },
    }),
  );
  const g = dependencyGraph(t.body);
  assert.deepEqual(
    g.edges.map((e) => [e.kind, e.path.join('/')]),
    [
      ['DependsOn', 'Resources/B/DependsOn'],
      ['GetAtt', 'Resources/B/Properties/X/Fn::GetAtt'],
    ],
  );
});

test('outputs: dependencies and undefined references, also through conditions', () => {
  const out = outputDependencies(body(TEMPLATE).body);
  assert.deepEqual(
    out.edges.map((e) => `${e.from}->${e.to}:${e.kind}`),
    ['QueueUrl->Queue:Ref'],
  );
  assert.deepEqual(
    out.undefinedReferences.map((u) => `${u.from}:${u.name}`),
    ['Missing:Nowhere'],
  );
});

test('a template without resources has an empty graph', () => {
  const g = dependencyGraph({});
  assert.deepEqual(g, { nodes: [], edges: [], order: [], levels: [], cycles: [], undefinedReferences: [] });
});

test('Sub variables skip ${!Literal} and keep attribute names', () => {
  assert.deepEqual(subVariables('a-${X}-${!Y}-${Z.Attr.Sub}-${ AWS::Region }-${}'), ['X', 'Z.Attr.Sub', 'AWS::Region']);
});
