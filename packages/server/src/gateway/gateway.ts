// The WebSocket gateway: one endpoint, `GET /api/ws`. Auth and Origin are checked before the upgrade; each
// frame is parsed safely, validated against the protocol's union, rate-limited and authorized. Messages reach a
// socket in seq order with no gaps and no duplicates: a gap (events can cross nodes out of order) is filled from
// the database, which already holds every seq below one that has been published.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type {} from '@fastify/websocket';
import sjson from 'secure-json-parse';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import {
  ClientFrame,
  IdParams,
  ListEventsQuery,
  ListEventsResponse,
  closeCodes,
  normalizeClientFrame,
  type ErrorCode,
  type ServerEvent,
  type ServerFrame,
} from '@support-chat/protocol';
import type { Deps } from '../deps.js';
import { AppError, conversationNotFound } from '../errors.js';
import { isTransientDbError } from '../lib/db-errors.js';
import { principalKey, type Caller } from '../identity/caller.js';
import { revokes } from '../identity/sessions.js';
import { requestServerOrigin } from '../http/request-context.js';
import {
  assertCanSee,
  canSeeMessage,
  markRead,
  readMessagesAfter,
  sendMessage,
  typistFor,
  typistOf,
} from '../modules/chat/service.js';
import { siteAllowsOrigin } from '../modules/sites/service.js';
import { eventFor, isOwnTyping, replayed } from './event-view.js';
import { PollFeeds, waitForEvents } from './long-poll.js';
import type { PollSlots } from '../http/poll-slots.js';
import { isControlEvent, topics, type BusEvent } from '../bus/bus.js';
import type { Presence } from '../modules/routing/presence.js';
import type { LiveFeed } from '../modules/analytics/live-feed.js';
import type { TypingTracker, Typist } from '../modules/chat/typing.js';
import { Groups } from '../lib/groups.js';

const WsQuery = z.object({
  conversationId: z.uuid().optional(),
  afterSeq: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
});

const REPLAY_BATCH = 500;

/** The topics every agent socket follows: the queue, the tickets and presence (the console's live feeds). */
const consoleFeeds = [topics.queue, topics.tickets, topics.presence];

/** A token bucket: `rate` frames per second, bursts up to `burst`. */
class FrameBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** A connection counted against the per-IP and per-user caps, from admission until the socket closes. */
interface Slot {
  ip: string;
  key: string;
  held: boolean;
  /** Gives the slot back if the TCP socket closes before the upgrade completes (removed once it has). */
  onEarlyClose?: () => void;
}

/** One conversation on one socket: where delivery stands, and a queue so deliveries never interleave. */
interface Subscription {
  conversationId: string;
  lastSeq: number;
  chain: Promise<void>;
  typist?: Typist;
}

class Connection {
  readonly id = randomUUID();
  readonly subs = new Map<string, Subscription>();
  alive = true;
  violations = 0;
  closed = false;
  /** Last time the client sent a frame: a socket silent past the idle timeout is closed. */
  lastFrameAt = Date.now();
  slot?: Slot;
  /** Stops this socket's live overview, when it watches it. */
  unwatchLive?: () => void;
  constructor(
    readonly socket: WebSocket,
    readonly caller: Caller,
    readonly scoped: string | undefined,
    readonly bucket: FrameBucket,
  ) {}
}

export class Gateway {
  private readonly connections = new Set<Connection>();
  /** topic -> local connections, and the bus unsubscribe for topics this node listens to. */
  private readonly local = new Groups<string, Connection>();
  private readonly busSubs = new Map<string, Promise<() => void>>();
  /** Connection slots reserved at admission, by handshake request, until the socket closes. */
  private readonly slots = new WeakMap<object, Slot>();
  private heartbeat?: NodeJS.Timeout;
  private offControl?: () => void;
  private offResubscribed?: () => void;

