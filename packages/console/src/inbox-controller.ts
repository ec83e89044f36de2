// The agent's inbox, live: reads the queue, my chats and their messages into the InboxStore, keeps them current
// from the socket's frames (on any node), and carries out what the agent does with a chat. The host element only
// lays out what the store holds and passes the agent's clicks here.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  ApiError,
  SupportChatClient,
  type Agent,
  type AgentStatus,
  type CannedResponse,
  type Conversation,
  type Label,
  type Macro,
  type Message,
  type ReactionEmoji,
  type Team,
  type Ticket,
} from '@support-chat/sdk';
import { ConnectionController } from './connection-controller.js';
import { customerLabel, errorText, preview } from './format.js';
import type { ConversationPatch } from './events.js';
import { InboxStore } from './inbox-store.js';
import { snoozedUntilText } from './snooze.js';
import { Notifier } from './notify.js';

const PAGE = 50;

export interface InboxHost extends ReactiveControllerHost {
  client?: SupportChatClient;
  agentId: string;
  agentName: string;
}

export interface InboxHooks {
  /** A short status line for the agent. */
  say(text: string): void;
  /** Signed out elsewhere, expired or revoked. */
  sessionEnded(): void;
  /** Whether the agent has the inbox in front of them (not another view). */
  inboxShown(): boolean;
  /** A ticket changed somewhere (the board and the customer panel show it). */
  ticketChanged(ticket: Ticket): void;
  /** A conversation's state reached this console (any node): lists outside the inbox show it. */
  conversationChanged?(conversation: Conversation): void;
  /** An agent's status changed (any node): the team setup view shows it live. */
  presence?(agentId: string, status: AgentStatus): void;
}

