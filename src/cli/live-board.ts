// On a terminal: a board of region x stack cells under the scrolling progress lines, redrawn in
// place as events arrive, so a person sees every region's current state at a glance.
import type { EventSink, PipelineEvent } from '../pipeline/index.js';

interface Cell {
  stage: string;
  state: string;
  failed: boolean;
}

/** Wraps a line printer: lines scroll above, the board stays at the bottom. */
export function withLiveBoard(lines: EventSink, write: (text: string) => void): EventSink & { close(): void } {
  const cells = new Map<string, Map<string, Cell>>();
  const stacks: string[] = [];
  let drawn = 0;

  const set = (region: string, stack: string, cell: Cell) => {
    if (!cells.has(region)) cells.set(region, new Map());
    if (!stacks.includes(stack)) stacks.push(stack);
    cells.get(region)?.set(stack, cell);
  };
  const clear = () => {
    if (drawn > 0) write(`\u001b[${drawn}A\u001b[0J`);
    drawn = 0;
  };
  const draw = () => {
    if (cells.size === 0) return;
    const width = 26;
    const rows = [`\u001b[2m${'region'.padEnd(15)}${stacks.map((s) => s.slice(0, width - 2).padEnd(width)).join('')}\u001b[0m`];
    for (const [region, row] of cells) {
      const text = stacks.map((s) => {
        const c = row.get(s);
        if (!c) return ''.padEnd(width);
        const label = `${c.stage} ${c.state}`.slice(0, width - 2).padEnd(width);
        return c.failed ? `\u001b[31m${label}\u001b[0m` : /complete|succeeded|deployed|no-changes|in-sync/i.test(c.state) ? `\u001b[32m${label}\u001b[0m` : `\u001b[33m${label}\u001b[0m`;
      });
      rows.push(`${region.padEnd(15)}${text.join('')}`);
    }
    write(`${rows.join('\n')}\n`);
    drawn = rows.length;
  };
  const update = (e: PipelineEvent) => {
    if (e.type === 'stage-started' && e.region && e.stack) set(e.region, e.stack, { stage: e.stage ?? '', state: '…', failed: false });
    if (e.type === 'stage-finished' && e.region && e.stack) set(e.region, e.stack, { stage: e.stage ?? '', state: e.outcome, failed: /fail|drifted/.test(e.outcome) });
    if (e.type === 'resource') set(e.region, e.stack, { stage: e.stage, state: `${e.logicalId} ${e.status.replace(/_/g, ' ').toLowerCase()}`, failed: e.status.endsWith('FAILED') });
  };

  const sink = ((runId: string, event: PipelineEvent) => {
    clear();
    lines(runId, event);
    update(event);
    if (event.type !== 'run-finished') draw();
  }) as EventSink & { close(): void };
  sink.close = clear;
  return sink;
}
