// <agent-console agent-id agent-name>: where agents spend their day. The queue with waiting times, my chats with
// unread counts, the open conversation (thread, typing both ways, receipts, files, emoji, notes, canned replies),
// the customer, and tickets and history a click away. Everything arrives over one multiplexed socket; after a
// reconnect the SDK resumes each followed conversation from its last seq and the lists are read again.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  ApiError,
  SupportChatClient,
  agentStatuses,
  priorities,
  type Agent,
  type AgentStatus,
  type CannedResponse,
  type Conversation,
  type Message,
  type QueueEntry,
  type RealtimeConnection,
  type Team,
  type Ticket,
} from '@support-chat/sdk';
import { ShortcutController, shortcuts, type ShortcutAction } from './shortcuts.js';
import { clock, customerLabel, duration, errorText, preview, since } from './format.js';
import { Notifier } from './notify.js';
import { base } from './styles.js';
import type { CannedResponses } from './canned-responses.js';
import type { ChatComposer } from './chat-composer.js';
import type { TicketBoard } from './ticket-board.js';
import './canned-responses.js';
import './chat-composer.js';
import './conversation-history.js';
import './message-thread.js';
import './ticket-board.js';

interface Thread {
  messages: Message[];
  hasMore: boolean;
  loading: boolean;
}

interface Chat {
  conversation: Conversation;
  unread: number;
  /** The last message a person wrote (system lines left out): what the list previews and sorts by. */
  last?: Message;
}

type View = 'inbox' | 'tickets' | 'history';
type Overlay = 'help' | 'canned' | 'ticket' | 'transfer' | 'close' | null;

const PAGE = 50;

/** Newest activity first. */
const activity = (c: Chat) =>
  new Date(c.last?.createdAt ?? c.conversation.lastMessageAt ?? c.conversation.createdAt).getTime();

export class AgentConsole extends LitElement {
  static override properties = {
    agentId: { attribute: 'agent-id' },
    agentName: { attribute: 'agent-name' },
    client: { attribute: false },
    status: { state: true },
    maxChats: { state: true },
    queue: { state: true },
    chats: { state: true },
    openId: { state: true },
    open: { state: true },
    threads: { state: true },
    typing: { state: true },
    canned: { state: true },
    agents: { state: true },
    teams: { state: true },
    customerTickets: { state: true },
    view: { state: true },
    overlay: { state: true },
    connection: { state: true },
    toast: { state: true },
    found: { state: true },
    now: { state: true },
  };

  agentId = '';
  /** The agent's max_concurrent_chats: Accept is disabled once that many chats are theirs. */
  maxChats = Number.POSITIVE_INFINITY;
  agentName = '';
  client?: SupportChatClient;
  status: AgentStatus = 'offline';
  queue: QueueEntry[] = [];
  chats = new Map<string, Chat>();
  openId?: string;
  /** The open conversation (one of my chats, a queued one, or any other an agent looks up). */
  open?: Conversation;
  threads = new Map<string, Thread>();
  typing = new Map<string, string>();
  canned: CannedResponse[] = [];
  agents: Agent[] = [];
  teams: Team[] = [];
  customerTickets: Ticket[] = [];
  view: View = 'inbox';
  overlay: Overlay = null;
  connection = 'connecting';
  toast = '';
  now = Date.now();
  /** Matches of a search inside the open conversation, or undefined when no search is shown. */
  found?: { q: string; messages: Message[] };

  private rt?: RealtimeConnection;
  private isAdmin = false;
  private readonly notifier = new Notifier();
  private readonly offs: (() => void)[] = [];
  private queueTimer?: ReturnType<typeof setTimeout>;
  private clockTimer?: ReturnType<typeof setInterval>;
  private toastTimer?: ReturnType<typeof setTimeout>;
  private wasDown = false;
  /** Keyboard shortcuts from the one table the help dialog shows (shortcuts.ts). */
  private readonly keys = new ShortcutController(this, (action) => this.runShortcut(action));
  /** When the queue (and its waiting times) was read. */
  private queueAt = Date.now();
  private knownQueue = new Set<string>();

