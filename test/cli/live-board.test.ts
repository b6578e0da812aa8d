import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withLiveBoard } from '../../src/cli/live-board.js';
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