  constructor(
    private readonly deps: Deps,
    private readonly typingTracker: TypingTracker,
    private readonly presence: Presence,
    /** Where a waiting conversation stands in the queue (the router knows). */
    private readonly queuePosition: (
      conversationId: string,
    ) => Promise<{ position: number; estimatedWaitSeconds: number | null } | null>,
    private readonly liveFeed: LiveFeed,
  ) {}

  get size() {
    return this.connections.size;
  }

  async start() {
    const { heartbeatMs } = this.deps.config.realtime;
    this.heartbeat = setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
    this.offControl = await this.deps.bus.subscribe(topics.control, (e) => this.onControl(e));
    this.offResubscribed = this.deps.bus.onResubscribed(() => this.refillAll());
  }

  /** After the bus lost its subscriptions for a while: every socket gets what was committed meanwhile. */
  private refillAll() {
    for (const conn of this.connections) {
      for (const sub of conn.subs.values()) void this.enqueue(conn, sub, () => this.fill(conn, sub));
    }
  }

  async stop() {
    clearInterval(this.heartbeat);
    this.offControl?.();
    this.offResubscribed?.();
    for (const conn of [...this.connections]) conn.socket.close(closeCodes.goingAway, 'server shutting down');
  }

  /** Ends every socket at once, without a close handshake: what a crash or a network cut looks like. */
  dropAll() {
    for (const conn of [...this.connections]) conn.socket.terminate();
  }

  // ---- admission (before the upgrade) -------------------------------------------------------------------

  async admit(request: FastifyRequest, conversationId: string | undefined) {
    const caller = request.caller!;
    // The slot is taken first — checked and counted in one step (SECURITY.md item 19), across every node when the
    // counters live in Redis — so a client at its cap is refused before any database read, and hundreds of
    // parallel handshakes cannot all pass before one is counted. It is held until the socket closes, and
    // given back if admission fails or the upgrade never completes.
    const slot = await this.reserve(request, caller);
    try {
      await this.checkOrigin(request, caller);
      if (conversationId) await assertCanSee(this.deps, caller, conversationId);
    } catch (err) {
      this.release(slot);
      throw err;
    }
  }

  private async reserve(request: FastifyRequest, caller: Caller): Promise<Slot> {
    const key = principalKey(caller);
    const { maxConnectionsPerIp: perIp, maxConnectionsPerUser: perUser } = this.deps.config.realtime;
    const hit = await this.deps.limits.connections.take(request.ip, key, { perIp, perUser });
    if (hit === 'ip') throw new AppError('RATE_LIMITED', 'Too many open connections from this address');
    if (hit === 'user') throw new AppError('RATE_LIMITED', 'Too many open connections for this user');
    const slot: Slot = { ip: request.ip, key, held: true };
    this.slots.set(request.raw, slot);
    const socket = request.raw.socket;
    if (socket.destroyed) this.release(slot);
    else {
      slot.onEarlyClose = () => this.release(slot);
      socket.on('close', slot.onEarlyClose);
    }
    return slot;
  }

  private release(slot: Slot) {
    if (!slot.held) return;
    slot.held = false;
    this.deps.limits.connections.give(slot.ip, slot.key);
  }

  /**
   * Cross-site WebSocket hijacking: browsers send Origin on every handshake. Console sockets must come from this
   * server's origin, visitor sockets from it or the site's allowed origins; exact match only. A handshake without
   * Origin is not a browser's, and is accepted only with an explicit token (never on a cookie alone).
   */
  private async checkOrigin(request: FastifyRequest, caller: Caller) {
    const origin = request.headers.origin;
    if (origin === undefined) {
      if (request.callerVia === 'cookie') throw new AppError('ORIGIN_NOT_ALLOWED', 'Origin is required');
      return;
    }
    if (origin === requestServerOrigin(this.deps.config, request)) return;
    if (caller.kind === 'visitor' && (await siteAllowsOrigin(this.deps.db, caller.siteId, origin))) return;
    throw new AppError('ORIGIN_NOT_ALLOWED', 'This origin may not open a socket here');
  }

  // ---- connection lifecycle -----------------------------------------------------------------------------

