import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elapsed, withLiveBoard } from '../../src/cli/live-board.js';
import type { PipelineEvent } from '../../src/pipeline/index.js';

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

test('the board keeps one row per region under the scrolling lines and redraws in place', () => {
  let out = '';
  const lines: string[] = [];
  const board = withLiveBoard((_run, e) => lines.push(e.type), (t) => (out += t));
  const events: PipelineEvent[] = [
    { type: 'stage-started', stage: 'deploy', region: 'us-east-1', stack: 'app' },
    { type: 'resource', stage: 'deploy', region: 'us-east-1', stack: 'app', logicalId: 'Queue', resourceType: 'AWS::SQS::Queue', status: 'CREATE_IN_PROGRESS' },
    { type: 'stage-finished', stage: 'deploy', region: 'us-east-1', stack: 'app', outcome: 'deployed' },
    { type: 'stage-finished', stage: 'deploy', region: 'eu-west-1', stack: 'app', outcome: 'failed' },
  ];
  for (const e of events) board('r1', e);
  assert.deepEqual(lines, ['stage-started', 'resource', 'stage-finished', 'stage-finished']);
  // Every redraw after the first moves the cursor up over the previous board and clears it.
  assert.equal((out.match(/\u001b\[\d+A\u001b\[0J/g) ?? []).length, 3);
  const last = plain(out.slice(out.lastIndexOf('region')));
  assert.match(last, /us-east-1\s+deploy deployed/);
  assert.match(last, /eu-west-1\s+deploy failed/);
  assert.match(out, /\u001b\[31mdeploy failed/, 'a failed cell is red');
});

test('cells share the terminal width and show resources done and elapsed time per stack', () => {
  let out = '';
  let clock = 1_000_000;
  let width = 120;
  const board = withLiveBoard(() => {}, (t) => (out += t), { columns: () => width, now: () => clock });
  const lastBoard = () => plain(out.slice(out.lastIndexOf('region'))).split('\n').filter(Boolean);
  const at = (region: string, stack: string, logicalId: string, status: string) =>
    board('r1', { type: 'resource', stage: 'deploy', region, stack, logicalId, resourceType: 'AWS::SQS::Queue', status });
  board('r1', { type: 'stage-started', stage: 'deploy', region: 'us-east-1', stack: 'shop-config' });
  board('r1', { type: 'stage-started', stage: 'deploy', region: 'us-east-1', stack: 'shop-app-with-a-long-name' });
  at('us-east-1', 'shop-config', 'Queue', 'CREATE_IN_PROGRESS');
  at('us-east-1', 'shop-config', 'Topic', 'CREATE_IN_PROGRESS');
  clock += 12_000;
  at('us-east-1', 'shop-config', 'Queue', 'CREATE_COMPLETE');
  let rows = lastBoard();
  // Two stacks in 120 columns: (120 - 15) / 2 = 52 characters each, wide enough for a long state.
  assert.equal(rows[1]?.length, 15 + 52 * 2);
  assert.match(rows[1] ?? '', /deploy Queue create complete\s+1\/2 12s/);
  assert.match(rows[0] ?? '', /shop-app-with-a-long-name/, 'the header is not cut at 24 characters');
  clock += 53_000;
  board('r1', { type: 'stage-finished', stage: 'deploy', region: 'us-east-1', stack: 'shop-config', outcome: 'deployed' });
  clock += 60_000;
  width = 60; // the terminal got narrower: cells shrink to the minimum, the counter and time stay
  at('us-east-1', 'shop-app-with-a-long-name', 'Function', 'CREATE_IN_PROGRESS');
  rows = lastBoard();
  assert.equal(rows[1]?.length, 15 + 22 * 2);
  assert.match(rows[1] ?? '', /deploy de… 1\/2 1m05s/, 'a finished stack keeps the time it took');
  assert.match(rows[1] ?? '', /deploy Fu… 0\/1 2m05s/);
  assert.equal(elapsed(3_720_000), '1h02m');
});
