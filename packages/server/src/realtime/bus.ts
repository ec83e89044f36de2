// Every event a service emits goes through a Bus, so that (with the Redis bus of the realtime issue)
// a client on node B sees what happened on node A. Topics: `conversation:<id>`, `tickets`.
import type { ServerEvent } from '@support-chat/protocol';

export type BusHandler = (event: ServerEvent) => void;

export interface Bus {
  publish(topic: string, event: ServerEvent): Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

export const topics = {
  conversation: (id: string) => `conversation:${id}`,
  tickets: 'tickets',
  queue: 'queue',
} as const;

/** The single-node bus: synchronous fan-out inside this process. A failing handler never stops the others. */
export class InProcessBus implements Bus {
  private readonly handlers = new Map<string, Set<BusHandler>>();
  constructor(private readonly onHandlerError: (err: unknown) => void = () => {}) {}

  async publish(topic: string, event: ServerEvent): Promise<void> {
    for (const handler of this.handlers.get(topic) ?? []) {
      try {
        handler(event);
      } catch (err) {
        this.onHandlerError(err);
      }
    }
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    let set = this.handlers.get(topic);
    if (!set) this.handlers.set(topic, (set = new Set()));
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.handlers.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