  accept(socket: WebSocket, request: FastifyRequest, scoped: string | undefined, afterSeq: number | undefined) {
    const caller = request.caller!;
    releaseUpgradeRequest(socket, request);
    const { framesPerSecond, frameBurst } = this.deps.config.realtime;
    const conn = new Connection(socket, caller, scoped, new FrameBucket(framesPerSecond, frameBurst));
    this.connections.add(conn);
    conn.slot = this.slots.get(request.raw);
    // From here the connection gives its slot back (onClose); an idle socket keeps no listener for it.
    if (conn.slot?.onEarlyClose) {
      request.raw.socket.off('close', conn.slot.onEarlyClose);
      conn.slot.onEarlyClose = undefined;
    }
    if (caller.kind === 'user' && caller.agentId) this.presence.socketOpened(caller.agentId);

    // Listeners first, synchronously: frames that arrive while the subscriptions below are set up are kept.
    socket.on('message', (raw: Buffer, isBinary: boolean) => void this.onFrame(conn, raw, isBinary));
    socket.on('pong', () => (conn.alive = true));
    socket.on('close', () => this.onClose(conn));
    socket.on('error', (err) => this.deps.log.debug({ err: { message: err.message } }, 'socket error'));

    void (async () => {
      if (caller.kind === 'user') {
        for (const topic of consoleFeeds) await this.join(conn, topic);
      }
      if (scoped) await this.subscribe(conn, scoped, afterSeq);
      this.send(conn, {
        type: 'hello',
        timestamp: new Date().toISOString(),
        data: {
          connectionId: conn.id,
          callerType: caller.kind === 'visitor' ? 'visitor' : 'agent',
          subscriptions: [...conn.subs.keys()],
          lastSeqs: Object.fromEntries([...conn.subs.values()].map((s) => [s.conversationId, s.lastSeq])),
          heartbeatMs: this.deps.config.realtime.heartbeatMs,
        },
      });
    })().catch((err) => {
      this.deps.log.error({ err }, 'socket setup failed');
      socket.close(1011, 'setup failed');
    });
  }

  private onClose(conn: Connection) {
    if (conn.closed) return;
    conn.closed = true;
    this.connections.delete(conn);
    if (conn.caller.kind === 'user' && conn.caller.agentId) this.presence.socketClosed(conn.caller.agentId);
    if (conn.slot) this.release(conn.slot);
    conn.unwatchLive?.();
    for (const topic of topicsOf(conn)) this.leave(conn, topic);
    for (const sub of conn.subs.values()) if (sub.typist) void this.typingTracker.stop(sub.typist);
  }

  private beat() {
    const now = Date.now();
    const { idleTimeoutMs } = this.deps.config.realtime;
    for (const conn of this.connections) {
      if (conn.caller.expiresAt && conn.caller.expiresAt.getTime() <= this.deps.clock.now().getTime()) {
        conn.socket.close(closeCodes.sessionEnded, 'session expired');
        continue;
      }
      // A socket that only answers pings holds a file descriptor for nothing; clients send `ping` frames.
      if (now - conn.lastFrameAt > idleTimeoutMs) {
        conn.socket.close(closeCodes.idle, 'idle');
        continue;
      }
      if (!conn.alive) {
        conn.socket.terminate();
        continue;
      }
      conn.alive = false;
      try {
        conn.socket.ping();
      } catch {
        conn.socket.terminate();
      }
    }
  }

  private onControl(event: BusEvent) {
    for (const conn of this.connections) {
      if (revokes(event, conn.caller)) conn.socket.close(closeCodes.sessionEnded, 'session ended');
    }
  }

  // ---- topics -------------------------------------------------------------------------------------------

  private async join(conn: Connection, topic: string) {
    // A socket that closed while its subscription was being checked joins nothing (onClose has left already).
    if (conn.closed) return;
    this.local.add(topic, conn);
    let sub = this.busSubs.get(topic);
    if (!sub) {
      sub = this.deps.bus.subscribe(topic, this.onBusEvent);
      this.busSubs.set(topic, sub);
    }
    await sub;
  }

