// The inbox's state rules without a page: unread counts, what the list previews and sorts by, receipts, typing,
// assignment changes, merging pages by seq, and the moment a queued chat alerts.
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '@support-chat/sdk';
import { InboxStore, mergeMessages } from '../src/inbox-store.js';

const ME = '00000000-0000-4000-8000-0000000000a1';
const OTHER = '00000000-0000-4000-8000-0000000000a2';
const cid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function conversation(n: number, over: Partial<Conversation> = {}): Conversation {
  return {
    id: cid(n),
    siteId: cid(999),
    customerId: `cust-${n}`,
    customerName: `Customer ${n}`,
    customerEmail: null,
    customerVerified: false,
    agentId: ME,
    agentName: 'Me',
    teamId: null,
    status: 'active',
    channel: 'web',
    subject: null,
    priority: 'medium',
    metadata: {},
    queuedAt: null,
    queuedSeconds: 0,
    lastSeq: 0,
    startedAt: '2026-12-01T10:00:00.000Z',
    lastMessageAt: null,
    firstResponseAt: null,
    assignedAt: null,
    resolvedAt: null,
    closedAt: null,
    mergedIntoId: null,
    createdAt: `2026-12-01T10:00:0${n}.000Z`,
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...over,
  };
}

function message(n: number, seq: number, over: Partial<Message> = {}): Message {
  return {
    id: `${cid(n).slice(0, -4)}${String(seq).padStart(4, '0')}`,
    conversationId: cid(n),
    seq,
    senderType: 'customer',
    senderId: `cust-${n}`,
    senderName: `Customer ${n}`,
    content: `message ${seq}`,
    messageType: 'text',
    attachments: [],
    clientMessageId: null,
    isPrivate: false,
    readAt: null,
    metadata: {},
    createdAt: `2026-12-01T11:00:${String(seq).padStart(2, '0')}.000Z`,
    ...over,
  };
}

function store() {
  const s = new InboxStore();
  s.agentId = ME;
  let changes = 0;
  s.subscribe(() => changes++);
  return { s, changes: () => changes };
}

