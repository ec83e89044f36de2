// The agent's inbox as plain data: the queue, my chats with unread counts, each followed conversation's messages,
// who is typing, and the conversation on screen. No DOM and no I/O: every change is a method that replaces the
// maps it touches (so Lit sees a new value) and tells subscribers once. The controllers feed it; elements read it.
import type { Conversation, Message, QueueEntry } from '@support-chat/sdk';

export interface Thread {
  messages: Message[];
  hasMore: boolean;
  loading: boolean;
}

export interface Chat {
  conversation: Conversation;
  unread: number;
  /** The last message a person wrote (system lines left out): what the list previews and sorts by. */
  last?: Message;
}

/** What an assignment or status change did to my chats. */
export type ConversationChange = 'added' | 'removed' | 'updated' | 'none';

const emptyThread: Thread = { messages: [], hasMore: false, loading: false };

/**
 * Messages once each (by id), in seq order, oldest first; a later copy (a receipt, an edit) wins field by field. By id,
 * not seq: a merge renumbers a thread, and the renumbered copy of a message must replace the one we had.
 */
export function mergeMessages(a: readonly Message[], b: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of a) byId.set(m.id, m);
  for (const m of b) byId.set(m.id, { ...byId.get(m.id), ...m });
  return [...byId.values()].sort((x, y) => x.seq - y.seq);
}

/** Newest activity first. */
const activity = (c: Chat) =>
  new Date(c.last?.createdAt ?? c.conversation.lastMessageAt ?? c.conversation.createdAt).getTime();

/** The newest message that matches (ES2022 has no findLast). */
function lastWhere(messages: readonly Message[], f: (m: Message) => boolean): Message | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (f(messages[i]!)) return messages[i];
  return undefined;
}

const lastSaid = (messages: readonly Message[]) => lastWhere(messages, (m) => m.senderType !== 'system');

export class InboxStore {
  /** Whose inbox this is: a conversation is one of "my chats" when it is active and assigned to this agent. */
  agentId = '';
  queue: QueueEntry[] = [];
  /** When the queue (and its waiting times) was read. */
  queueAt = 0;
  chats = new Map<string, Chat>();
  threads = new Map<string, Thread>();
  /** Conversation id → the name of the customer typing there. */
  typing = new Map<string, string>();
  openId?: string;
  /** The open conversation (one of my chats, a queued one, or any other an agent looks up). */
  open?: Conversation;
  private readonly seenQueue = new Set<string>();
  private readonly listeners = new Set<() => void>();

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed() {
    for (const l of this.listeners) l();
  }

  get totalUnread() {
    let n = 0;
    for (const c of this.chats.values()) n += c.unread;
    return n;
  }

  get sortedChats(): Chat[] {
    return [...this.chats.values()].sort((a, b) => activity(b) - activity(a));
  }

  thread(id: string): Thread {
    return this.threads.get(id) ?? emptyThread;
  }

  /** The chat after (or before) the open one in list order, wrapping around; undefined with no chats. */
  step(by: 1 | -1): Conversation | undefined {
    const list = this.sortedChats;
    if (!list.length) return undefined;
    const i = list.findIndex((c) => c.conversation.id === this.openId);
    return (list[(i + by + list.length) % list.length] ?? list[0])?.conversation;
  }

  // ---- the queue ------------------------------------------------------------------------------------------------

  setQueue(entries: QueueEntry[], at: number) {
    this.queue = entries;
    this.queueAt = at;
    for (const e of entries) this.seenQueue.add(e.conversation.id);
    this.changed();
  }

  /** True the first time a conversation is seen waiting: the moment to alert the agent. */
  firstSeenInQueue(id: string): boolean {
    if (this.seenQueue.has(id)) return false;
    this.seenQueue.add(id);
    return true;
  }

  removeFromQueue(id: string) {
    this.queue = this.queue.filter((e) => e.conversation.id !== id);
    this.changed();
  }

  // ---- my chats -----------------------------------------------------------------------------------------------

  /** My active conversations as the server lists them; returns the ones not followed before. */
  setChats(conversations: Conversation[]): Conversation[] {
    const next = new Map<string, Chat>();
    for (const c of conversations) next.set(c.id, { unread: 0, ...this.chats.get(c.id), conversation: c });
    const fresh = conversations.filter((c) => !this.chats.has(c.id));
    this.chats = next;
    this.changed();
    return fresh;
  }

  /**
   * The newest page of a chat I start following: what the customer wrote before I got it counts as unread until I
   * have it open, and the list previews what a person last wrote ("X joined the chat" says nothing about the
   * customer's problem).
   */
  addPage(id: string, page: { messages: Message[]; hasMore: boolean }) {
    const had = this.threads.get(id);
    this.threads = new Map(this.threads).set(id, {
      messages: mergeMessages(page.messages, had?.messages ?? []),
      hasMore: page.hasMore,
      loading: false,
    });
    const chat = this.chats.get(id);
    if (chat) {
      const said = lastSaid(page.messages);
      const unread = page.messages.filter((m) => m.senderType === 'customer' && !m.readAt).length;
      this.chats = new Map(this.chats).set(id, {
        ...chat,
        unread: id === this.openId ? 0 : unread,
        ...(said ? { last: said } : {}),
      });
    }
    this.changed();
  }

