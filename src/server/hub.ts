// The in-process hub behind server-sent events. The engine's EventSink publishes "run X has news";
// subscribers then read the events table (the durable source) from their last sequence number, so
// a slow or reconnecting client never misses or duplicates an event.

export type HubListener = (runId: string) => void;

export class EventHub {
  private readonly listeners = new Set<HubListener>();

  /** Tells every subscriber that `runId` has new events. */
  publish(runId: string): void {
    for (const l of [...this.listeners]) {
      try {
        l(runId);
      } catch {
        // A broken subscriber (closed stream) must not stop the engine or the others.
      }
    }
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
