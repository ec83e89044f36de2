// The visitor's conversation: who they are to the server (the visitor token, kept in localStorage per site so a
// reload or another tab picks the chat up), the messages with their receipts, what is still being sent, the queue
// and the agent, and the socket that keeps all of it live. The element shows this state and never talks to the
// server itself.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  SupportChatClient,
  generatedVisitorName,
  newClientMessageId,
  type ConversationStatus,
  type Message,
  type ReactionEmoji,
  type RealtimeConnection,
} from '@support-chat/sdk';
import { readSavedVisitor, savedVisitorKey, type SavedVisitor } from '../saved-visitor.js';

/** What the host element tells the conversation: where the server is and who the visitor is. */
export interface ConversationHost extends ReactiveControllerHost {
  siteKey: string;
  baseUrl: string;
  customerId?: string;
  customerName?: string;
  customerEmail?: string;
  customerHash?: string;
  /** A preview (the admin console's): nothing is read, stored or sent. */
  readonly preview: string;
}

export interface ConversationHooks {
  /** An agent's (or the system's) message arrived. */
  received(m: Message): void;
  /** A conversation this visitor had is shown again (after a reload, or started in another tab). */
  resumed(): void;
}

/** How a send ended: stored, refused because the conversation is closed, or failed (network, server). */
export type SendResult = 'sent' | 'closed' | 'failed';

export class ConversationController implements ReactiveController {
  client!: SupportChatClient;
  conversationId?: string;
  messages: Message[] = [];
  /** Messages written here and not yet stored by the server (shown as "Sending…"), by their clientMessageId. */
  pending: { key: string; content: string }[] = [];
  /** The conversation's status (null before there is one). */
  status: ConversationStatus | null = null;
  /** Rated already (the form does not come back after a reload). */
  rated = false;
  /** Who is answering, once an agent has joined. */
  agentName: string | null = null;
  typingName: string | null = null;
  /** Where the conversation waits, while it does. */
  queue: { position: number; minutes: number | null } | null = null;
  /** Where the transcript went (or that a confirmation link did), once asked for. */
  transcript: { to: string; confirm: boolean } | null = null;
  private reconnecting = false;
  private connection?: RealtimeConnection;
  private starting?: Promise<string>;

  constructor(
    private readonly host: ConversationHost,
    private readonly hooks: ConversationHooks,
  ) {
    host.addController(this);
  }

  private get storageKey() {
    return savedVisitorKey(this.host.siteKey);
  }

  private save(saved: SavedVisitor) {
    localStorage.setItem(this.storageKey, JSON.stringify(saved));
  }

  private changed() {
    this.host.requestUpdate();
  }

  /** The browser is offline or the socket is reconnecting: what is written now is sent when it is back. */
  get offline() {
    return this.reconnecting || !navigator.onLine;
  }

  hostConnected() {
    this.client = new SupportChatClient({ baseUrl: this.host.baseUrl || location.origin });
    if (this.host.preview) return;
    const saved = readSavedVisitor(localStorage.getItem(this.storageKey));
    if (saved === null) localStorage.removeItem(this.storageKey);
    else if (saved) {
      this.client.token = saved.token;
      // No conversation after "Start a new conversation": keep the visitor, start on the next message.
      if (saved.conversationId) void this.resume(saved.conversationId);
    }
    for (const [type, listener] of this.windowListeners) window.addEventListener(type, listener);
  }

  hostDisconnected() {
    this.connection?.close();
    for (const [type, listener] of this.windowListeners) window.removeEventListener(type, listener);
  }

  private readonly windowListeners: [string, (e: Event) => void][] = [
    ['storage', (e) => this.onStorage(e as StorageEvent)],
    ['online', () => this.changed()],
    ['offline', () => this.changed()],
  ];

  /** Another tab started (or reset) the conversation: follow it here too. */
  private onStorage = (e: StorageEvent) => {
    if (e.key !== this.storageKey) return;
    const saved = readSavedVisitor(e.newValue);
    if (!saved?.conversationId || saved.conversationId === this.conversationId) return;
    this.client.token = saved.token;
    void this.resume(saved.conversationId);
  };

