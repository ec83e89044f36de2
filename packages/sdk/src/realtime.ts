// The realtime half: one WebSocket that reconnects with exponential backoff and jitter, resumes every
// conversation from the last seq it delivered, re-sends what was written offline (the server deduplicates by
// clientMessageId), and falls back to long-polling when WebSockets keep failing.
import type { Message, ServerFrame } from '@support-chat/protocol';
import {
  closeCodes,
  errorCodes,
  wsAuthProtocolPrefix,
  wsProtocol,
  type ErrorCode,
} from '@support-chat/protocol/constants';
import { ApiError, type HttpClient } from './http.js';

/** Error codes after which the same send can succeed later. */
const RETRYABLE = new Set(['RATE_LIMITED', 'SERVICE_UNAVAILABLE', 'INTERNAL_ERROR']);

/** The subset of the WebSocket API used here: the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: browsers' and ws's event types differ; the SDK reads only .data and .code
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (ev: any) => void): void;
}
/** A WebSocket constructor: the browser's, or `ws` in Node. */
export type SocketFactory = new (url: string, protocols?: string[]) => SocketLike;

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'long-polling' | 'closed';

type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;

export interface RealtimeEvents {
  message: FrameOf<'message'>;
  typing: FrameOf<'typing'>;
  read: FrameOf<'read'>;
  status_change: FrameOf<'status_change'>;
  agent_assigned: FrameOf<'agent_assigned'>;
  /** Staff only: labels, priority, subject or team of a conversation changed. */
  conversation_update: FrameOf<'conversation_update'>;
  mention: FrameOf<'mention'>;
  reaction: FrameOf<'reaction'>;
  /** Another conversation was merged into `intoId`: reload that thread (its seqs were renumbered), or follow it. */
  conversation_merged: FrameOf<'conversation_merged'>;
  ticket_update: FrameOf<'ticket_update'>;
  /** Staff only: a ticket's SLA target is about to be missed, or was. */
  sla_alert: FrameOf<'sla_alert'>;
  queue_update: FrameOf<'queue_update'>;
  presence: FrameOf<'presence'>;
  /** Staff who called `watchLive()`: the live overview, now and every few seconds. */
  live_overview: FrameOf<'live_overview'>;
  error: FrameOf<'error'>;
  state: { state: ConnectionState; attempt: number };
}