  static override styles = [
    base,
    css`
    :host { display: grid; grid-template-rows: auto 1fr; height: 100%; min-height: 0; background: var(--panel); }
    header { display: flex; align-items: center; gap: 12px; padding: 8px 14px; background: #0f172a; color: #f8fafc; }
    header .brand { font-size: 16px; margin: 0 8px 0 0; }
    header button, header select { background: #1e293b; color: #f8fafc; border-color: #334155; }
    header nav { display: flex; gap: 4px; }
    header nav button[aria-current=page] { background: #f8fafc; color: #0f172a; }
    header .spacer { flex: 1; }
    .conn { font-size: 12px; color: #fde68a; }
    .inbox { display: grid; grid-template-columns: 280px 1fr 300px; min-height: 0; }
    .lists { overflow-y: auto; border-right: 1px solid var(--line); background: var(--bg); padding: 10px; display: flex; flex-direction: column; gap: 14px; }
    .lists li { border-bottom: 1px solid var(--line); }
    .item { display: block; width: 100%; text-align: left; border: 0; border-radius: 6px; padding: 8px 6px; background: none; }
    .item[aria-current=true] { background: #dbeafe; }
    .row { display: flex; justify-content: space-between; gap: 6px; align-items: baseline; }
    .queue-item .row .sub { flex-shrink: 0; }
    .sub { font-size: 12px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .queue-item { display: flex; gap: 6px; align-items: center; padding: 6px 0; }
    .queue-item .item { flex: 1; padding: 2px 6px; }
    .conversation { display: flex; flex-direction: column; min-height: 0; background: var(--bg); position: relative; }
    .conversation .found { max-height: 180px; overflow-y: auto; border-bottom: 1px solid var(--line); padding: 6px 12px; background: var(--panel); }
    .find input { width: 140px; }
    .conversation > header { background: var(--bg); color: var(--text); border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    .conversation > header button, .conversation > header select { background: var(--bg); color: var(--text); border-color: var(--line); }
    .conversation > header h2 { font-size: 16px; text-transform: none; letter-spacing: 0; color: var(--text); }
    .conversation sc-thread { flex: 1; min-height: 0; }
    .typing { font-size: 12px; color: var(--muted); padding: 2px 16px; min-height: 20px; }
    .empty { display: grid; place-items: center; color: var(--muted); }
    .conversation.empty { display: grid; }
    aside { overflow-y: auto; border-left: 1px solid var(--line); background: var(--bg); padding: 12px; display: flex; flex-direction: column; gap: 12px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
    dt { color: var(--muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    .history { padding: 12px; overflow-y: auto; }
    dialog { border: 1px solid var(--line); border-radius: 10px; padding: 16px; min-width: 360px; max-width: 90vw; }
    dialog::backdrop { background: rgb(15 23 42 / .4); }
    dialog form { display: grid; gap: 10px; }
    dialog label { display: grid; gap: 4px; }
    dialog table td { padding: 3px 10px 3px 0; }
    kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 4px; background: var(--panel); font: 12px ui-monospace, monospace; }
    canned-responses { position: absolute; bottom: 120px; left: 50%; transform: translateX(-50%); z-index: 5; width: min(560px, 90%); }
    .toast { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: #0f172a; color: #fff; padding: 8px 14px; border-radius: 8px; z-index: 10; }
  `,
  ];

  // ---- life cycle ---------------------------------------------------------------------------------------

