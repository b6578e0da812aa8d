// Server-sent events: a run's journal from a sequence number on (Last-Event-ID or ?after=), then live
// as the hub says the run has news; and a stream of run summaries for the runs list.
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import { runSummary } from '../pipeline/index.js';
import type { Ctx, ServerContext } from './context.js';

/** Proxies close idle connections (nginx after 60 s): a comment line keeps a quiet stream open. */
const HEARTBEAT_MS = 25_000;

/** Keeps a stream open until the client leaves or the server stops. */
function holdOpen(sc: ServerContext, stream: SSEStreamingApi, unsubscribe: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const beat = setInterval(() => void stream.write(': keep-alive\n\n').catch(() => undefined), HEARTBEAT_MS);
    beat.unref();
    const close = () => {
      clearInterval(beat);
      unsubscribe();
      sc.closers.delete(close);
      resolve();
    };
    sc.closers.add(close);
    stream.onAbort(close);
  });
}

/** `GET /api/runs/{id}/events`. */
export function runEventStream(sc: ServerContext, c: Ctx, runId: string) {
  const header = c.req.header('last-event-id') ?? c.req.query('after') ?? '0';
  let last = Number.parseInt(header, 10) || 0;
  return streamSSE(c, async (stream) => {
    let chain = Promise.resolve();
    const flush = () => {
      chain = chain.then(async () => {
        for (const e of sc.store.events(runId, last)) {
          if (stream.closed || stream.aborted) return;
          await stream.writeSSE({ id: String(e.seq), data: sc.secrets.scrub(JSON.stringify({ seq: e.seq, time: e.time, ...e.data, type: e.type })) });
          last = e.seq;
        }
      });
      return chain;
    };
    const unsubscribe = sc.hub.subscribe((id) => {
      if (id === runId) void flush();
    });
    await flush();
    await holdOpen(sc, stream, unsubscribe);
  });
}

/** `GET /api/events`: one message per change of any run (its summary). */
export function runsStream(sc: ServerContext, c: Ctx) {
  return streamSSE(c, async (stream) => {
    let chain = Promise.resolve();
    const unsubscribe = sc.hub.subscribe((runId) => {
      chain = chain.then(async () => {
        const run = sc.store.getRun(runId);
        if (!run || stream.closed || stream.aborted) return;
        await stream.writeSSE({ data: sc.secrets.scrub(JSON.stringify(runSummary(run))) });
      });
    });
    await stream.writeSSE({ data: JSON.stringify({ type: 'hello' }) });
    await holdOpen(sc, stream, unsubscribe);
  });
}