  /**
   * Reads a conversation this visitor had (after a reload, from another tab, or picked on the home screen: `keep`
   * makes it the one a reload comes back to) and follows it live.
   */
  async resume(conversationId: string, keep = false): Promise<void> {
    try {
      // An agent merged it into another of theirs (always the final one): that one is where the thread is now.
      const conversation = await this.client.getConversation(conversationId);
      if (conversation.mergedIntoId) return await this.resume(conversation.mergedIntoId, true);
      const page = await this.client.listMessages(conversationId, { limit: 50 });
      this.conversationId = conversationId;
      this.messages = page.messages;
      // Where another conversation stood (its place in the queue, someone typing) is not where this one does: the
      // socket says so again for this one.
      this.queue = null;
      this.typingName = null;
      this.agentName =
        conversation.agentName ??
        [...page.messages].reverse().find((m) => m.senderType === 'agent')?.senderName ??
        null;
      this.status = conversation.status;
      if (conversation.status === 'resolved' || conversation.status === 'closed')
        this.rated = (await this.client.getRating(conversationId).catch(() => null)) !== null;
      // Who they told us they are, for a transcript or a new conversation after this one.
      this.host.customerEmail ??= conversation.customerEmail ?? undefined;
      if (!generatedVisitorName.test(conversation.customerName)) this.host.customerName ??= conversation.customerName;
      this.listen(conversationId, page.messages.at(-1)?.seq ?? 0);
      if (keep) this.save({ token: this.client.token, conversationId });
      this.hooks.resumed();
    } catch {
      // The token expired or the conversation is gone: start fresh on the next message.
      localStorage.removeItem(this.storageKey);
      this.client.token = undefined;
      this.conversationId = undefined;
    }
    this.changed();
  }

  /** The conversation, started with the visitor's first message when there is none yet (once, however often called). */
  ensure(firstMessage: string, subject?: string): Promise<string> {
    const h = this.host;
    this.starting ??= this.client
      .startConversation({
        siteKey: h.siteKey || undefined,
        customerId: h.customerId || undefined,
        customerName: h.customerName || undefined,
        customerEmail: h.customerEmail || undefined,
        customerHash: h.customerHash || undefined,
        subject,
        message: firstMessage,
        metadata: { pageUrl: location.href.slice(0, 2000) },
      })
      .then(
        ({ conversation, visitorToken }) => {
          h.customerEmail ??= conversation.customerEmail ?? undefined;
          this.save({ token: visitorToken, conversationId: conversation.id });
          this.conversationId = conversation.id;
          this.status = conversation.status;
          this.listen(conversation.id, 0);
          return conversation.id;
        },
        (err) => {
          this.starting = undefined;
          throw err;
        },
      );
    return this.starting;
  }

  private listen(conversationId: string, afterSeq: number) {
    this.connection?.close();
    const c = this.client.connect({ conversationId, lastSeq: { [conversationId]: afterSeq } });
    this.connection = c;
    c.on('message', (f) => {
      // The server never sends private notes to a visitor; this keeps one from ever showing if it did.
      if (f.data.isPrivate || this.messages.some((m) => m.id === f.data.id)) return;
      this.messages = [...this.messages, f.data];
      // Whoever answers is named in the header (the assignment event may have come before this socket).
      if (f.data.senderType === 'agent' && f.data.senderName) this.agentName = f.data.senderName;
      if (f.data.senderType !== 'customer') {
        this.typingName = null;
        this.hooks.received(f.data);
      }
      this.changed();
    });
    c.on('reaction', (f) => {
      this.withReactions(f.data.messageId, f.data.reactions);
    });
    c.on('typing', (f) => {
      if (f.data.userType === 'customer') return;
      this.typingName = f.data.isTyping ? (f.data.userName ?? '') : null;
      this.changed();
    });
    c.on('read', (f) => {
      if (f.data.readerType === 'customer') return;
      this.messages = this.messages.map((m) =>
        m.seq <= f.data.seq && m.senderType === 'customer' && !m.readAt ? { ...m, readAt: f.data.readAt } : m,
      );
      this.changed();
    });
    c.on('queue_update', (f) => {
      const { position, estimatedWaitSeconds: wait } = f.data;
      this.queue =
        position > 0 ? { position, minutes: wait === null ? null : Math.max(1, Math.round(wait / 60)) } : null;
      this.changed();
    });
    c.on('agent_assigned', (f) => {
      this.queue = null;
      this.agentName = f.data.agentName;
      this.changed();
    });
    c.on('status_change', (f) => {
      this.status = f.data.status;
      this.changed();
    });
    // An agent merged this conversation (or another into it): read the merged thread afresh (its seqs changed) and
    // make it the one a reload comes back to.
    c.on('conversation_merged', (f) => {
      void this.resume(f.data.intoId, true);
    });
    c.on('state', ({ state }) => {
      this.reconnecting = state === 'reconnecting';
      this.changed();
    });
  }