  override connectedCallback() {
    super.connectedCallback();
    this.client ??= new SupportChatClient({ baseUrl: '' });
    document.addEventListener('visibilitychange', this.onVisible);
    this.clockTimer = setInterval(() => (this.now = Date.now()), 15_000);
    void this.start();
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisible);
    clearInterval(this.clockTimer);
    for (const off of this.offs) off();
    this.rt?.close();
  }

  private async start() {
    const c = this.client!;
    // The socket first, then the lists: a chat routed to me while they load still reaches me through the feed,
    // and each chat's messages continue right after the page loaded for it.
    const rt = this.connect();
    const [me] = await Promise.all([
      c.me().catch(() => null),
      Promise.race([rt.ready().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]),
    ]);
    this.isAdmin = me?.user.role === 'admin';
    if (me?.agent) {
      this.agentId ||= me.agent.id;
      this.agentName ||= me.agent.name;
      this.status = me.agent.status;
      this.maxChats = me.agent.maxConcurrentChats;
    }
    await Promise.all([this.refreshQueue(), this.refreshChats()]);
    void c.listAgents().then(
      (a) => (this.agents = a),
      () => {},
    );
    void c.listTeams().then(
      (t) => (this.teams = t),
      () => {},
    );
    void c.listCannedResponses().then(
      (r) => (this.canned = r),
      () => {},
    );
  }

  private connect() {
    const rt = this.client!.connect();
    this.rt = rt;
    this.offs.push(
      rt.on('state', ({ state }) => {
        this.connection = state;
        if (state === 'reconnecting' || state === 'long-polling') this.wasDown = true;
        // Back after a drop: messages resume by seq on their own; the lists may have moved meanwhile.
        if (state === 'open' && this.wasDown) {
          this.wasDown = false;
          void this.refreshQueue();
          void this.refreshChats();
          if (this.openId) void this.catchUp(this.openId);
        }
      }),
      rt.on('message', (f) => this.onMessage(f.data)),
      rt.on('typing', (f) => {
        if (f.data.userType !== 'customer') return;
        const next = new Map(this.typing);
        if (f.data.isTyping) next.set(f.conversationId, f.data.userName ?? 'The customer');
        else next.delete(f.conversationId);
        this.typing = next;
      }),
      rt.on('read', (f) => {
        if (f.data.readerType !== 'customer') return;
        this.patchThread(f.conversationId, (m) =>
          m.senderType === 'agent' && !m.readAt && m.seq <= f.data.seq ? { ...m, readAt: f.data.readAt } : m,
        );
      }),
      rt.on('queue_update', (f) => {
        if (!this.knownQueue.has(f.conversationId)) {
          this.knownQueue.add(f.conversationId);
          this.notifier.alert(
            'New chat waiting',
            `Position ${f.data.position} in the queue`,
            `queue-${f.conversationId}`,
          );
        }
        this.scheduleQueue();
      }),
      rt.on('agent_assigned', (f) => this.onConversation(f.data.conversation)),
      rt.on('status_change', (f) => this.onConversation(f.data.conversation)),
      rt.on('ticket_update', (f) => {
        this.renderRoot.querySelector<TicketBoard>('ticket-board')?.applyUpdate(f.data.ticket);
        if (this.open && f.data.ticket.customerId === this.open.customerId) void this.loadCustomerTickets(this.open);
      }),
      rt.on('presence', (f) => {
        if (f.data.agentId === this.agentId) this.status = f.data.status;
        this.agents = this.agents.map((a) => (a.id === f.data.agentId ? { ...a, status: f.data.status } : a));
      }),
      rt.on('error', (f) => {
        if (f.data.code === 'SESSION_ENDED') this.sessionEnded();
        else this.say(f.data.message);
      }),
    );
    return rt;
  }

  protected override updated(changed: PropertyValues<this>) {
    if (changed.has('overlay')) {
      const dialog = this.renderRoot.querySelector('dialog');
      if (dialog && !dialog.open) dialog.showModal();
      if (this.overlay === 'canned') this.renderRoot.querySelector<CannedResponses>('canned-responses')?.focus();
    }
    if (changed.has('chats')) this.notifier.setUnread(this.totalUnread);
    // Back on the inbox with a chat open: what arrived meanwhile is now seen.
    if (changed.has('view') && this.view === 'inbox' && this.openId && changed.get('view') !== undefined)
      this.markSeen(this.openId);
  }

  get totalUnread() {
    let n = 0;
    for (const c of this.chats.values()) n += c.unread;
    return n;
  }

  get sortedChats() {
    return [...this.chats.values()].sort((a, b) => activity(b) - activity(a));
  }

  private get composer() {
    return this.renderRoot.querySelector<ChatComposer>('sc-composer');
  }

  // ---- loading ------------------------------------------------------------------------------------------

  private scheduleQueue() {
    clearTimeout(this.queueTimer);
    this.queueTimer = setTimeout(() => void this.refreshQueue(), 150);
  }

  private async refreshQueue() {
    try {
      this.queue = await this.client!.getQueue();
      this.queueAt = this.now = Date.now();
      for (const e of this.queue) this.knownQueue.add(e.conversation.id);
    } catch (err) {
      this.say((err as Error).message);
    }
  }

  private async refreshChats() {
    if (!this.agentId) {
      const me = await this.client!.me().catch(() => null);
      this.agentId = me?.agent?.id ?? '';
    }
    if (!this.agentId) return;
    const { conversations } = await this.client!.listConversations({
      agentId: this.agentId,
      status: 'active',
      limit: 100,
    });
    const next = new Map<string, Chat>();
    for (const c of conversations) next.set(c.id, { unread: 0, ...this.chats.get(c.id), conversation: c });
    const fresh = conversations.filter((c) => !this.chats.has(c.id));
    this.chats = next;
    await Promise.all(fresh.map((c) => this.track(c)));
  }

  /**
   * Starts following one of my chats: its newest page (what the customer wrote before I got it counts as
   * unread until I have seen it), then everything after that page over the socket.
   */
  private async track(c: Conversation) {
    const page = await this.client!.listMessages(c.id, { limit: PAGE }).catch(() => ({ messages: [], hasMore: false }));
    const had = this.threads.get(c.id);
    this.setThread(c.id, {
      messages: merge(page.messages, had?.messages ?? []),
      hasMore: page.hasMore,
      loading: false,
    });
    const last = page.messages.at(-1);
    // The list previews what a person last wrote ("X joined the chat" says nothing about the customer's problem).
    const said = [...page.messages].reverse().find((m) => m.senderType !== 'system');
    const unread = page.messages.filter((m) => m.senderType === 'customer' && !m.readAt).length;
    const chat = this.chats.get(c.id);
    if (chat)
      this.chats = new Map(this.chats).set(c.id, {
        ...chat,
        unread: c.id === this.openId ? 0 : unread,
        ...(said ? { last: said } : {}),
      });
    this.rt?.subscribe(c.id, last?.seq ?? c.lastSeq);
    if (c.id === this.openId) this.markSeen(c.id);
  }

  private async loadThread(id: string, beforeSeq?: number) {
    const current = this.threads.get(id) ?? { messages: [], hasMore: false, loading: false };
    if (current.loading) return;
    this.setThread(id, { ...current, loading: true });
    try {
      const page = await this.client!.listMessages(id, { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) });
      const now = this.threads.get(id)!;
      this.setThread(id, {
        messages: merge(page.messages, now.messages),
        hasMore: beforeSeq || !now.messages.length ? page.hasMore : now.hasMore || page.hasMore,
        loading: false,
      });
    } catch (err) {
      this.setThread(id, { ...this.threads.get(id)!, loading: false });
      this.say((err as Error).message);
    }
  }

  private setThread(id: string, t: Thread) {
    this.threads = new Map(this.threads).set(id, t);
  }

  /**
   * After a drop, the open chat is read again from the newest message it shows: whatever the socket's resume brings
   * too is merged by seq, so nothing shows twice and nothing written while we were away is missing.
   */
  private async catchUp(id: string) {
    const t = this.threads.get(id);
    const afterSeq = t?.messages.at(-1)?.seq;
    if (afterSeq === undefined) return;
    const page = await this.client!.listMessages(id, { afterSeq, limit: 200 }).catch(() => null);
    const now = this.threads.get(id);
    if (page && now) this.setThread(id, { ...now, messages: merge(now.messages, page.messages) });
  }

  private patchThread(id: string, f: (m: Message) => Message) {
    const t = this.threads.get(id);
    if (t) this.setThread(id, { ...t, messages: t.messages.map(f) });
  }

  private async loadCustomerTickets(c: Conversation) {
    try {
      const r = await this.client!.listTickets({ customerId: c.customerId, limit: 10 });
      if (this.open?.customerId === c.customerId) this.customerTickets = r.tickets;
    } catch {
      this.customerTickets = [];
    }
  }

  // ---- events -------------------------------------------------------------------------------------------

  private onMessage(m: Message) {
    const id = m.conversationId;
    const t = this.threads.get(id);
    if (t) this.setThread(id, { ...t, messages: merge(t.messages, [m]) });
    if (m.senderType === 'customer' && this.typing.has(id)) {
      const next = new Map(this.typing);
      next.delete(id);
      this.typing = next;
    }
    const chat = this.chats.get(id);
    if (chat) {
      const looking = id === this.openId && !document.hidden && this.view === 'inbox';
      const fromCustomer = m.senderType === 'customer';
      const last = m.senderType === 'system' ? chat.last : m;
      this.chats = new Map(this.chats).set(id, {
        ...chat,
        last,
        unread: chat.unread + (fromCustomer && !looking ? 1 : 0),
      });
      if (fromCustomer && looking) this.rt?.read(m.id, id);
      if (fromCustomer)
        this.notifier.alert(`New message from ${customerLabel(chat.conversation)}`, preview(m, 200), `chat-${id}`);
    }
  }

  /** An assignment or status change, from anyone on any node. */
  private onConversation(c: Conversation) {
    const mine = c.agentId === this.agentId && c.status === 'active';
    const had = this.chats.get(c.id);
    if (mine) {
      this.chats = new Map(this.chats).set(c.id, { unread: 0, ...had, conversation: c });
      if (!had) {
        void this.track(c);
        this.notifier.alert('New chat assigned to you', customerLabel(c), `chat-${c.id}`);
      }
    } else if (had) {
      const next = new Map(this.chats);
      next.delete(c.id);
      this.chats = next;
      if (c.id !== this.openId) this.rt?.unsubscribe(c.id);
    }
    if (this.open?.id === c.id) this.open = c;
    this.scheduleQueue();
  }

  private onVisible = () => {
    if (!document.hidden && this.openId) this.markSeen(this.openId);
  };

  // ---- actions ------------------------------------------------------------------------------------------

  private say(message: string) {
    this.toast = message;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = ''), 5000);
  }

  private async run<T>(p: Promise<T>, done?: string): Promise<T | undefined> {
    try {
      const r = await p;
      if (done) this.say(done);
      return r;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.sessionEnded();
      else this.say(errorText(err));
      return undefined;
    }
  }

  /** Signed out elsewhere, expired or revoked: back to the sign-in form. */
  private sessionEnded() {
    this.dispatchEvent(new CustomEvent('sc-session-ended', { bubbles: true, composed: true }));
  }

  async openConversation(c: Conversation) {
    this.view = 'inbox';
    this.openId = c.id;
    this.open = this.chats.get(c.id)?.conversation ?? c;
    this.found = undefined;
    this.customerTickets = [];
    // Follow it live while it is open, mine or not.
    this.rt?.subscribe(c.id);
    if (!this.threads.get(c.id)?.messages.length) await this.loadThread(c.id);
    this.markSeen(c.id);
    void this.loadCustomerTickets(c);
    this.composer?.focus();
  }

  private openFromHistory = (e: CustomEvent<{ conversation: Conversation }>) =>
    void this.openConversation(e.detail.conversation);

  private markSeen(id: string) {
    const chat = this.chats.get(id);
    if (chat?.unread) this.chats = new Map(this.chats).set(id, { ...chat, unread: 0 });
    const last = [...(this.threads.get(id)?.messages ?? [])].reverse().find((m) => m.senderType === 'customer');
    if (last && !last.readAt) this.rt?.read(last.id, id);
  }

  /** At max_concurrent_chats the server would refuse (409 AGENT_AT_CAPACITY): say so before anyone clicks. */
  private get atCapacity() {
    return this.chats.size >= this.maxChats;
  }

  private get capacityText() {
    return `You have ${this.chats.size} of ${this.maxChats} chats: resolve or transfer one to take another.`;
  }

  private async accept(id: string) {
    if (this.atCapacity) return this.say(this.capacityText);
    const c = await this.run(this.client!.acceptConversation(id));
    if (!c) return void this.refreshQueue();
    this.onConversation(c);
    this.queue = this.queue.filter((e) => e.conversation.id !== id);
    await this.openConversation(c);
  }

  private async setStatus(status: AgentStatus) {
    if (!this.agentId) return;
    const agent = await this.run(this.client!.setAgentStatus(this.agentId, status));
    if (agent) this.status = agent.status;
  }

  private async send(e: CustomEvent<{ content: string; isPrivate: boolean }>) {
    const id = this.openId;
    if (!id || !this.rt) return;
    const m = await this.run(this.rt.send(e.detail.content, { conversationId: id, isPrivate: e.detail.isPrivate }));
    if (m) this.onMessage(m);
  }

  private async upload(e: CustomEvent<{ file: File; isPrivate: boolean }>) {
    const id = this.openId;
    if (!id || !this.rt) return;
    const { file, isPrivate } = e.detail;
    this.say(`Uploading ${file.name}…`);
    const attachment = await this.run(this.client!.uploadFile(id, file, file.name));
    if (!attachment) return;
    const messageType = attachment.mimeType.startsWith('image/') ? 'image' : 'file';
    const m = await this.run(
      this.rt.send('', { conversationId: id, attachments: [attachment], messageType, isPrivate }),
      isPrivate ? 'File added to the notes' : 'File sent',
    );
    if (m) this.onMessage(m);
  }

  private async useCanned(r: CannedResponse) {
    this.overlay = null;
    const used = await this.run(this.client!.useCannedResponse(r.id, this.openId));
    if (!used) return;
    this.canned = this.canned.map((x) => (x.id === r.id ? used.cannedResponse : x));
    await this.updateComplete;
    this.composer?.insert(used.content);
  }

  private async setConversationStatus(status: 'resolved' | 'closed') {
    if (!this.openId) return;
    const c = await this.run(
      this.client!.updateConversation(this.openId, { status }),
      status === 'resolved' ? 'Resolved' : 'Closed',
    );
    if (c) this.onConversation(c);
  }

  private async transfer(e: SubmitEvent) {
    e.preventDefault();
    const target = String(new FormData(e.target as HTMLFormElement).get('target') ?? '');
    const [kind, id] = target.split(':') as ['agent' | 'team', string];
    if (!this.openId || !id) return;
    this.overlay = null;
    const c = await this.run(
      this.client!.transferConversation(this.openId, kind === 'agent' ? { agentId: id } : { teamId: id }),
      'Transferred',
    );
    if (c) this.onConversation(c);
  }

  private async returnToQueue() {
    if (!this.openId) return;
    const c = await this.run(this.client!.returnToQueue(this.openId), 'Returned to the queue');
    if (c) this.onConversation(c);
  }

  private async createTicket(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const field = (k: string) => String(f.get(k) ?? '').trim();
    if (!this.openId) return;
    const r = await this.run(
      this.client!.createTicket({
        conversationId: this.openId,
        subject: field('subject'),
        description: field('description'),
        priority: field('priority') as Ticket['priority'],
        ...(field('category') ? { category: field('category') } : {}),
        ...(field('assignedAgentId') ? { assignedAgentId: field('assignedAgentId') } : {}),
      }),
      'Ticket created',
    );
    if (!r) return;
    this.overlay = null;
    if (this.open) void this.loadCustomerTickets(this.open);
  }

  private async findInConversation(e: SubmitEvent) {
    e.preventDefault();
    const q = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    if (!q || !this.openId) return;
    const page = await this.run(this.client!.listMessages(this.openId, { q, limit: 50 }));
    if (page) this.found = { q, messages: page.messages };
  }

  /** Shows a found message in the thread, loading earlier pages until it is there. */
  private async jumpTo(m: Message) {
    const id = m.conversationId;
    for (let guard = 0; guard < 200; guard++) {
      const t = this.threads.get(id);
      if (!t || t.messages.some((x) => x.seq === m.seq) || !t.hasMore) break;
      await this.loadThread(id, t.messages[0]?.seq);
    }
    await this.updateComplete;
    await this.renderRoot
      .querySelector<import('./message-thread.js').MessageThread>('.conversation sc-thread')
      ?.reveal(m.seq);
  }

  private step(by: 1 | -1) {
    const list = this.sortedChats;
    if (!list.length) return;
    const i = list.findIndex((c) => c.conversation.id === this.openId);
    const next = list[(i + by + list.length) % list.length] ?? list[0]!;
    void this.openConversation(next.conversation);
  }

  /** What a shortcut does here; false when it does not apply now (nothing is prevented then). */
  private runShortcut(action: ShortcutAction): boolean {
    const open = Boolean(this.openId);
    switch (action) {
      case 'dismiss':
        if (!this.overlay) return false;
        this.overlay = null;
        return true;
      case 'help':
        this.overlay = 'help';
        return true;
      case 'next':
      case 'previous':
        this.step(action === 'next' ? 1 : -1);
        return true;
      case 'accept': {
        const first = this.queue[0];
        if (first) void this.accept(first.conversation.id);
        return true;
      }
      case 'resolve':
        void this.setConversationStatus('resolved');
        return true;
      case 'ticket':
        if (open) this.overlay = 'ticket';
        return true;
      case 'note':
        this.composer?.toggleNote();
        return true;
      case 'canned':
        if (open) this.overlay = 'canned';
        return true;
      case 'inbox':
      case 'tickets':
      case 'history':
        this.view = action;
        return true;
    }
  }

  // ---- rendering ----------------------------------------------------------------------------------------

  override render() {
    return html`
      <header>
        <h1 class="brand">Support console</h1>
        <nav aria-label="Views">
          ${(['inbox', 'tickets', 'history'] as const).map(
            (v) => html`<button aria-current=${this.view === v ? 'page' : 'false'}
            @click=${() => (this.view = v)}>${v === 'inbox' ? 'Inbox' : v === 'tickets' ? 'Tickets' : 'History'}${
              v === 'inbox' && this.totalUnread
                ? html` <span class="badge" aria-label=${`${this.totalUnread} unread`}>${this.totalUnread}</span>`
                : nothing
            }</button>`,
          )}
        </nav>
        <span class="spacer"></span>
        ${this.connection !== 'open' ? html`<span class="conn" role="status">${connectionText[this.connection]}</span>` : nothing}
        ${this.notifier.permission === 'default' ? html`<button @click=${() => void this.notifier.enable().then(() => this.requestUpdate())}>Enable notifications</button>` : nothing}
        <label>${this.agentName} <select aria-label="Your status" .value=${this.status} @change=${(e: Event) => this.setStatus((e.target as HTMLSelectElement).value as AgentStatus)}>
          ${agentStatuses.map((s) => html`<option value=${s} ?selected=${s === this.status}>${s}</option>`)}
        </select></label>
        <button aria-label="Keyboard shortcuts" @click=${() => (this.overlay = 'help')}>?</button>
        <button @click=${() => this.dispatchEvent(new CustomEvent('sc-logout', { bubbles: true, composed: true }))}>Sign out</button>
      </header>
      ${this.view === 'inbox' ? this.renderInbox() : nothing}
      ${this.view === 'tickets' ? html`<ticket-board .client=${this.client} .agents=${this.agents} agent-id=${this.agentId}></ticket-board>` : nothing}
      ${
        this.view === 'history'
          ? html`<section class="history" aria-label="History and search"><h2>History and search</h2>
        <conversation-history .client=${this.client} limit="20" @sc-open-conversation=${this.openFromHistory}></conversation-history></section>`
          : nothing
      }
      ${this.renderOverlay()}
      ${this.toast ? html`<div class="toast" role="status">${this.toast}</div>` : nothing}`;
  }

  private renderInbox() {
    const chats = this.sortedChats;
    return html`<div class="inbox">
      <nav class="lists" aria-label="Chats">
        <section aria-labelledby="queue-h">
          <h2 id="queue-h">Queue (${this.queue.length})</h2>
          <ul>${this.queue.map(
            (e) => html`<li class="queue-item">
            <button class="item" @click=${() => this.openConversation(e.conversation)} aria-current=${String(e.conversation.id === this.openId)}>
              <div class="row"><strong>${customerLabel(e.conversation)}</strong><span class="sub">waiting ${duration(e.waitingSeconds + Math.max(0, this.now - this.queueAt) / 1000)}</span></div>
              <div class="sub">${e.conversation.subject ?? ''} ${e.conversation.priority !== 'medium' ? html`<span class="pill ${e.conversation.priority}">${e.conversation.priority}</span>` : nothing}</div>
            </button>
            <button class="primary" @click=${() => this.accept(e.conversation.id)} aria-label=${`Accept chat with ${customerLabel(e.conversation)}`}
              ?disabled=${this.atCapacity} title=${this.atCapacity ? this.capacityText : 'Take this chat'}>Accept</button>
          </li>`,
          )}
          ${this.atCapacity && this.queue.length > 0 ? html`<li class="sub full" role="note">${this.capacityText}</li>` : nothing}
          ${this.queue.length === 0 ? html`<li class="sub">Nobody is waiting.</li>` : nothing}</ul>
        </section>
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">My chats (${chats.length})</h2>
          <ul>${chats.map(
            (c) => html`<li>
            <button class="item" aria-current=${String(c.conversation.id === this.openId)} @click=${() => this.openConversation(c.conversation)}>
              <div class="row"><strong>${customerLabel(c.conversation)}</strong>
                ${c.unread ? html`<span class="badge" aria-label=${`${c.unread} unread`}>${c.unread}</span>` : nothing}</div>
              <div class="sub">${this.typing.has(c.conversation.id) ? 'typing…' : preview(c.last) || (c.conversation.subject ?? '')}</div>
            </button></li>`,
          )}
          ${chats.length === 0 ? html`<li class="sub">No active chats.</li>` : nothing}</ul>
        </section>
      </nav>
      ${this.open ? this.renderConversation(this.open) : html`<section class="conversation empty" aria-label="Conversation"><p>Choose a chat, or accept one from the queue.</p></section>`}
      ${this.open ? this.renderCustomer(this.open) : html`<aside aria-label="Customer"></aside>`}
    </div>`;
  }

  private renderConversation(c: Conversation) {
    const thread = this.threads.get(c.id) ?? { messages: [], hasMore: false, loading: true };
    const mine = c.agentId === this.agentId;
    const live = c.status === 'active' || c.status === 'queued';
    const who = customerLabel(c);
    return html`<section class="conversation" aria-label=${`Conversation with ${who}`}>
      <header>
        <h2>${who}</h2><span class="pill">${c.status}</span>
        ${c.subject ? html`<span class="sub">${c.subject}</span>` : nothing}
        <form role="search" class="find" aria-label="In this conversation" @submit=${this.findInConversation}>
          <input type="search" name="q" aria-label="Search this conversation" placeholder="Find in chat…" maxlength="200">
        </form>
        <span class="spacer"></span>
        ${
          c.status === 'queued' && !c.agentId
            ? html`<button class="primary" @click=${() => this.accept(c.id)} ?disabled=${this.atCapacity}
          title=${this.atCapacity ? this.capacityText : 'Take this chat'}>Accept</button>`
            : nothing
        }
        ${
          live && mine
            ? html`
          <button @click=${() => (this.overlay = 'transfer')}>Transfer</button>
          <button @click=${() => this.returnToQueue()}>Return to queue</button>`
            : nothing
        }
        <button @click=${() => (this.overlay = 'ticket')}>Create ticket</button>
        ${c.status !== 'resolved' && c.status !== 'closed' ? html`<button class="primary" @click=${() => this.setConversationStatus('resolved')}>Resolve</button>` : nothing}
        ${c.status !== 'closed' ? html`<button class="danger" @click=${() => (this.overlay = 'close')}>Close</button>` : nothing}
      </header>
      ${
        this.found
          ? html`<section class="found" aria-label="Search results in this conversation">
        <div class="row"><span>${this.found.messages.length} ${this.found.messages.length === 1 ? 'match' : 'matches'} for “${this.found.q}”</span>
          <button @click=${() => (this.found = undefined)}>Close</button></div>
        <ul>${[...this.found.messages].reverse().map(
          (m) => html`<li><button class="item" @click=${() => this.jumpTo(m)}>
          <span class="sub">${m.senderName ?? m.senderType} · ${clock(m.createdAt)}</span> ${preview(m, 120)}</button></li>`,
        )}</ul>
      </section>`
          : nothing
      }
      <sc-thread .messages=${thread.messages} ?has-more=${thread.hasMore} ?loading=${thread.loading} label=${`Messages with ${who}`}
        @sc-load-earlier=${() => this.loadThread(c.id, thread.messages[0]?.seq)}></sc-thread>
      <div class="typing" aria-live="polite">${this.typing.has(c.id) ? `${this.typing.get(c.id)} is typing…` : ''}</div>
      <sc-composer .canned=${this.canned} ?disabled=${c.status === 'closed'}
        @sc-send=${this.send} @sc-file=${this.upload} @sc-open-canned=${() => (this.overlay = 'canned')}
        @sc-typing=${(e: CustomEvent<{ isTyping: boolean }>) => this.rt?.typing(c.id, e.detail.isTyping)}
        @sc-canned=${(e: CustomEvent<{ response: CannedResponse }>) => this.useCanned(e.detail.response)}></sc-composer>
      ${
        this.overlay === 'canned'
          ? html`<canned-responses .responses=${this.canned} .client=${this.client} ?can-share=${this.isAdmin} agent-id=${this.agentId}
        @sc-select=${(e: CustomEvent<{ response: CannedResponse }>) => this.useCanned(e.detail.response)}
        @sc-change=${(e: CustomEvent<{ responses: CannedResponse[] }>) => (this.canned = e.detail.responses)}
        @sc-close=${() => {
          this.overlay = null;
          this.composer?.focus();
        }}></canned-responses>`
          : nothing
      }
    </section>`;
  }

  private renderCustomer(c: Conversation) {
    const page = c.metadata.pageUrl ?? c.metadata.url ?? c.metadata.page;
    const attributes = Object.entries(c.metadata).filter(([k]) => !['pageUrl', 'url', 'page'].includes(k));
    return html`<aside aria-label="Customer">
      <section><h2>Customer</h2>
        <dl>
          <dt>Name</dt><dd class="customer-name">${c.customerName ?? '—'}</dd>
          <dt>Email</dt><dd>${c.customerEmail ?? '—'}</dd>
          <dt>Verified</dt><dd>${c.customerVerified ? 'yes' : 'no'}</dd>
          <dt>Channel</dt><dd>${c.channel}</dd>
          <dt>Page</dt><dd>${page === undefined ? '—' : String(page)}</dd>
          <dt>Started</dt><dd>${since(c.createdAt, this.now)} ago</dd>
          ${c.tags?.length ? html`<dt>Tags</dt><dd>${c.tags.map((t) => html`<span class="pill">${t}</span> `)}</dd>` : nothing}
          ${attributes.map(([k, v]) => html`<dt>${k}</dt><dd>${String(v)}</dd>`)}
        </dl>
      </section>
      <section><h2>Tickets</h2>
        <ul>${this.customerTickets.map(
          (t) => html`<li><button class="item" @click=${() => {
            this.view = 'tickets';
            void this.updateComplete.then(() => this.renderRoot.querySelector<TicketBoard>('ticket-board')?.open(t.id));
          }}>
          <div class="row"><span>${t.subject}</span><span><span class="pill ${t.priority}">${t.priority}</span>
            <span class="pill">${t.status.replace('_', ' ')}</span></span></div></button></li>`,
        )}
        ${this.customerTickets.length === 0 ? html`<li class="sub">None.</li>` : nothing}</ul>
      </section>
      <section><h2>Previous conversations</h2>
        <conversation-history .client=${this.client} customer-id=${c.customerId} exclude=${c.id} limit="5"
          @sc-open-conversation=${this.openFromHistory}></conversation-history>
      </section>
    </aside>`;
  }

  private renderOverlay() {
    if (this.overlay === 'help') {
      return html`<dialog aria-labelledby="help-h" @close=${() => (this.overlay = null)}>
        <h2 id="help-h">Keyboard shortcuts</h2>
        <table><tbody>${shortcuts.map((k) => html`<tr><td><kbd>${k.keys}</kbd></td><td>${k.does}</td></tr>`)}</tbody></table>
        <form method="dialog"><button class="primary">Close</button></form>
      </dialog>`;
    }
    if (this.overlay === 'close' && this.open) {
      // Closing is final for the customer (a new message starts a new conversation), so it is confirmed.
      return html`<dialog aria-labelledby="close-h" @close=${() => (this.overlay = null)}>
        <h2 id="close-h">Close this conversation?</h2>
        <p>${customerLabel(this.open)} can no longer write here; a new message from them starts a new conversation.
          To end it but let them come back, resolve it instead.</p>
        <div><button class="danger" type="button" @click=${() => {
          this.overlay = null;
          void this.setConversationStatus('closed');
        }}>Close conversation</button>
          <button type="button" @click=${() => (this.overlay = null)}>Cancel</button></div>
      </dialog>`;
    }
    if (this.overlay === 'transfer' && this.open) {
      const others = this.agents.filter((a) => a.id !== this.agentId);
      return html`<dialog aria-labelledby="transfer-h" @close=${() => (this.overlay = null)}>
        <form @submit=${this.transfer}>
          <h2 id="transfer-h">Transfer this chat</h2>
          <label>To <select name="target" required>
            <optgroup label="Agents">${others.map((a) => html`<option value=${`agent:${a.id}`}>${a.name} (${a.status})</option>`)}</optgroup>
            <optgroup label="Teams">${this.teams.map((t) => html`<option value=${`team:${t.id}`}>${t.name}</option>`)}</optgroup>
          </select></label>
          <div><button class="primary" type="submit">Transfer</button> <button type="button" @click=${() => (this.overlay = null)}>Cancel</button></div>
        </form>
      </dialog>`;
    }
    if (this.overlay === 'ticket' && this.open) {
      const c = this.open;
      const firstWords = this.threads.get(c.id)?.messages.find((m) => m.senderType === 'customer')?.content ?? '';
      return html`<dialog aria-labelledby="ticket-h" @close=${() => (this.overlay = null)}>
        <form @submit=${this.createTicket}>
          <h2 id="ticket-h">Create a ticket from this chat</h2>
          <label>Subject <input name="subject" required maxlength="500" .value=${c.subject ?? firstWords.slice(0, 120)}></label>
          <label>Priority <select name="priority">
            ${priorities.map((p) => html`<option value=${p} ?selected=${p === c.priority}>${p}</option>`)}
          </select></label>
          <label>Category <input name="category" maxlength="100"></label>
          <label>Assignee <select name="assignedAgentId">
            <option value="">Unassigned</option>
            ${this.agents.map((a) => html`<option value=${a.id} ?selected=${a.id === this.agentId}>${a.name}</option>`)}
          </select></label>
          <label>Description <textarea name="description" required rows="4" maxlength="20000"
            .value=${`Follow-up of the chat with ${customerLabel(c)}. The conversation is linked to this ticket.`}></textarea></label>
          <div><button class="primary" type="submit">Create ticket</button> <button type="button" @click=${() => (this.overlay = null)}>Cancel</button></div>
        </form>
      </dialog>`;
    }
    return nothing;
  }
}

/** Messages by seq, once each, oldest first. */
/** What the header says while the socket is not open. Long-polling is live, only slower: it is not "reconnecting". */
const connectionText: Record<string, string> = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  'long-polling': 'Live (polling)',
  closed: 'Disconnected',
};

function merge(a: Message[], b: Message[]) {
  const bySeq = new Map<number, Message>();
  for (const m of a) bySeq.set(m.seq, m);
  for (const m of b) bySeq.set(m.seq, { ...bySeq.get(m.seq), ...m });
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq);
}

if (!customElements.get('agent-console')) customElements.define('agent-console', AgentConsole);

declare global {
  interface HTMLElementTagNameMap {
    'agent-console': AgentConsole;
  }
}