  private leave(conn: Connection, topic: string) {
    if (!this.local.remove(topic, conn)) return;
    const sub = this.busSubs.get(topic);
    this.busSubs.delete(topic);
    void sub?.then((off) => off()).catch(() => {});
  }

  // One handler for every topic (not a closure per topic: a node holds one topic per open conversation).
  private readonly onBusEvent = (event: BusEvent, topic: string) => {
    if (isControlEvent(event)) return;
    // conversation_update and mention are staff business and travel on the feed alone: every console gets them.
    const feed =
      (topic === topics.queue || topic === topics.tickets) &&
      event.conversationId !== undefined &&
      event.type !== 'conversation_update' &&
      event.type !== 'mention';
    // The queue or someone's status moved: the live overview is out of date.
    if (topic === topics.queue || topic === topics.presence) this.liveFeed.nudge();
    for (const conn of this.local.members(topic)) {
      // The consoles' feed repeats conversation events; a socket that follows the conversation has them already.
      if (feed && conn.subs.has(event.conversationId!)) continue;
      this.deliver(conn, event);
    }
  };

  private deliver(conn: Connection, event: ServerEvent) {
    const conversationId = event.conversationId;
    if (event.type === 'message' && conversationId) {
      const sub = conn.subs.get(conversationId);
      if (!sub) return;
      const seq = event.data.seq;
      this.enqueue(conn, sub, async () => {
        if (seq <= sub.lastSeq) return;
        if (seq > sub.lastSeq + 1) await this.fill(conn, sub, seq);
        if (seq <= sub.lastSeq) return;
        if (canSeeMessage(conn.caller, event.data)) this.send(conn, event);
        sub.lastSeq = seq;
      });
      return;
    }
    if (conversationId && isOwnTyping(event, conn.subs.get(conversationId)?.typist)) return;
    this.send(conn, eventFor(conn.caller, event));
  }

  private enqueue(conn: Connection, sub: Subscription, step: () => Promise<void>) {
    sub.chain = sub.chain.then(step).catch((err) => {
      this.deps.log.error({ err, conversationId: sub.conversationId }, 'delivery failed');
      // The socket cannot be trusted to have everything now; the client resumes from its last seq.
      conn.socket.close(1011, 'delivery failed');
    });
    return sub.chain;
  }

  /** Sends every stored message after sub.lastSeq (and before `beforeSeq`), in order. */
  private async fill(conn: Connection, sub: Subscription, beforeSeq?: number) {
    for (;;) {
      const batch = await readMessagesAfter(this.deps.db, sub.conversationId, sub.lastSeq, REPLAY_BATCH, beforeSeq);
      const { events, lastSeq } = replayed(conn.caller, sub.conversationId, batch);
      for (const event of events) this.send(conn, event);
      if (lastSeq !== undefined) sub.lastSeq = lastSeq;
      if (batch.length < REPLAY_BATCH || conn.closed) return;
    }
  }

  /**
   * Subscribe to a conversation: join its topic first, then read where it stands, so nothing committed after
   * the read can be missed. With afterSeq, everything after it is replayed from the database first.
   */
  private async subscribe(conn: Connection, conversationId: string, afterSeq?: number) {
    let sub = conn.subs.get(conversationId);
    if (!sub) {
      await assertCanSee(this.deps, conn.caller, conversationId);
      // Deliveries wait behind `ready` until we know where this subscription starts.
      let ready!: () => void;
      const created: Subscription = { conversationId, lastSeq: 0, chain: new Promise<void>((r) => (ready = r)) };
      conn.subs.set(conversationId, created);
      let waiting = false;
      try {
        await this.join(conn, topics.conversation(conversationId));
        const conversation = await assertCanSee(this.deps, conn.caller, conversationId);
        waiting = conversation.status === 'queued';
        created.lastSeq = afterSeq ?? conversation.lastSeq;
        created.typist = typistOf(conn.caller, conversation);
      } finally {
        ready();
      }
      sub = created;
      if (afterSeq !== undefined) await this.enqueue(conn, created, () => this.fill(conn, created));
      // Queue updates go out when positions change; one who just arrived hears where they stand now.
      if (waiting && conn.caller.kind === 'visitor') void this.sendQueuePosition(conn, conversationId);
      return sub;
    }
    if (afterSeq !== undefined) {
      const s = sub;
      await this.enqueue(conn, s, async () => {
        s.lastSeq = afterSeq;
        await this.fill(conn, s);
      });
    }
    return sub;
  }