describe('InboxStore', () => {
  it('merges pages once per message, in seq order, a later copy winning field by field', () => {
    const read = { ...message(1, 2), readAt: '2026-12-01T12:00:00.000Z' };
    const merged = mergeMessages([message(1, 3), message(1, 1), message(1, 2)], [read, message(1, 4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(merged[1]!.readAt).toBe('2026-12-01T12:00:00.000Z');
    // A merge renumbers the thread: the renumbered copy replaces the message, and the order follows the new seqs.
    const renumbered = mergeMessages(merged, [
      { ...message(1, 1), seq: 6 },
      message(1, 7, { id: 'moved-from-the-other-conversation', content: 'moved' }),
      { ...message(1, 2), seq: 8 },
    ]);
    expect(renumbered.map((m) => [m.seq, m.content])).toEqual([
      [3, 'message 3'],
      [4, 'message 4'],
      [6, 'message 1'],
      [7, 'moved'],
      [8, 'message 2'],
    ]);
  });

  it('counts what the customer wrote before I had the chat open as unread, previews the last thing a person said', () => {
    const { s } = store();
    expect(s.setChats([conversation(1)]).map((c) => c.id)).toEqual([cid(1)]);
    s.addPage(cid(1), {
      messages: [
        message(1, 1),
        message(1, 2, { readAt: '2026-12-01T11:30:00.000Z' }),
        message(1, 3),
        message(1, 4, { senderType: 'system', senderId: 'system', senderName: 'System', content: 'Me joined' }),
      ],
      hasMore: true,
    });
    const chat = s.chats.get(cid(1))!;
    expect(chat.unread).toBe(2);
    expect(chat.last?.seq).toBe(3);
    expect(s.thread(cid(1))).toMatchObject({ hasMore: true, loading: false });
    expect(s.totalUnread).toBe(2);
    // Listing again keeps what I know about a chat and reports nothing new to follow.
    expect(s.setChats([conversation(1)])).toEqual([]);
    expect(s.chats.get(cid(1))!.unread).toBe(2);
  });

  it('adds to unread only while I am not looking, and a customer message ends their typing', () => {
    const { s } = store();
    s.setChats([conversation(1)]);
    s.addPage(cid(1), { messages: [], hasMore: false });
    s.setTyping(cid(1), 'Customer 1');
    expect(s.typing.get(cid(1))).toBe('Customer 1');
    s.addMessage(message(1, 1), false);
    expect(s.typing.has(cid(1))).toBe(false);
    s.addMessage(message(1, 2), true);
    s.addMessage(message(1, 3, { senderType: 'agent', senderId: ME, senderName: 'Me' }), false);
    expect(s.chats.get(cid(1))!.unread).toBe(1);
    expect(s.chats.get(cid(1))!.last?.seq).toBe(3);
    // A system line is in the thread but not what the list previews.
    s.addMessage(message(1, 4, { senderType: 'system', senderId: 'system', senderName: 'System' }), false);
    expect(s.chats.get(cid(1))!.last?.seq).toBe(3);
    expect(s.thread(cid(1)).messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    // A message of a conversation nobody follows changes nothing and belongs to no chat.
    expect(s.addMessage(message(7, 1), false)).toBeUndefined();
    expect(s.threads.has(cid(7))).toBe(false);
  });

  it('marks my messages read up to the seq the customer read, and only mine', () => {
    const { s } = store();
    s.setChats([conversation(1)]);
    const agent = { senderType: 'agent' as const, senderId: ME, senderName: 'Me' };
    s.addPage(cid(1), {
      messages: [message(1, 1, agent), message(1, 2), message(1, 3, agent), message(1, 4, agent)],
      hasMore: false,
    });
    s.readUpTo(cid(1), 3, '2026-12-01T12:00:00.000Z');
    expect(s.thread(cid(1)).messages.map((m) => m.readAt)).toEqual([
      '2026-12-01T12:00:00.000Z',
      null,
      '2026-12-01T12:00:00.000Z',
      null,
    ]);
  });

  it('seeing a chat clears its unread count and names the customer message that still needs a receipt', () => {
    const { s, changes } = store();
    s.setChats([conversation(1)]);
    s.addPage(cid(1), { messages: [message(1, 1), message(1, 2)], hasMore: false });
    const before = changes();
    expect(s.markSeen(cid(1))?.seq).toBe(2);
    expect(s.chats.get(cid(1))!.unread).toBe(0);
    expect(changes()).toBe(before + 1);
    s.readUpTo(cid(1), 2, '2026-12-01T12:00:00.000Z');
    // Receipts are for my messages; the customer's own stay unread by me until the server says otherwise.
    s.addMessages(cid(1), [{ ...message(1, 2), readAt: '2026-12-01T12:00:01.000Z' }]);
    expect(s.markSeen(cid(1))).toBeUndefined();
    // Nothing to clear: no change to tell anyone about.
    expect(changes()).toBe(before + 3);
  });

  it('joins my chats on assignment, leaves them on transfer or resolve, and the open one follows', () => {
    const { s } = store();
    expect(s.applyConversation(conversation(1, { status: 'queued', agentId: null }))).toBe('none');
    expect(s.applyConversation(conversation(1))).toBe('added');
    expect(s.applyConversation(conversation(1, { subject: 'Refund' }))).toBe('updated');
    s.setOpen(conversation(1));
    expect(s.open?.subject).toBe('Refund');
    expect(s.applyConversation(conversation(1, { agentId: OTHER }))).toBe('removed');
    expect(s.chats.size).toBe(0);
    expect(s.open?.agentId).toBe(OTHER);
    s.applyConversation(conversation(2));
    expect(s.applyConversation(conversation(2, { status: 'resolved' }))).toBe('removed');
  });

  it('sorts my chats by newest activity and steps through them, wrapping around', () => {
    const { s } = store();
    s.setChats([conversation(1), conversation(2), conversation(3)]);
    s.addMessage(message(1, 1), false);
    s.addPage(cid(1), { messages: [message(1, 9)], hasMore: false });
    expect(s.sortedChats.map((c) => c.conversation.id)).toEqual([cid(1), cid(3), cid(2)]);
    // Nothing open yet: the first chat in the list.
    expect(s.step(1)?.id).toBe(cid(1));
    s.setOpen(conversation(3));
    expect(s.step(1)?.id).toBe(cid(2));
    expect(s.step(-1)?.id).toBe(cid(1));
    s.setOpen(conversation(2));
    expect(s.step(1)?.id).toBe(cid(1));
    expect(new InboxStore().step(1)).toBeUndefined();
  });

  it('alerts once per queued chat, counting the ones already listed as seen', () => {
    const { s } = store();
    s.setQueue(
      [
        {
          conversation: conversation(1, { status: 'queued' }),
          position: 1,
          waitingSeconds: 5,
          estimatedWaitSeconds: null,
        },
      ],
      1000,
    );
    expect(s.queueAt).toBe(1000);
    expect(s.firstSeenInQueue(cid(1))).toBe(false);
    expect(s.firstSeenInQueue(cid(2))).toBe(true);
    expect(s.firstSeenInQueue(cid(2))).toBe(false);
    s.removeFromQueue(cid(1));
    expect(s.queue).toEqual([]);
  });

  it('keeps hasMore from the first page when a later merge does not say', () => {
    const { s } = store();
    s.setLoading(cid(5), true);
    expect(s.thread(cid(5))).toEqual({ messages: [], hasMore: false, loading: true });
    s.addMessages(cid(5), [message(5, 10)], true);
    s.addMessages(cid(5), [message(5, 11)]);
    expect(s.thread(cid(5))).toMatchObject({ hasMore: true, loading: false });
    expect(s.thread(cid(5)).messages.map((m) => m.seq)).toEqual([10, 11]);
  });
});
