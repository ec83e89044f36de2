import type { Deps } from '../deps.js';
import { topics, type BusEvent } from './bus.js';

export interface TopicEvent {
  topic: string;
  event: BusEvent;
}

/**
 * Publishes events for a change that is already committed: a bus hiccup is logged, never turned into an error
 * for the caller whose message or ticket is safely stored.
 */
export async function publishAll(
  deps: Pick<Deps, 'bus' | 'log'> & Partial<Pick<Deps, 'searchIndex'>>,
  events: TopicEvent[],
) {
  // Every stored message is published once, right after its commit: the moment to queue it for search.
  deps.searchIndex?.soon(events.flatMap(({ event }) => (event.type === 'message' ? [event.data.id] : [])));
  for (const { topic, event } of withConsoleFeed(events)) {
    await deps.bus.publish(topic, event).catch((err) => deps.log.error({ err, topic }, 'bus publish failed'));
  }
}

/**
 * Consoles learn of every chat that is assigned, moved or changes status through the `queue` topic, so a chat
 * routed to an agent shows up without the console having subscribed to it first (or reloading).
 */
function withConsoleFeed(events: TopicEvent[]): TopicEvent[] {
  const out: TopicEvent[] = [];
  for (const e of events) {
    out.push(e);
    if (
      (e.event.type === 'status_change' || e.event.type === 'agent_assigned') &&
      e.topic.startsWith('conversation:')
    ) {
      out.push({ topic: topics.queue, event: e.event });
    }
  }
  return out;
}