export interface BackoffOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface RealtimeOptions {
  /** A socket opened for one conversation (the widget's case): frames may then omit conversationId. */
  conversationId?: string;
  /** Conversations to follow on a multiplexed (agent) socket. */
  subscribe?: string[];
  backoff?: BackoffOptions;
  /** Consecutive failed connects before switching to long-poll. */
  longPollAfterFailures?: number;
  /** While long-polling, how often to try the WebSocket again (a probe; polling goes on until it opens). */
  retryWebSocketMs?: number;
  /** Seconds each long-poll request may be held by the server. */
  longPollWaitSeconds?: number;
  wsPath?: string;
  /** Deliver only messages after these seqs (for example what a reloaded page already shows). */
  lastSeq?: Record<string, number>;
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffDelay(attempt: number, opts: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = opts.initialDelayMs ?? 500;
  const max = opts.maxDelayMs ?? 30_000;
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.round(base / 2 + random() * (base / 2));
}

export function newClientMessageId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `cm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

interface Pending {
  conversationId: string;
  content: string;
  /** What a client may send: everything but `system`, which only the server writes. */
  messageType: Exclude<Message['messageType'], 'system'>;
  attachments: Message['attachments'];
  clientMessageId: string;
  isPrivate: boolean;
  /** A REST send in flight (long-poll mode), so a flush does not post it twice at once. */
  sending?: boolean;
  /** The id of the last socket frame that carried it: an `error` naming it answers this send. */
  frameId?: string;
  resolve(m: Message): void;
  reject(e: Error): void;
}

type Handler<K extends keyof RealtimeEvents> = (event: RealtimeEvents[K]) => void;

export class RealtimeConnection {
  state: ConnectionState = 'connecting';
  private socket?: SocketLike;
  // biome-ignore lint/suspicious/noExplicitAny: one map holds every event's handlers; on() and emit() keep each typed
  private readonly handlers = new Map<keyof RealtimeEvents, Set<Handler<any>>>();
  /** Per conversation, the last seq delivered to the application. */
  private readonly lastSeq = new Map<string, number>();
  private readonly conversations = new Set<string>();
  private readonly outbox = new Map<string, Pending>();
  private attempt = 0;
  private failures = 0;
  private timer?: ReturnType<typeof setTimeout>;
  /** Sends `ping` every heartbeat: the server closes sockets that stay silent past its idle timeout. */
  private keepalive?: ReturnType<typeof setInterval>;
  private pollAbort?: AbortController;
  private helloSeen = false;
  private closedByUser = false;
  private frameSeq = 0;
  /** Conversations with a poll loop running. */
  private readonly polled = new Set<string>();
  /** Names this connection's long-polls, so the server keeps collecting events between two of them. */
  private readonly streamId = newClientMessageId()
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 64);

  constructor(
    private readonly http: HttpClient,
    private readonly Socket: SocketFactory | undefined,
    private readonly opts: RealtimeOptions = {},
  ) {
    if (opts.conversationId) this.conversations.add(opts.conversationId);
    for (const id of opts.subscribe ?? []) this.conversations.add(id);
    for (const [id, seq] of Object.entries(opts.lastSeq ?? {})) this.lastSeq.set(id, seq);
    if (this.Socket) this.open();
    else this.startLongPoll();
  }

  on<K extends keyof RealtimeEvents>(type: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Resolves when the connection is live (socket open, or long-polling). */
  ready(): Promise<void> {
    if (this.state === 'open' || this.state === 'long-polling') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.on('state', ({ state }) => {
        if (state === 'open' || state === 'long-polling') {
          off();
          resolve();
        } else if (state === 'closed') {
          off();
          reject(new Error('connection closed'));
        }
      });
    });
  }

  /** The last seq delivered for a conversation (what a resume starts from). */
  seqOf(conversationId: string): number | undefined {
    return this.lastSeq.get(conversationId);
  }

  subscribe(conversationId: string, afterSeq?: number) {
    this.conversations.add(conversationId);
    if (afterSeq !== undefined) this.lastSeq.set(conversationId, afterSeq);
    // Followed while polling: it needs its own poll (there is no socket to tell).
    if (this.polling && !this.polled.has(conversationId)) void this.pollLoop(conversationId, this.pollAbort!.signal);
    const seq = this.lastSeq.get(conversationId);
    this.frame({ type: 'subscribe', conversationId, data: seq === undefined ? {} : { afterSeq: seq } });
  }

  unsubscribe(conversationId: string) {
    this.conversations.delete(conversationId);
    this.frame({ type: 'unsubscribe', conversationId, data: {} });
  }

  /**
   * Sends a message; resolves with the stored message once the server has it. Written offline, it waits in
   * the outbox and goes out (once) when the connection is back.
   */
  send(
    content: string,
    opts: {
      conversationId?: string;
      messageType?: Exclude<Message['messageType'], 'system'>;
      attachments?: Message['attachments'];
      clientMessageId?: string;
      /** Agents: a private note, never shown to the customer. */
      isPrivate?: boolean;
    } = {},
  ): Promise<Message> {
    const conversationId = opts.conversationId ?? this.opts.conversationId;
    if (!conversationId) return Promise.reject(new Error('conversationId is required on a multiplexed connection'));
    const clientMessageId = opts.clientMessageId ?? newClientMessageId();
    return new Promise<Message>((resolve, reject) => {
      const pending: Pending = {
        conversationId,
        content,
        messageType: opts.messageType ?? 'text',
        attachments: opts.attachments ?? [],
        clientMessageId,
        isPrivate: opts.isPrivate === true,
        resolve,
        reject,
      };
      this.outbox.set(clientMessageId, pending);
      this.flushOne(pending);
    });
  }

  typing(conversationId = this.opts.conversationId, isTyping = true) {
    if (!conversationId) return;
    if (this.state === 'long-polling') {
      void this.http.setTyping(conversationId, isTyping).catch(() => {});
      return;
    }
    this.frame({ type: isTyping ? 'typing' : 'stop_typing', conversationId, data: {} });
  }

  stopTyping(conversationId = this.opts.conversationId) {
    this.typing(conversationId, false);
  }

  read(messageId: string, conversationId = this.opts.conversationId) {
    if (!conversationId) return;
    if (this.state === 'long-polling') {
      void this.http.markRead(conversationId, messageId).catch(() => {});
      return;
    }
    this.frame({ type: 'read', conversationId, data: { messageId } });
  }

  close() {
    this.closedByUser = true;
    clearTimeout(this.timer);
    clearInterval(this.keepalive);
    this.pollAbort?.abort();
    this.socket?.close(1000, 'bye');
    for (const p of this.outbox.values()) p.reject(new Error('connection closed'));
    this.outbox.clear();
    this.setState('closed');
  }

  // ---- internals ----------------------------------------------------------------------------------------

  private emit<K extends keyof RealtimeEvents>(type: K, event: RealtimeEvents[K]) {
    for (const h of [...(this.handlers.get(type) ?? [])]) {
      try {
        h(event);
      } catch {
        // An application handler's bug must not break delivery of the next event.
      }
    }
  }

  private setState(state: ConnectionState) {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', { state, attempt: this.attempt });
  }

  private watchingLive = false;

  /** Staff: receive `live_overview` events (or stop); kept across reconnects. */
  watchLive(on = true) {
    this.watchingLive = on;
    this.frame({ type: 'watch_live', data: { on } });
  }

  private frame(frame: Record<string, unknown>, id = `f${++this.frameSeq}`): boolean {
    const s = this.socket;
    if (s?.readyState !== 1 || !this.helloSeen) return false;
    s.send(JSON.stringify({ id, ...frame }));
    return true;
  }

  /** The server refused a send for good (a closed conversation, a bad value): it leaves the outbox, rejected. */
  private refuse(p: Pending, code: string, message: string, status: number = errorCodes[code as ErrorCode] ?? 400) {
    if (!this.outbox.delete(p.clientMessageId)) return;
    p.reject(new ApiError(status, code, message));
  }

  private flushOne(p: Pending) {
    if (this.state === 'long-polling') {
      if (p.sending) return;
      p.sending = true;
      this.http
        .sendMessage(p.conversationId, {
          content: p.content,
          messageType: p.messageType,
          attachments: p.attachments,
          clientMessageId: p.clientMessageId,
          ...(p.isPrivate ? { isPrivate: true } : {}),
        })
        .then(
          (m) => this.acked(p.clientMessageId, m),
          (err: unknown) => {
            // A 4xx other than 429 will not change on retry; anything else (offline, 5xx) waits for the next flush.
            if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429)
              this.refuse(p, err.code, err.message, err.status);
          },
        )
        .finally(() => (p.sending = false));
      return;
    }
    p.frameId = `f${++this.frameSeq}`;
    this.frame(
      {
        type: 'message',
        conversationId: p.conversationId,
        data: {
          content: p.content,
          messageType: p.messageType,
          attachments: p.attachments,
          clientMessageId: p.clientMessageId,
          ...(p.isPrivate ? { isPrivate: true } : {}),
        },
      },
      p.frameId,
    );
  }

  private acked(clientMessageId: string, message: Message) {
    const p = this.outbox.get(clientMessageId);
    if (!p) return;
    this.outbox.delete(clientMessageId);
    p.resolve(message);
  }

  private url(): string {
    const base = this.http.baseUrl || (typeof location !== 'undefined' ? location.origin : '');
    const wsBase = base.replace(/^http/, 'ws');
    // The token never goes in the URL (proxies and access logs keep URLs): open() offers it as a subprotocol.
    const q = new URLSearchParams();
    const scoped = this.opts.conversationId;
    if (scoped) {
      q.set('conversationId', scoped);
      const seq = this.lastSeq.get(scoped);
      if (seq !== undefined) q.set('afterSeq', String(seq));
    }
    return `${wsBase}${this.opts.wsPath ?? '/api/ws'}?${q}`;
  }

  private open() {
    if (this.closedByUser) return;
    this.helloSeen = false;
    // A probe while polling: the connection is live meanwhile, so the state says so.
    if (!this.polling) this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: SocketLike;
    try {
      socket = new this.Socket!(
        this.url(),
        this.http.token ? [wsProtocol, wsAuthProtocolPrefix + this.http.token] : [wsProtocol],
      );
    } catch {
      this.onDown(1006);
      return;
    }
    this.socket = socket;
    socket.addEventListener('message', (ev: { data: unknown }) => this.onFrame(String(ev.data)));
    socket.addEventListener('close', (ev: { code?: number }) => {
      if (this.socket === socket) this.onDown(ev.code ?? 1006);
    });
    socket.addEventListener('error', () => {
      // 'close' follows and decides what happens next.
    });
  }

  private onDown(code: number) {
    this.socket = undefined;
    clearInterval(this.keepalive);
    if (this.closedByUser) return;
    if (code === closeCodes.sessionEnded) {
      // The session ended (logout, password change): reconnecting with the same token cannot succeed.
      this.emit('error', {
        type: 'error',
        timestamp: new Date().toISOString(),
        data: { code: 'SESSION_ENDED', message: 'The session ended' },
      });
      this.close();
      return;
    }
    if (this.polling) {
      this.probeSocket();
      return;
    }
    if (!this.helloSeen) this.failures++;
    this.attempt++;
    if (this.failures >= (this.opts.longPollAfterFailures ?? 3)) {
      this.startLongPoll();
      return;
    }
    this.setState('reconnecting');
    this.timer = setTimeout(() => this.open(), backoffDelay(this.attempt, this.opts.backoff));
  }

  private onFrame(raw: string) {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(raw) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'hello':
        for (const [id, seq] of Object.entries(frame.data.lastSeqs))
          if (!this.lastSeq.has(id)) this.lastSeq.set(id, seq);
        clearInterval(this.keepalive);
        this.keepalive = setInterval(() => this.frame({ type: 'ping' }), frame.data.heartbeatMs);
        this.onHello();
        return;
      case 'ack':
        if (frame.data.message?.clientMessageId) this.acked(frame.data.message.clientMessageId, frame.data.message);
        if (frame.conversationId && frame.data.lastSeq !== undefined && !this.lastSeq.has(frame.conversationId)) {
          this.lastSeq.set(frame.conversationId, frame.data.lastSeq);
        }
        return;
      case 'pong':
        return;
      case 'message':
        this.deliverMessage(frame);
        return;
      case 'error': {
        // Rate limits and a briefly absent database pass: the send stays queued for the next flush.
        const pending = frame.data.ref
          ? [...this.outbox.values()].find((p) => p.frameId === frame.data.ref)
          : undefined;
        if (pending && !RETRYABLE.has(frame.data.code)) this.refuse(pending, frame.data.code, frame.data.message);
        this.emit('error', frame);
        return;
      }
      default:
        this.emit(frame.type, frame as never);
    }
  }

  private onHello() {
    this.stopLongPoll();
    clearTimeout(this.timer);
    this.helloSeen = true;
    this.attempt = 0;
    this.failures = 0;
    this.setState('open');
    // Resume every followed conversation from what was delivered, then send what waited offline.
    for (const id of this.conversations) {
      if (id === this.opts.conversationId) continue; // the URL carried afterSeq
      const seq = this.lastSeq.get(id);
      this.frame({ type: 'subscribe', conversationId: id, data: seq === undefined ? {} : { afterSeq: seq } });
    }
    if (this.watchingLive) this.frame({ type: 'watch_live', data: { on: true } });
    for (const p of this.outbox.values()) this.flushOne(p);
  }

  /** In order, once: the server already guarantees it per socket; this also covers reconnects and long-poll. */
  private deliverMessage(frame: FrameOf<'message'>) {
    const id = frame.conversationId;
    const seq = frame.data.seq;
    const last = this.lastSeq.get(id);
    if (last !== undefined && seq <= last) return;
    this.lastSeq.set(id, seq);
    if (frame.data.clientMessageId) this.acked(frame.data.clientMessageId, frame.data);
    this.emit('message', frame);
  }

  // ---- long-poll fallback -------------------------------------------------------------------------------

  private get polling() {
    return this.pollAbort !== undefined && !this.pollAbort.signal.aborted;
  }

  private startLongPoll() {
    if (this.closedByUser) return;
    this.setState('long-polling');
    if (!this.polling) {
      const abort = new AbortController();
      this.pollAbort = abort;
      for (const p of this.outbox.values()) this.flushOne(p);
      for (const id of this.conversations) void this.pollLoop(id, abort.signal);
    }
    this.probeSocket();
  }

  /**
   * Networks change and servers come back: while polling, a socket is tried again every few seconds. Polling goes on
   * until the socket says hello, so nothing is missed in between (the socket resumes from the same seqs).
   */
  private probeSocket() {
    if (!this.Socket || this.closedByUser) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.open(), this.opts.retryWebSocketMs ?? 5_000);
  }

  private stopLongPoll() {
    this.pollAbort?.abort();
    this.pollAbort = undefined;
  }

  private async pollLoop(conversationId: string, signal: AbortSignal) {
    this.polled.add(conversationId);
    try {
      await this.pollUntilStopped(conversationId, signal);
    } finally {
      this.polled.delete(conversationId);
    }
  }

  private async pollUntilStopped(conversationId: string, signal: AbortSignal) {
    let errors = 0;
    while (!signal.aborted && this.conversations.has(conversationId)) {
      try {
        const afterSeq = this.lastSeq.get(conversationId) ?? (await this.currentSeq(conversationId));
        if (!this.lastSeq.has(conversationId)) this.lastSeq.set(conversationId, afterSeq);
        const page = await this.http.listEvents(
          conversationId,
          {
            afterSeq,
            wait: this.opts.longPollWaitSeconds ?? 25,
            limit: 200,
            stream: this.streamId,
          },
          signal,
        );
        if (signal.aborted) return;
        // Everything a socket would have carried, in the server's order.
        for (const event of page.events) {
          if (event.type === 'message') this.deliverMessage(event);
          else this.emit(event.type, event as never);
        }
        // Private notes a visitor never sees still move the cursor on.
        if (page.lastSeq > (this.lastSeq.get(conversationId) ?? 0)) this.lastSeq.set(conversationId, page.lastSeq);
        errors = 0;
        for (const p of this.outbox.values()) this.flushOne(p);
      } catch {
        if (signal.aborted) return;
        errors++;
        await new Promise((r) => setTimeout(r, backoffDelay(errors, this.opts.backoff)));
      }
    }
  }

  private async currentSeq(conversationId: string) {
    return (await this.http.getConversation(conversationId)).lastSeq;
  }
}
