// Appending a message to a conversation: the one place that hands out `seq`, reopens resolved chats,
// stamps first responses and deduplicates client retries. Chat sends, chat starts and ticket creation
// all come through here, always inside a transaction that holds the conversation row's lock.
import { and, eq, sql } from 'drizzle-orm';
import type { Attachment, MessageType, SenderType } from '@support-chat/protocol';
import type { Tx } from '../../db/client.js';
import { recordset } from '../../db/recordset.js';
import { conversations, messages, tickets } from '../../db/schema/index.js';
import type { IntegrationsPort } from '../../deps.js';
import { toMessageDto, type ConversationRow, type MessageRow } from './dto.js';
import { refreshActiveChats, refreshResponseTime } from '../agents/counters.js';

export interface Sender {
  type: SenderType;
  id: string;
  name: string;
}

/** Who system lines ("Jane joined the chat") come from: every message has a sender. */
export const systemSender: Sender = { type: 'system', id: 'system', name: 'System' };

/**
 * A system line's meaning, kept in its metadata (`{ system, name? }`) so a widget can say it in the visitor's
 * language; the stored content is the English line (consoles, transcripts, older widgets).
 */
export type SystemLine =
  | { system: 'joined' | 'transferred' | 'unavailable' | 'merged'; name: string }
  | { system: 'returned' };

export function systemLine(system: 'joined' | 'transferred' | 'unavailable' | 'merged', name: string): SystemLine;
export function systemLine(system: 'returned'): SystemLine;
export function systemLine(system: SystemLine['system'], name?: string): SystemLine {
  return system === 'returned' ? { system } : { system, name: name ?? '' };
}

/** The English line. */
export function systemText(line: SystemLine): string {
  switch (line.system) {
    case 'joined':
      return `${line.name} joined the chat`;
    case 'transferred':
      return `Transferred to ${line.name}`;
    case 'unavailable':
      return `${line.name} is no longer available`;
    case 'returned':
      return 'Returned to the queue';
    case 'merged':
      return `${line.name} merged another conversation into this one`;
  }
}

export interface MessageInput {
  content: string;
  messageType: MessageType;
  attachments: Attachment[];
  clientMessageId?: string;
  /** A private note: agents only; it neither reopens a chat nor counts as a reply. */
  isPrivate?: boolean;
  metadata?: Record<string, unknown>;
}

export interface AppendResult {
  message: MessageRow;
  conversation: ConversationRow;
  previousStatus: ConversationRow['status'];
  /** False when clientMessageId matched an earlier send: nothing new was stored. */
  created: boolean;
  /** The customer's message ended a snooze, or the agent's reply cleared the "back from snooze" marker. */
  snoozeChanged?: boolean;
}

/**
 * Whether a message changes the conversation's snooze: a customer's ends it; an agent's public reply clears the
 * marker its end left. The writer's batch leaves such sends to appendMessage, which applies this.
 */
export function touchesSnooze(c: ConversationRow, senderType: SenderType, isPrivate: boolean) {
  if (senderType === 'customer') return c.snoozedAt !== null;
  return senderType === 'agent' && !isPrivate && c.unsnoozedAt !== null;
}

/** `locked` must have been read `FOR UPDATE` (or inserted) in `tx`. */
export async function appendMessage(
  tx: Tx,
  locked: ConversationRow,
  sender: Sender,
  input: MessageInput,
  now: Date,
): Promise<AppendResult> {
  const previousStatus = locked.status;
  if (input.clientMessageId !== undefined) {
    const [dup] = await tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.conversationId, locked.id),
          eq(messages.clientMessageId, input.clientMessageId),
          eq(messages.senderType, sender.type),
          eq(messages.senderId, sender.id),
        ),
      )
      .limit(1);
    if (dup) return { message: dup, conversation: locked, previousStatus, created: false };
  }

  const patch: Partial<typeof conversations.$inferInsert> = { lastSeq: locked.lastSeq + 1, lastMessageAt: now };
  const isPrivate = input.isPrivate === true;
  if (sender.type === 'customer' && locked.status === 'resolved') {
    // The customer wrote again: the conversation is live once more, with its agent if it still has one.
    patch.status = locked.agentId ? 'active' : 'queued';
    patch.resolvedAt = null;
  }
  const snoozeChanged = touchesSnooze(locked, sender.type, isPrivate);
  if (snoozeChanged) {
    patch.snoozedAt = null;
    patch.snoozedUntil = null;
    patch.unsnoozedAt = sender.type === 'customer' ? now : null;
  }
  const firstResponse = sender.type === 'agent' && !isPrivate && locked.firstResponseAt === null;
  if (firstResponse) patch.firstResponseAt = now;

  const [conversation] = await tx.update(conversations).set(patch).where(eq(conversations.id, locked.id)).returning();
  const [message] = await tx
    .insert(messages)
    .values({
      conversationId: locked.id,
      seq: conversation!.lastSeq,
      senderType: sender.type,
      senderId: sender.id,
      senderName: sender.name,
      content: input.content,
      messageType: input.messageType,
      attachments: input.attachments,
      clientMessageId: input.clientMessageId ?? null,
      isPrivate,
      metadata: input.metadata ?? {},
      createdAt: now,
    })
    .returning();

  // A reopened chat is live again: it counts towards its agent's active chats.
  if (conversation!.status !== previousStatus) await refreshActiveChats(tx, [conversation!.agentId]);
  if (sender.type === 'agent' && !isPrivate) {
    const agentIds = firstResponse && locked.agentId && sender.id === locked.agentId ? [locked.agentId] : [];
    await firstResponseEffects(tx, [{ conversationId: locked.id, at: now }], agentIds);
  }
  return { message: message!, conversation: conversation!, previousStatus, created: true, snoozeChanged };
}

/**
 * What an agent reply sets besides the message: a ticket's first response is the first agent reply in its
 * thread after the ticket was opened; an agent's average response time counts their conversations' first replies.
 */
export async function firstResponseEffects(
  tx: Tx,
  replies: { conversationId: string; at: Date }[],
  agentIds: string[],
) {
  await ticketsFirstResponse(tx, replies);
  await refreshResponseTime(tx, agentIds);
}

/**
 * The tickets' half of firstResponseEffects: one statement, issued before this returns (the writer pipelines it
 * with the batch's other writes and COMMIT). One JSON parameter, not a list of rows: one statement text whatever the
 * batch, prepared once per connection.
 */
export function ticketsFirstResponse(tx: Tx, replies: { conversationId: string; at: Date }[]): Promise<unknown> {
  if (!replies.length) return Promise.resolve();
  const rows = replies.map((r) => ({ cid: r.conversationId, at: r.at }));
  return tx.execute(sql`update ${tickets} as t set first_response_at = v.at, updated_at = v.at
    from ${recordset(rows)} as v(cid uuid, at timestamptz)
    where t.conversation_id = v.cid and t.first_response_at is null and t.created_at <= v.at`);
}

/** What newly stored messages owe the integrations (alerts, emails, webhooks), in the transaction that stored them. */
export async function afterAppend(
  integrations: Pick<IntegrationsPort, 'afterMessages'>,
  tx: Tx,
  results: (AppendResult | undefined)[],
  now: Date,
) {
  const created = results.filter((r): r is AppendResult => r?.created === true);
  if (!created.length) return;
  await integrations.afterMessages(
    tx,
    created.map((r) => ({ conversation: r.conversation, message: r.message, dto: toMessageDto(r.message) })),
    now,
  );
}
