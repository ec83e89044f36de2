import type { Deps } from '../deps.js';
import type { BusEvent } from './bus.js';

export interface TopicEvent {
  topic: string;
  event: BusEvent;
}

/**
 * Publishes events for a change that is already committed: a bus hiccup is logged, never turned into an error
 * for the caller whose message or ticket is safely stored.
 */
export async function publishAll(deps: Pick<Deps, 'bus' | 'log'>, events: TopicEvent[]) {
  for (const { topic, event } of events) {
    await deps.bus.publish(topic, event).catch((err) => deps.log.error({ err, topic }, 'bus publish failed'));
  }
}