  private withReactions(messageId: string, reactions: Message['reactions']) {
    this.messages = this.messages.map((m) => (m.id === messageId ? { ...m, reactions } : m));
    this.changed();
  }

  /** The visitor's reaction to a message, added or taken back; the message shows what the server now holds. */
  async react(messageId: string, emoji: string, on: boolean) {
    if (!this.conversationId) return;
    const m = await this.client.react(this.conversationId, messageId, { emoji: emoji as ReactionEmoji, on });
    this.withReactions(m.id, m.reactions);
  }

  /** Tells the agent the visitor has seen their newest message. */
  markRead() {
    const last = [...this.messages].reverse().find((m) => m.senderType !== 'customer');
    if (last && this.conversationId) this.connection?.read(last.id, this.conversationId);
  }

  typing() {
    if (this.conversationId) this.connection?.typing();
  }

  /** Sends a message (starting the conversation with it if needed); it shows as pending until stored. */
  async send(content: string, subject?: string): Promise<SendResult> {
    // The pending line is the message's own retry key: the stored copy replaces it exactly, whatever its text.
    const key = newClientMessageId();
    this.pending = [...this.pending, { key, content }];
    this.changed();
    try {
      if (!this.conversationId) await this.ensure(content, subject);
      else {
        this.connection?.stopTyping();
        await this.connection?.send(content, { clientMessageId: key });
      }
      return 'sent';
    } catch (err) {
      // Closed meanwhile (the agent pressed Close): the element offers a new conversation, never "Sending…" forever.
      if ((err as { code?: string }).code !== 'CONVERSATION_CLOSED') return 'failed';
      this.status = 'closed';
      return 'closed';
    } finally {
      this.pending = this.pending.filter((p) => p.key !== key);
      this.changed();
    }
  }

  /** Sends an uploaded file as a message of its own. */
  async sendAttachment(attachment: { url: string; name: string; mimeType: string; size: number }) {
    const { url, name, mimeType, size } = attachment;
    await this.connection?.send('', {
      messageType: mimeType.startsWith('image/') ? 'image' : 'file',
      attachments: [{ url, name, mimeType, size }],
    });
  }

  /** The visitor ends their own chat: resolved (writing again reopens it, and the rating form appears). */
  async end() {
    if (!this.conversationId) return;
    this.status = (await this.client.updateConversation(this.conversationId, { status: 'resolved' })).status;
    this.changed();
  }

  async requestTranscript() {
    if (!this.conversationId) return;
    const r = await this.client.requestTranscript(this.conversationId);
    this.transcript = { to: r.to, confirm: r.confirmationRequired };
    this.changed();
  }

  async rate(rating: number, comment?: string) {
    if (!this.conversationId) return;
    await this.client.rateConversation(this.conversationId, rating, comment);
    this.rated = true;
    this.changed();
  }

  /**
   * After a closed conversation: the same visitor (token kept) starts afresh, the old one stays in their history.
   * With `forget`, the visitor is forgotten too (SupportChat('reset'), e.g. when the site's user signs out).
   */
  startNew(forget = false) {
    this.connection?.close();
    this.connection = undefined;
    if (forget) {
      localStorage.removeItem(this.storageKey);
      this.client.token = undefined;
    } else this.save({ token: this.client.token });
    this.messages = [];
    this.status = null;
    this.rated = false;
    this.transcript = null;
    this.agentName = null;
    this.queue = null;
    this.conversationId = undefined;
    this.starting = undefined;
    this.changed();
  }

  /** A message sent while the site was offline: a ticket the team answers by email, and a visitor for later. */
  async leaveMessage(fields: { name?: string; email: string; message: string }) {
    const { ticket, visitorToken } = await this.client.createTicket({
      subject: fields.message.split('\n')[0]!.slice(0, 120) || 'Message',
      description: fields.message,
      customerName: fields.name,
      customerEmail: fields.email,
      siteKey: this.host.siteKey || undefined,
    });
    if (visitorToken) {
      this.client.token = visitorToken;
      this.save({ token: visitorToken, conversationId: ticket.conversationId });
    }
  }
}
