// Every event a service emits goes through a Bus, so a client on node B sees what happened on node A.
// Two implementations: in-process (one node) and Redis pub/sub (REDIS_URL). Topics: `conversation:<id>`,
// `queue`, `tickets`, `presence`, and `control` (session revocations, for the gateway).
import type { ServerEvent } from '@support-chat/protocol';
import { Groups } from '../lib/groups.js';

/** Node-to-node instructions that never reach a client as such. */
export type ControlEvent =
  | { type: 'session_revoked'; sessionIds: string[] }
  | { type: 'user_sessions_revoked'; userId: string }
  | { type: 'api_key_revoked'; apiKeyId: string }
  /** An admin changed a team-wide setting: every node reads it again. */
  | { type: 'settings_changed'; key: string };

export type BusEvent = ServerEvent | ControlEvent;

const controlTypes = new Set<string>([
  'session_revoked',
  'user_sessions_revoked',
  'api_key_revoked',
  'settings_changed',
]);

/** Control events travel the bus for the servers (revocations, settings); they are never delivered to a client. */
export function isControlEvent(e: BusEvent): e is ControlEvent {
  return controlTypes.has(e.type);
}
/** Gets the topic too, so one handler can serve many topics (the gateway's, one per open conversation). */
export type BusHandler = (event: BusEvent, topic: string) => void;

export interface Bus {
  publish(topic: string, event: BusEvent): Promise<void>;
  /**
   * Resolves once the subscription is live (for Redis: once SUBSCRIBE is acknowledged), so a caller can
   * subscribe first and then read the database without a window in which an event is missed.
   * Returns the unsubscribe function.
   */
  subscribe(topic: string, handler: BusHandler): Promise<() => void>;
  /**
   * Called after the transport lost its subscriptions and has them again (a Redis reconnect): whatever was
   * published meanwhile was missed, so listeners re-read what they follow from the database.
   */
  onResubscribed(handler: () => void): () => void;
  close(): Promise<void>;
}

export const topics = {
  conversation: (id: string) => `conversation:${id}`,
  tickets: 'tickets',
  queue: 'queue',
  presence: 'presence',
  control: 'control',
} as const;

/**
 * Handlers per topic with reference counting, shared by both buses: the transport is told to subscribe only
 * when the first local handler for a topic arrives, and to unsubscribe when the last one leaves.
 */
export class TopicHandlers {
  private readonly handlers = new Groups<string, BusHandler>();
  constructor(private readonly onHandlerError: (err: unknown) => void) {}

  /** Returns true when this is the topic's first handler. */
  add(topic: string, handler: BusHandler): boolean {
    return this.handlers.add(topic, handler);
  }

  /** Returns true when the topic has no handlers left. */
  remove(topic: string, handler: BusHandler): boolean {
    return this.handlers.remove(topic, handler);
  }

  dispatch(topic: string, event: BusEvent) {
    for (const handler of this.handlers.members(topic)) {
      try {
        handler(event, topic);
      } catch (err) {
        this.onHandlerError(err);
      }
    }
  }

  topics(): string[] {
    return this.handlers.keys();
  }

  clear() {
    this.handlers.clear();
  }
}

/** The single-node bus: fan-out inside this process. A failing handler never stops the others. */
export class InProcessBus implements Bus {
  private readonly handlers: TopicHandlers;
  constructor(onHandlerError: (err: unknown) => void = () => {}) {
    this.handlers = new TopicHandlers(onHandlerError);
  }

  async publish(topic: string, event: BusEvent): Promise<void> {
    this.handlers.dispatch(topic, event);
  }

  async subscribe(topic: string, handler: BusHandler): Promise<() => void> {
    this.handlers.add(topic, handler);
    return () => void this.handlers.remove(topic, handler);
  }

  /** In-process delivery never drops a subscription. */
  onResubscribed(): () => void {
    return () => {};
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