  /**
   * An assignment or status change, from anyone on any node: active and mine joins my chats, anything else leaves
   * them; the open conversation shows the new state either way.
   */
  applyConversation(c: Conversation): ConversationChange {
    const mine = c.agentId === this.agentId && c.status === 'active';
    const had = this.chats.get(c.id);
    let change: ConversationChange = 'none';
    if (mine) {
      this.chats = new Map(this.chats).set(c.id, { unread: 0, ...had, conversation: c });
      change = had ? 'updated' : 'added';
    } else if (had) {
      const next = new Map(this.chats);
      next.delete(c.id);
      this.chats = next;
      change = 'removed';
    }
    if (this.open?.id === c.id) this.open = c;
    this.changed();
    return change;
  }

  // ---- messages -----------------------------------------------------------------------------------------------

  /**
   * A message from the feed or my own send. `looking` says whether the agent sees it arrive (its chat open, the
   * tab visible, the inbox shown): then it is not unread. Returns the chat it belongs to, when it is one of mine.
   */
  addMessage(m: Message, looking: boolean): Chat | undefined {
    const id = m.conversationId;
    const t = this.threads.get(id);
    if (t) this.threads = new Map(this.threads).set(id, { ...t, messages: mergeMessages(t.messages, [m]) });
    if (m.senderType === 'customer' && this.typing.has(id)) this.setTypingMap(id, undefined);
    const chat = this.chats.get(id);
    if (chat) {
      const unread = chat.unread + (m.senderType === 'customer' && !looking ? 1 : 0);
      this.chats = new Map(this.chats).set(id, { ...chat, last: m.senderType === 'system' ? chat.last : m, unread });
    }
    this.changed();
    return chat;
  }

  /** Earlier (or, after a drop, later) messages of a conversation, merged (by id, in seq order). */
  addMessages(id: string, messages: Message[], hasMore?: boolean) {
    const now = this.thread(id);
    this.threads = new Map(this.threads).set(id, {
      messages: mergeMessages(now.messages, messages),
      hasMore: hasMore ?? now.hasMore,
      loading: false,
    });
    this.changed();
  }

  /** Forgets a thread (a merge renumbered it): the next load starts from its newest page. */
  dropThread(id: string) {
    const threads = new Map(this.threads);
    threads.delete(id);
    this.threads = threads;
    this.changed();
  }

  setLoading(id: string, loading: boolean) {
    this.threads = new Map(this.threads).set(id, { ...this.thread(id), loading });
    this.changed();
  }

  /** The customer read up to `seq`: my messages up to there show "Read". */
  readUpTo(id: string, seq: number, readAt: string) {
    const t = this.threads.get(id);
    if (!t) return;
    const messages = t.messages.map((m) =>
      m.senderType === 'agent' && !m.readAt && m.seq <= seq ? { ...m, readAt } : m,
    );
    this.threads = new Map(this.threads).set(id, { ...t, messages });
    this.changed();
  }

  /** A message's reactions as they now are (from anyone, on any node). */
  setReactions(id: string, messageId: string, reactions: Message['reactions']) {
    const t = this.threads.get(id);
    if (!t) return;
    const messages = t.messages.map((m) => (m.id === messageId ? { ...m, reactions } : m));
    this.threads = new Map(this.threads).set(id, { ...t, messages });
    this.changed();
  }

  /** The customer started (a name) or stopped (undefined) typing. */
  setTyping(id: string, name: string | undefined) {
    this.setTypingMap(id, name);
    this.changed();
  }

  private setTypingMap(id: string, name: string | undefined) {
    const next = new Map(this.typing);
    if (name === undefined) next.delete(id);
    else next.set(id, name);
    this.typing = next;
  }

  // ---- the open conversation ----------------------------------------------------------------------------------

  setOpen(c: Conversation) {
    this.openId = c.id;
    this.open = this.chats.get(c.id)?.conversation ?? c;
    this.changed();
  }

  /**
   * The agent has the chat in front of them: its unread count goes to zero. Returns the customer's newest message
   * when it still needs a read receipt.
   */
  markSeen(id: string): Message | undefined {
    const chat = this.chats.get(id);
    if (chat?.unread) {
      this.chats = new Map(this.chats).set(id, { ...chat, unread: 0 });
      this.changed();
    }
    const last = lastWhere(this.thread(id).messages, (m) => m.senderType === 'customer');
    return last && !last.readAt ? last : undefined;
  }
}
