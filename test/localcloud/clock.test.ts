// The manual clock wakes sleepers in deadline order; the real clock reads wall time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock, realClock } from '../../src/localcloud/index.js';

describe('localcloud clocks', () => {
  it('manual clock moves only on advance and wakes chained sleeps in order', async () => {
    const clock = manualClock(1000);
    const woke: string[] = [];
    const chain = (async () => {
      await clock.sleep(10);
      woke.push(`a@${clock.now()}`);
      await clock.sleep(10);
      woke.push(`b@${clock.now()}`);
    })();
    void clock.sleep(15).then(() => woke.push(`c@${clock.now()}`));
    assert.equal(clock.now(), 1000);
    await clock.advance(12);
    assert.deepEqual(woke, ['a@1010']);
    await clock.advance(100);
    await chain;
    assert.deepEqual(woke, ['a@1010', 'c@1015', 'b@1020']);
    assert.equal(clock.now(), 1112);
    assert.equal(clock.pending(), 0);
  });

  it('real clock is close to the wall clock', () => {
    const now = realClock().now();
    assert.ok(Math.abs(now - new Date().getTime()) < 60_000);
  });
});