  private async sendQueuePosition(conn: Connection, conversationId: string) {
    const place = await this.queuePosition(conversationId).catch(() => null);
    if (!place || conn.closed) return;
    this.send(conn, { type: 'queue_update', conversationId, timestamp: new Date().toISOString(), data: place });
  }

  private unsubscribe(conn: Connection, conversationId: string) {
    const sub = conn.subs.get(conversationId);
    if (!sub) return;
    if (sub.typist) void this.typingTracker.stop(sub.typist);
    conn.subs.delete(conversationId);
    this.leave(conn, topics.conversation(conversationId));
  }

  // ---- frames -------------------------------------------------------------------------------------------

  private send(conn: Connection, frame: ServerFrame) {
    const socket = conn.socket;
    if (socket.readyState !== socket.OPEN) return;
    // A reader that cannot keep up is dropped rather than buffered without bound; it resumes from its last seq.
    if (socket.bufferedAmount > this.deps.config.realtime.maxBufferedBytes) {
      socket.close(closeCodes.tryAgainLater, 'too slow; reconnect and resume');
      return;
    }
    socket.send(JSON.stringify(frame));
  }

  /** Every code a socket can receive is one of the protocol's `errorCodes` (the type says so). */
  private error(conn: Connection, code: ErrorCode, message: string, ref?: string, conversationId?: string) {
    this.send(conn, {
      type: 'error',
      timestamp: new Date().toISOString(),
      ...(conversationId ? { conversationId } : {}),
      data: { code, message, ...(ref ? { ref } : {}) },
    });
  }

