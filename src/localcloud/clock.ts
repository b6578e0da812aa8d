// Time for localcloud. Services read time only through a Clock so tests can drive durations.
import type { Clock } from './contract.js';

/** The wall clock. The one place in localcloud that reads real time. */
export function realClock(): Clock {
  return {
    // eslint-disable-next-line no-restricted-properties -- the real clock is the injectable clock's production implementation
    now: () => Date.now(),
    // A zero wait still yields (a poller sees the step's IN_PROGRESS state) but does not round up
    // to the timer's 1 ms: with latency 0 a stack of four dependency levels would idle 4 ms or more.
    sleep: (ms) => new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve))),
  };
}

/** A clock that moves only when told to; `advance` wakes sleepers whose time has come, in order. */
export interface ManualClock extends Clock {
  advance(ms: number): Promise<void>;
  /** Sleepers still waiting. */
  pending(): number;
}

/** A manual clock starting at `startMs` (default 2026-01-01T00:00:00Z). */
export function manualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  let sleepers: { at: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep(ms) {
      return new Promise<void>((resolve) => {
        sleepers.push({ at: now + Math.max(0, ms), wake: resolve });
      });
    },
    async advance(ms) {
      const target = now + ms;
      // Wake sleepers one deadline at a time so chains of sleeps inside the window all run.
      for (;;) {
        const due = sleepers.filter((s) => s.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        now = Math.max(now, due.at);
        sleepers = sleepers.filter((s) => s !== due);
        due.wake();
        // Let the woken task run (and possibly sleep again) before looking for the next one.
        await new Promise((resolve) => setImmediate(resolve));
      }
      now = target;
    },
    pending: () => sleepers.length,
  };
}
