// Long-poll for networks that block WebSockets: the events a socket following the conversation would get (messages,
// typing, read receipts, status changes, assignments, ticket and queue updates), in the order the bus delivered
// them, resumable from the same cursor the socket uses (the last message seq seen).
//
// Messages are stored, so they are never lost: a poll first replays what is stored after the cursor, and a jump in
// seq is filled from the database. The other events are not stored; so that none fall into the gap between one poll's
// answer and the next request, a poll that names its `stream` keeps its bus subscription (a feed) open for a while
// after it answers, and the next poll of that stream on this node takes what arrived meanwhile. A stream's next poll
// landing on another node (no sticky sessions) can miss those in-between events, never a message.
import type { ServerEvent } from '@support-chat/protocol';
import type { Deps } from '../deps.js';
import type { Caller } from '../identity/caller.js';
import { assertCanSee, canSeeMessage, readMessagesAfter, typistOf } from '../modules/chat/service.js';
import { isControlEvent, topics } from '../bus/bus.js';
import { eventFor, isOwnTyping, replayed } from './event-view.js';

/** After the first event, how long to keep gathering: a burst (message, status change, assignment) comes back as one. */
const LINGER_MS = 50;
/** Events a feed holds between polls; beyond it the oldest go (messages come back from the database anyway). */
const FEED_MAX_EVENTS = 500;

/** One poller's bus subscription to one conversation, collecting its events until taken. */
class Feed {
  private events: ServerEvent[] = [];
  private waiter?: () => void;
  expiry?: NodeJS.Timeout;
  off: () => void = () => {};

  constructor(private readonly accept: (e: ServerEvent) => boolean) {}

  push(e: ServerEvent) {
    if (!this.accept(e)) return;
    if (this.events.length >= FEED_MAX_EVENTS) this.events.shift();
    this.events.push(e);
    this.waiter?.();
  }

  get size() {
    return this.events.length;
  }

  take() {
    return this.events.splice(0);
  }

  /** Resolves when an event arrives, the time is up, or the request goes away. */
  async wait(ms: number, signal: AbortSignal) {
    if (this.events.length > 0 || signal.aborted) return;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<void>((resolve) => {
      this.waiter = resolve;
      timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await done;
    clearTimeout(timer);
    this.waiter = undefined;
  }
}

export interface EventPage {
  events: ServerEvent[];
  lastSeq: number;
}

/** The feeds of named poll streams on this node, kept between a stream's polls. */
export class PollFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly deps: Pick<Deps, 'bus'>,
    private readonly keepMs = 30_000,
    private readonly maxFeeds = 10_000,
  ) {}

  /** The stream's feed if it is still open (it collected what happened since its last poll), else a new one. */
  async acquire(key: string | undefined, conversationId: string, accept: (e: ServerEvent) => boolean) {
    const kept = key ? this.feeds.get(key) : undefined;
    if (kept) {
      clearTimeout(kept.expiry);
      this.feeds.delete(key!);
      return { feed: kept, kept: true };
    }
    const feed = new Feed(accept);
    feed.off = await this.deps.bus.subscribe(topics.conversation(conversationId), (e) => {
      if (!isControlEvent(e)) feed.push(e);
    });
    return { feed, kept: false };
  }

  /** After a poll answers: a named stream's feed stays open for its next poll; an unnamed one closes. */
  release(key: string | undefined, feed: Feed) {
    if (!key || this.feeds.size >= this.maxFeeds || this.feeds.has(key)) {
      feed.off();
      return;
    }
    this.feeds.set(key, feed);
    feed.expiry = setTimeout(() => {
      if (this.feeds.get(key) === feed) this.feeds.delete(key);
      feed.off();
    }, this.keepMs);
    feed.expiry.unref?.();
  }

  close() {
    for (const feed of this.feeds.values()) {
      clearTimeout(feed.expiry);
      feed.off();
    }
    this.feeds.clear();
  }
}

export async function waitForEvents(
  deps: Pick<Deps, 'db' | 'bus'>,
  feeds: PollFeeds,
  caller: Caller,
  conversationId: string,
  q: { afterSeq: number; limit: number; streamKey?: string },
  waitMs: number,
  signal: AbortSignal,
): Promise<EventPage> {
  // Access first: nobody subscribes to a conversation they may not see.
  const conversation = await assertCanSee(deps, caller, conversationId);
  const me = typistOf(caller, conversation);
  // Subscribed (or still subscribed) before looking at what is stored, so nothing published in between is missed.
  const { feed, kept } = await feeds.acquire(q.streamKey, conversationId, (e) => !isOwnTyping(e, me));
  const page: EventPage = { events: [], lastSeq: q.afterSeq };
  /** Stored messages after the cursor (and before `beforeSeq`), in order. */
  const fill = async (beforeSeq?: number) => {
    const batch = await readMessagesAfter(deps.db, conversationId, page.lastSeq, q.limit, beforeSeq);
    const { events, lastSeq } = replayed(caller, conversationId, batch);
    page.events.push(...events);
    if (lastSeq !== undefined) page.lastSeq = lastSeq;
  };
  const drain = async () => {
    for (const event of feed.take()) {
      if (event.type !== 'message') {
        page.events.push(eventFor(caller, event));
        continue;
      }
      const seq = event.data.seq;
      if (seq <= page.lastSeq) continue;
      if (seq > page.lastSeq + 1) await fill(seq);
      if (seq <= page.lastSeq) continue;
      if (canSeeMessage(caller, event.data)) page.events.push(event);
      page.lastSeq = seq;
    }
  };
  try {
    // A kept feed heard everything since this stream's last poll, in order: that comes first.
    if (kept) await drain();
    // Then what is stored and not yet delivered (all of it for a new poller, as a socket's resume replays it; for a
    // kept feed, what a page cut at the limit left).
    await fill();
    if (page.events.length === 0 && feed.size === 0) {
      await feed.wait(waitMs, signal);
      if (feed.size > 0 && !signal.aborted) await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
    }
    await drain();
    return page;
  } finally {
    feeds.release(q.streamKey, feed);
  }
}