  private async onFrame(conn: Connection, raw: Buffer, isBinary: boolean) {
    conn.alive = true;
    conn.lastFrameAt = Date.now();
    if (!conn.bucket.take()) {
      conn.violations++;
      this.error(conn, 'RATE_LIMITED', 'Too many frames; slow down');
      if (conn.violations > 100) conn.socket.close(closeCodes.policyViolation, 'rate limit');
      return;
    }
    if (isBinary) return this.reject(conn, 'INVALID_FRAME', 'Binary frames are not supported');
    let parsed: unknown;
    try {
      parsed = sjson.parse(raw.toString('utf8'), undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch {
      return this.reject(conn, 'INVALID_FRAME', 'Frames must be JSON objects');
    }
    const result = ClientFrame.safeParse(normalizeClientFrame(parsed));
    if (!result.success) {
      const type = (parsed as { type?: unknown } | null)?.type;
      const known = ClientFrame.options.some((o) => o.shape.type.value === type);
      const ref =
        typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id.slice(0, 100) : undefined;
      if (!known) return this.reject(conn, 'UNKNOWN_TYPE', `Unknown frame type`, ref);
      const where = result.error.issues
        .map((i) => `${i.path.join('.') || '(frame)'}: ${i.message}`)
        .slice(0, 5)
        .join('; ');
      return this.reject(conn, 'INVALID_FRAME', `Invalid ${String(type)} frame: ${where}`, ref);
    }
    const frame = result.data;
    try {
      await this.handle(conn, frame);
    } catch (err) {
      if (err instanceof AppError) {
        this.error(conn, err.code, err.message, frame.id, frame.conversationId ?? conn.scoped);
      } else if (isTransientDbError(err)) {
        this.deps.log.warn({ err, frameType: frame.type }, 'database unavailable');
        this.error(conn, 'SERVICE_UNAVAILABLE', 'The service is briefly unavailable; send again shortly', frame.id);
      } else {
        this.deps.log.error({ err, frameType: frame.type }, 'frame handling failed');
        this.error(conn, 'INTERNAL_ERROR', 'Something went wrong', frame.id);
      }
    }
  }

  /** Malformed frames get an error; a socket that keeps sending them is closed (1008). */
  private reject(conn: Connection, code: ErrorCode, message: string, ref?: string) {
    conn.violations++;
    this.error(conn, code, message, ref);
    if (conn.violations > 20) conn.socket.close(closeCodes.policyViolation, 'too many invalid frames');
  }

  private conversationOf(conn: Connection, frame: ClientFrame): string {
    const id = frame.conversationId ?? conn.scoped;
    if (!id) throw new AppError('BAD_REQUEST', 'conversationId is required on this socket');
    if (conn.scoped && id !== conn.scoped) {
      // A scoped socket speaks for one conversation only.
      throw conversationNotFound();
    }
    return id;
  }

  private async handle(conn: Connection, frame: ClientFrame) {
    const now = () => new Date().toISOString();
    // A read-only key follows conversations; it never writes, types, reads for someone or sets a status.
    if (conn.caller.kind === 'user' && conn.caller.readOnly && changesState.has(frame.type))
      throw new AppError('FORBIDDEN', 'This API key may only read');
    switch (frame.type) {
      case 'ping':
        return this.send(conn, { type: 'pong', timestamp: now(), data: {} });
      case 'message': {
        const id = this.conversationOf(conn, frame);
        const { message } = await sendMessage(this.deps, conn.caller, id, frame.data, {
          accessChecked: conn.subs.has(id),
        });
        return this.send(conn, {
          type: 'ack',
          conversationId: id,
          timestamp: now(),
          data: { ...(frame.id ? { ref: frame.id } : {}), message },
        });
      }
      case 'typing':
      case 'stop_typing': {
        const id = this.conversationOf(conn, frame);
        const sub = conn.subs.get(id) ?? (await this.subscribe(conn, id));
        const typist = sub.typist ?? (await typistFor(this.deps, conn.caller, id));
        if (frame.type === 'typing') await this.typingTracker.typing(typist);
        else await this.typingTracker.stop(typist);
        return;
      }
      case 'read': {
        const id = this.conversationOf(conn, frame);
        const r = await markRead(this.deps, conn.caller, id, frame.data.messageId);
        return this.send(conn, {
          type: 'ack',
          conversationId: id,
          timestamp: now(),
          data: { ...(frame.id ? { ref: frame.id } : {}), lastSeq: r.seq },
        });
      }
      case 'resume':
      case 'subscribe': {
        const id = this.conversationOf(conn, frame);
        const sub = await this.subscribe(conn, id, frame.data.afterSeq);
        await sub.chain;
        return this.send(conn, {
          type: 'ack',
          conversationId: id,
          timestamp: now(),
          data: { ...(frame.id ? { ref: frame.id } : {}), lastSeq: sub.lastSeq, subscriptions: [...conn.subs.keys()] },
        });
      }
      case 'presence': {
        if (conn.caller.kind !== 'user' || !conn.caller.agentId)
          throw new AppError('FORBIDDEN', 'Only agents have a status');
        await this.presence.setStatus(conn.caller.agentId, frame.data.status);
        return this.send(conn, { type: 'ack', timestamp: now(), data: { ...(frame.id ? { ref: frame.id } : {}) } });
      }
      case 'watch_live': {
        if (conn.caller.kind !== 'user') throw new AppError('FORBIDDEN', 'The live overview is for staff');
        conn.unwatchLive?.();
        conn.unwatchLive = frame.data.on
          ? this.liveFeed.watch((live) => this.send(conn, { type: 'live_overview', timestamp: live.at, data: live }))
          : undefined;
        return this.send(conn, { type: 'ack', timestamp: now(), data: { ...(frame.id ? { ref: frame.id } : {}) } });
      }
      case 'unsubscribe': {
        const id = this.conversationOf(conn, frame);
        if (!conn.subs.has(id)) throw new AppError('CONVERSATION_NOT_FOUND', 'Not subscribed to this conversation');
        this.unsubscribe(conn, id);
        return this.send(conn, {
          type: 'ack',
          conversationId: id,
          timestamp: now(),
          data: { ...(frame.id ? { ref: frame.id } : {}), subscriptions: [...conn.subs.keys()] },
        });
      }
    }
  }
}

/** The topics a connection has joined: the consoles' feeds for an agent, and each conversation it follows. */
function topicsOf(conn: Connection): string[] {
  const feeds = conn.caller.kind === 'user' ? consoleFeeds : [];
  return [...feeds, ...[...conn.subs.keys()].map((id) => topics.conversation(id))];
}

/**
 * An open socket kept its whole upgrade request alive — Fastify's request and reply, the ServerResponse, the headers,
 * a child logger: two thirds of its heap (docs/benchmarks.md, "Idle sockets"). @fastify/websocket's 'error' listener
 * closes over request and reply (accept() installs its own), and the ServerResponse it assigned to the TCP socket stays
 * attached though it never answers. Both go, so only the socket's own objects remain. (The TCP socket's early 'close'
 * listener that gives back the connection slot is removed by accept() once the connection owns the slot.)
 */
function releaseUpgradeRequest(socket: WebSocket, request: FastifyRequest) {
  socket.removeAllListeners('error');
  const tcp = request.raw.socket as unknown as { _httpMessage?: { detachSocket?(s: unknown): void } | null };
  tcp._httpMessage?.detachSocket?.(tcp);
}

/** Frames that change something (a read-only caller may send only the others: ping, subscribe, resume, unsubscribe). */
const changesState = new Set<ClientFrame['type']>(['message', 'typing', 'stop_typing', 'read', 'presence']);

declare module 'fastify' {
  interface FastifyInstance {
    /** This node's WebSocket gateway (tests drop its connections to simulate a crash). */
    gateway: Gateway;
  }
}

/** The realtime transports: the socket, and the long-poll that carries the same events where sockets are blocked. */
export const gatewayRoutes: FastifyPluginAsyncZod<{ gateway: Gateway; deps: Deps; pollSlots: PollSlots }> = async (
  app,
  { gateway, deps, pollSlots },
) => {
  await gateway.start();
  const feeds = new PollFeeds(deps);
  app.addHook('preClose', async () => {
    feeds.close();
    await gateway.stop();
  });

  app.get(
    '/api/chat/:id/events',
    {
      config: { auth: ['visitor', 'agent'] },
      schema: {
        summary: 'Long-poll every conversation event after a cursor',
        tags: ['chat'],
        params: IdParams,
        querystring: ListEventsQuery,
        response: { 200: ListEventsResponse },
        description:
          'Long-poll: every event a socket following the conversation gets (messages, typing, read, status_change, ' +
          'agent_assigned, ticket_update, queue_update), in order, after `afterSeq`; poll again with the returned `lastSeq`.',
      },
    },
    async (req) => {
      const caller = req.caller!;
      const { afterSeq, limit, stream, wait } = req.query;
      const streamKey = stream ? `${principalKey(caller)}:${stream}:${req.params.id}` : undefined;
      return pollSlots.hold(caller, req.raw, (signal) =>
        waitForEvents(deps, feeds, caller, req.params.id, { afterSeq, limit, streamKey }, wait * 1000, signal),
      );
    },
  );

  app.get(
    '/api/ws',
    {
      websocket: true,
      config: { auth: ['visitor', 'agent'], protocolToken: true },
      schema: { summary: 'The realtime WebSocket', querystring: WsQuery, hide: true },
      preHandler: async (req) => gateway.admit(req, req.query.conversationId),
    },
    (socket, req) => gateway.accept(socket, req, req.query.conversationId, req.query.afterSeq),
  );
};