export class InboxController implements ReactiveController {
  readonly store = new InboxStore();
  readonly connection: ConnectionController;
  readonly notifier = new Notifier();
  status: AgentStatus = 'offline';
  /** The agent's max_concurrent_chats: Accept is off once that many chats are theirs. */
  maxChats = Number.POSITIVE_INFINITY;
  isAdmin = false;
  /** Whether `isAdmin` has been read from the server yet. */
  roleKnown = false;
  agents: Agent[] = [];
  /** The macros I can run: the shared ones and my own. */
  macros: Macro[] = [];
  teams: Team[] = [];
  canned: CannedResponse[] = [];
  /** The label catalogue: colours everywhere a label shows, completion where one is added. */
  labels: Label[] = [];
  /** My primary team (the "My team" view), when I have one. */
  teamId: string | null = null;
  private unsubscribe?: () => void;
  private queueTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: InboxHost,
    private readonly hooks: InboxHooks,
  ) {
    host.addController(this);
    // Back after a drop: messages resume by seq on their own; the lists may have moved meanwhile.
    this.connection = new ConnectionController(host, () => {
      void this.refreshQueue();
      void this.refreshChats();
      if (this.store.openId) void this.catchUp(this.store.openId);
    });
  }

  private get client() {
    return this.host.client!;
  }

  hostConnected() {
    this.host.client ??= new SupportChatClient({ baseUrl: '' });
    this.unsubscribe = this.store.subscribe(() => this.host.requestUpdate());
    document.addEventListener('visibilitychange', this.onVisible);
    void this.start();
  }

  hostDisconnected() {
    this.unsubscribe?.();
    document.removeEventListener('visibilitychange', this.onVisible);
    clearTimeout(this.queueTimer);
  }

  private onVisible = () => {
    if (!document.hidden && this.store.openId) this.markSeen(this.store.openId);
  };

  /** At max_concurrent_chats the server would refuse (409 AGENT_AT_CAPACITY): why, before anyone clicks; else ''. */
  get capacityText() {
    const n = this.store.chats.size;
    return n >= this.maxChats
      ? `You have ${n} of ${this.maxChats} chats: resolve or transfer one to take another.`
      : '';
  }

  // ---- loading --------------------------------------------------------------------------------------------------

  private async start() {
    // The socket first, then the lists: a chat routed to me while they load still reaches me through the feed,
    // and each chat's messages continue right after the page loaded for it.
    this.connection.connect(this.client);
    this.listen();
    const [me] = await Promise.all([this.client.me().catch(() => null), this.connection.ready()]);
    this.isAdmin = me?.user.role === 'admin';
    this.roleKnown = me !== null;
    if (me) this.notifier.settings = me.user.notifications;
    if (me?.agent) {
      this.host.agentId ||= me.agent.id;
      this.host.agentName ||= me.agent.name;
      this.status = me.agent.status;
      this.maxChats = me.agent.maxConcurrentChats;
      this.teamId = me.agent.teamId;
    }
    this.store.agentId = this.host.agentId;
    await Promise.all([this.refreshQueue(), this.refreshChats()]);
    const later = <T>(p: Promise<T>, keep: (v: T) => void) =>
      void p.then(
        (v) => {
          keep(v);
          this.host.requestUpdate();
        },
        () => {},
      );
    later(this.client.listAgents(), (a) => (this.agents = a));
    later(this.client.listTeams(), (t) => (this.teams = t));
    later(this.client.listCannedResponses(), (r) => (this.canned = r));
    later(this.client.listMacros(), (m) => (this.macros = m));
    void this.loadLabels();
  }

  /** The catalogue again (an admin may have changed it in Team setup). */
  async loadLabels() {
    const labels = await this.client.listLabels().catch(() => undefined);
    if (labels) {
      this.labels = labels;
      this.host.requestUpdate();
    }
  }

  private listen() {
    const on = this.connection.on.bind(this.connection);
    const { store } = this;
    on('message', (f) => this.addMessage(f.data));
    on('typing', (f) => {
      if (f.data.userType === 'customer')
        store.setTyping(f.conversationId, f.data.isTyping ? (f.data.userName ?? 'The customer') : undefined);
    });
    on('read', (f) => {
      if (f.data.readerType === 'customer') store.readUpTo(f.conversationId, f.data.seq, f.data.readAt);
    });
    on('queue_update', (f) => {
      if (store.firstSeenInQueue(f.conversationId))
        this.notifier.alert(
          'queued',
          'New chat waiting',
          `Position ${f.data.position} in the queue`,
          `queue-${f.conversationId}`,
        );
      this.scheduleQueue();
    });
    on('agent_assigned', (f) => this.applyConversation(f.data.conversation));
    on('status_change', (f) => this.applyConversation(f.data.conversation));
    on('conversation_update', (f) => this.applyConversation(f.data.conversation));
    on('ticket_update', (f) => this.hooks.ticketChanged(f.data.ticket));
    on('reaction', (f) => store.setReactions(f.conversationId, f.data.messageId, f.data.reactions));
    on('conversation_merged', (f) => void this.merged(f.conversationId, f.data));
    on('mention', (f) => {
      // Every console hears of every mention: only the agents named are told, if they want to be.
      if (!f.data.agentIds.includes(this.host.agentId) || !this.notifier.settings.mentions) return;
      const text = `${f.data.by} mentioned you: ${customerLabel(f.data.conversation)}`;
      this.hooks.say(text);
      this.notifier.alert('mentions', text, preview(f.data.message, 200), `mention-${f.data.message.id}`);
    });
    on('sla_alert', (f) => {
      // Mine, or nobody's and I run the team: worth interrupting for.
      const t = f.data.ticket;
      if (t.assignedAgentId ? t.assignedAgentId !== this.host.agentId : !this.isAdmin) return;
      const what = f.data.target === 'first_response' ? 'first answer' : 'resolution';
      const text =
        f.data.kind === 'warning'
          ? `SLA: “${t.subject}” needs its ${what} within ${f.data.minutesRemaining} min`
          : `SLA missed: the ${what} of “${t.subject}”`;
      this.hooks.say(text);
    });
    on('presence', (f) => {
      if (f.data.agentId === this.host.agentId) this.status = f.data.status;
      this.agents = this.agents.map((a) => (a.id === f.data.agentId ? { ...a, status: f.data.status } : a));
      this.hooks.presence?.(f.data.agentId, f.data.status);
      this.host.requestUpdate();
    });
    on('error', (f) => {
      if (f.data.code === 'SESSION_ENDED') this.hooks.sessionEnded();
      else this.hooks.say(f.data.message);
    });
  }

  private scheduleQueue() {
    clearTimeout(this.queueTimer);
    this.queueTimer = setTimeout(() => void this.refreshQueue(), 150);
  }

  async refreshQueue() {
    try {
      this.store.setQueue(await this.client.getQueue(), Date.now());
    } catch (err) {
      this.hooks.say(errorText(err));
    }
  }

  private async refreshChats() {
    if (!this.host.agentId) this.host.agentId = (await this.client.me().catch(() => null))?.agent?.id ?? '';
    this.store.agentId = this.host.agentId;
    if (!this.host.agentId) return;
    const { conversations } = await this.client.listConversations({
      agentId: this.host.agentId,
      status: 'active',
      limit: 100,
    });
    await Promise.all(this.store.setChats(conversations).map((c) => this.track(c)));
  }

  /** Starts following one of my chats: its newest page, then everything after that page over the socket. */
  private async track(c: Conversation) {
    const page = await this.client.listMessages(c.id, { limit: PAGE }).catch(() => ({ messages: [], hasMore: false }));
    this.store.addPage(c.id, page);
    this.connection.rt?.subscribe(c.id, page.messages.at(-1)?.seq ?? c.lastSeq);
    if (c.id === this.store.openId) this.markSeen(c.id);
  }

  /** The page before `beforeSeq` (or the newest page). */
  async loadThread(id: string, beforeSeq?: number) {
    const { store } = this;
    if (store.thread(id).loading) return;
    const first = !store.thread(id).messages.length;
    store.setLoading(id, true);
    try {
      const page = await this.client.listMessages(id, { limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) });
      const hasMore = beforeSeq || first ? page.hasMore : store.thread(id).hasMore || page.hasMore;
      store.addMessages(id, page.messages, hasMore);
    } catch (err) {
      store.setLoading(id, false);
      this.hooks.say(errorText(err));
    }
  }

  /** Loads earlier pages until a found message is in the thread (or there is nothing earlier). */
  async loadUntil(m: Message) {
    for (let guard = 0; guard < 200; guard++) {
      const t = this.store.threads.get(m.conversationId);
      if (!t || t.messages.some((x) => x.seq === m.seq) || !t.hasMore) return;
      await this.loadThread(m.conversationId, t.messages[0]?.seq);
    }
  }

  /**
   * After a drop, the open chat is read again from the newest message it shows: whatever the socket's resume brings
   * too is merged by seq, so nothing shows twice and nothing written while we were away is missing.
   */
  private async catchUp(id: string) {
    const afterSeq = this.store.threads.get(id)?.messages.at(-1)?.seq;
    if (afterSeq === undefined) return;
    const page = await this.client.listMessages(id, { afterSeq, limit: 200 }).catch(() => null);
    if (page) this.store.addMessages(id, page.messages);
  }

  // ---- live changes ---------------------------------------------------------------------------------------------

  addMessage(m: Message) {
    const id = m.conversationId;
    const looking = id === this.store.openId && !document.hidden && this.hooks.inboxShown();
    const chat = this.store.addMessage(m, looking);
    if (!chat || m.senderType !== 'customer') return;
    if (looking) this.connection.rt?.read(m.id, id);
    this.notifier.alert(
      'messages',
      `New message from ${customerLabel(chat.conversation)}`,
      preview(m, 200),
      `chat-${id}`,
    );
  }

  /**
   * Another conversation was merged into `intoId` (by anyone, on any node): that thread is read afresh (it was
   * renumbered), and if I had the merged-away one open, the one it went into opens instead.
   */
  private async merged(
    on: string,
    { sourceId, intoId, conversation }: { sourceId: string; intoId: string; conversation: Conversation },
  ) {
    const { store } = this;
    // The news comes on both conversations (and the consoles' feed): the kept one's copy refreshes its thread.
    if (on === intoId) {
      this.applyConversation(conversation);
      if (store.threads.has(intoId)) {
        store.dropThread(intoId);
        await this.loadThread(intoId);
      }
    }
    if (store.openId === sourceId) await this.open(conversation);
  }

  /** An assignment or status change, from anyone on any node (or my own action). */
  applyConversation(c: Conversation) {
    const change = this.store.applyConversation(c);
    this.hooks.conversationChanged?.(c);
    if (change === 'added') {
      void this.track(c);
      this.notifier.alert('assigned', 'New chat assigned to you', customerLabel(c), `chat-${c.id}`);
    }
    if (change === 'removed' && c.id !== this.store.openId) this.connection.rt?.unsubscribe(c.id);
    this.scheduleQueue();
  }

  // ---- what the agent does --------------------------------------------------------------------------------------

  /** Runs a request; a failure becomes a status line, or the sign-in form on 401. */
  async run<T>(p: Promise<T>, done?: string): Promise<T | undefined> {
    try {
      const r = await p;
      if (done) this.hooks.say(done);
      return r;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.hooks.sessionEnded();
      else this.hooks.say(errorText(err));
      return undefined;
    }
  }

  async open(c: Conversation) {
    this.store.setOpen(c);
    // Follow it live while it is open, mine or not.
    this.connection.rt?.subscribe(c.id);
    if (!this.store.thread(c.id).messages.length) await this.loadThread(c.id);
    this.markSeen(c.id);
  }

  markSeen(id: string) {
    const unseen = this.store.markSeen(id);
    if (unseen) this.connection.rt?.read(unseen.id, id);
  }

  /** Takes a queued chat; true when it is mine now. */
  async accept(id: string): Promise<Conversation | undefined> {
    if (this.capacityText) return void this.hooks.say(this.capacityText);
    const c = await this.run(this.client.acceptConversation(id));
    if (!c) return void this.refreshQueue();
    this.applyConversation(c);
    this.store.removeFromQueue(id);
    return c;
  }

  async setStatus(status: AgentStatus) {
    if (!this.host.agentId) return;
    const agent = await this.run(this.client.setAgentStatus(this.host.agentId, status));
    if (agent) this.status = agent.status;
    this.host.requestUpdate();
  }

  async send(content: string, isPrivate: boolean) {
    const id = this.store.openId;
    const rt = this.connection.rt;
    if (!id || !rt) return;
    const m = await this.run(rt.send(content, { conversationId: id, isPrivate }));
    if (m) this.addMessage(m);
  }

  async upload(file: File, isPrivate: boolean) {
    const id = this.store.openId;
    const rt = this.connection.rt;
    if (!id || !rt) return;
    this.hooks.say(`Uploading ${file.name}…`);
    const attachment = await this.run(this.client.uploadFile(id, file, file.name));
    if (!attachment) return;
    const messageType = attachment.mimeType.startsWith('image/') ? 'image' : 'file';
    const m = await this.run(
      rt.send('', { conversationId: id, attachments: [attachment], messageType, isPrivate }),
      isPrivate ? 'File added to the notes' : 'File sent',
    );
    if (m) this.addMessage(m);
  }

  /** A canned response with its placeholders filled in for the open conversation; its use is counted. */
  async useCanned(r: CannedResponse): Promise<string | undefined> {
    const used = await this.run(this.client.useCannedResponse(r.id, this.store.openId));
    if (!used) return undefined;
    this.canned = this.canned.map((x) => (x.id === r.id ? used.cannedResponse : x));
    return used.content;
  }

  async resolve() {
    const id = this.store.openId;
    if (!id) return;
    const c = await this.run(this.client.updateConversation(id, { status: 'resolved' }), 'Resolved');
    if (c) this.applyConversation(c);
  }

  /** New labels, priority or snooze for the open conversation; every console (this one too) hears of it from the feed. */
  async updateOpen(patch: ConversationPatch) {
    const id = this.store.openId;
    if (!id) return;
    const done =
      'priority' in patch
        ? `Priority: ${patch.priority}`
        : 'snooze' in patch
          ? patch.snooze
            ? `Snoozed ${snoozedUntilText({ snoozedUntil: 'until' in patch.snooze ? patch.snooze.until : null })}`
            : 'Awake again'
          : undefined;
    const c = await this.run(this.client.updateConversation(id, patch), done);
    if (c) this.applyConversation(c);
  }

  /** My reaction to a message of the open conversation, added or taken back. */
  async react(messageId: string, emoji: ReactionEmoji, on: boolean) {
    const id = this.store.openId;
    if (!id) return;
    const m = await this.run(this.client.react(id, messageId, { emoji, on }));
    if (m) this.store.setReactions(id, m.id, m.reactions);
  }

  /** Runs a macro on the open conversation; a step that fails says which (the server's words). */
  async runMacro(macroId: string) {
    const id = this.store.openId;
    const macro = this.macros.find((m) => m.id === macroId);
    if (!id || !macro) return;
    const r = await this.run(this.client.runMacro(id, macroId), `Ran “${macro.name}”`);
    if (r) this.applyConversation(r.conversation);
  }

  async returnToQueue() {
    const id = this.store.openId;
    if (!id) return;
    const c = await this.run(this.client.returnToQueue(id), 'Returned to the queue');
    if (c) this.applyConversation(c);
  }
}
