// On a terminal: a board of region x stack cells under the scrolling progress lines, redrawn in
// place as events arrive, so a person sees every region's current state at a glance: the stage and
// its state, how many of the stack's resources are done, and how long the stack has been at it.
// The cells share the terminal's width; in CI and pipes the CLI prints plain lines instead.
import type { EventSink, PipelineEvent } from '../pipeline/index.js';

interface Cell {
  stage: string;
  state: string;
  failed: boolean;
  done: boolean;
  startedAt: number;
  finishedAt?: number;
  /** Resources seen in this stage, and those that reached a final state. */
  resources: Map<string, boolean>;
}

export interface BoardOptions {
  /** The terminal's width now (it may be resized while a run goes on). */
  columns?: () => number;
  /** The clock for elapsed times (the CLI's; tests pass their own). */
  now?: () => number;
  /** Redraw this often while a stack is at work, so its elapsed time moves; 0 turns it off. */
  tickMs?: number;
}

const REGION_WIDTH = 15;
const MIN_CELL = 18;

/** 9s, 1m05s, 1h02m. */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const finalState = (status: string) => /_COMPLETE$|_FAILED$|^DELETE_SKIPPED$/.test(status) && !status.endsWith('_IN_PROGRESS');

/** Wraps a line printer: lines scroll above, the board stays at the bottom. */
export function withLiveBoard(lines: EventSink, write: (text: string) => void, options: BoardOptions = {}): EventSink & { close(): void } {
  const columns = options.columns ?? (() => 80);
  const now = options.now ?? (() => 0);
  const cells = new Map<string, Map<string, Cell>>();
  const stacks: string[] = [];
  let drawn = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const cell = (region: string, stack: string, stage: string): Cell => {
    if (!cells.has(region)) cells.set(region, new Map());
    if (!stacks.includes(stack)) stacks.push(stack);
    const row = cells.get(region) as Map<string, Cell>;
    let c = row.get(stack);
    // A new stage of the same stack starts its clock and its resource count afresh.
    if (!c || c.stage !== stage) {
      c = { stage, state: '…', failed: false, done: false, startedAt: now(), resources: new Map() };
      row.set(stack, c);
    }
    return c;
  };
  const clear = () => {
    if (drawn > 0) write(`\u001b[${drawn}A\u001b[0J`);
    drawn = 0;
  };
  const label = (c: Cell, width: number): string => {
    const total = c.resources.size;
    const finished = [...c.resources.values()].filter(Boolean).length;
    const suffix = ` ${total ? `${finished}/${total} ` : ''}${elapsed((c.finishedAt ?? now()) - c.startedAt)}`;
    const room = width - 2 - suffix.length;
    const head = `${c.stage} ${c.state}`;
    // The counter and the time stay; the state text gives way when the cell is narrow.
    return `${head.length > room ? `${head.slice(0, Math.max(0, room - 1))}…` : head.padEnd(room)}${suffix}`.padEnd(width);
  };
  const draw = () => {
    if (cells.size === 0) return;
    const width = Math.max(MIN_CELL, Math.floor((columns() - REGION_WIDTH) / Math.max(1, stacks.length)));
    const rows = [`\u001b[2m${'region'.padEnd(REGION_WIDTH)}${stacks.map((s) => (s.length > width - 2 ? `${s.slice(0, width - 3)}…` : s).padEnd(width)).join('')}\u001b[0m`];
    for (const [region, row] of cells) {
      const text = stacks.map((s) => {
        const c = row.get(s);
        if (!c) return ''.padEnd(width);
        const l = label(c, width);
        return c.failed ? `\u001b[31m${l}\u001b[0m` : c.done || /complete|succeeded|deployed|no-changes|in-sync/i.test(c.state) ? `\u001b[32m${l}\u001b[0m` : `\u001b[33m${l}\u001b[0m`;
      });
      rows.push(`${region.padEnd(REGION_WIDTH)}${text.join('')}`);
    }
    write(`${rows.join('\n')}\n`);
    drawn = rows.length;
  };
  const update = (e: PipelineEvent) => {
    if (e.type === 'stage-started' && e.region && e.stack) cell(e.region, e.stack, e.stage ?? '');
    if (e.type === 'stage-finished' && e.region && e.stack) {
      const c = cell(e.region, e.stack, e.stage ?? '');
      Object.assign(c, { state: e.outcome, failed: /fail|drifted/.test(e.outcome), done: true, finishedAt: now() });
    }
    if (e.type === 'resource') {
      const c = cell(e.region, e.stack, e.stage);
      c.resources.set(e.logicalId, finalState(e.status));
      Object.assign(c, { state: `${e.logicalId} ${e.status.replace(/_/g, ' ').toLowerCase()}`, failed: c.failed || e.status.endsWith('FAILED') });
    }
  };
  const stopTicking = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  const tick = () => {
    const busy = [...cells.values()].some((row) => [...row.values()].some((c) => !c.done));
    if (!busy) return stopTicking();
    clear();
    draw();
  };

  const sink = ((runId: string, event: PipelineEvent) => {
    clear();
    lines(runId, event);
    update(event);
    if (event.type === 'run-finished') return stopTicking();
    draw();
    if (!timer && (options.tickMs ?? 0) > 0) {
      timer = setInterval(tick, options.tickMs);
      // The board never keeps the process alive.
      timer.unref();
    }
  }) as EventSink & { close(): void };
  sink.close = () => {
    stopTicking();
    clear();
  };
  return sink;
}
