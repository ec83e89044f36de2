import { reactionEmojis, type Conversation, type Message } from '@support-chat/protocol';
import type { Caller } from '../../identity/caller.js';
import type { conversations, messages } from '../../db/schema/index.js';
import { iso, isoOrNull } from '../../lib/time.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;

export const toConversationDto = (c: ConversationRow): Conversation => ({
  id: c.id,
  siteId: c.siteId,
  customerId: c.customerId,
  customerName: c.customerName,
  customerEmail: c.customerEmail,
  customerVerified: c.customerVerified,
  agentId: c.agentId,
  agentName: c.agentName,
  teamId: c.teamId,
  status: c.status,
  channel: c.channel,
  subject: c.subject,
  priority: c.priority,
  tags: c.tags,
  metadata: c.metadata,
  requiredSkills: c.requiredSkills,
  routingRuleId: c.routingRuleId,
  queuedAt: isoOrNull(c.queuedAt),
  queuedSeconds: c.queuedSeconds,
  lastSeq: c.lastSeq,
  startedAt: iso(c.startedAt),
  lastMessageAt: isoOrNull(c.lastMessageAt),
  firstResponseAt: isoOrNull(c.firstResponseAt),
  assignedAt: isoOrNull(c.assignedAt),
  resolvedAt: isoOrNull(c.resolvedAt),
  closedAt: isoOrNull(c.closedAt),
  snoozedAt: isoOrNull(c.snoozedAt),
  snoozedUntil: isoOrNull(c.snoozedUntil),
  unsnoozedAt: isoOrNull(c.unsnoozedAt),
  mergedIntoId: c.mergedIntoId,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

/** A conversation leaving the queue (taken, or ended): its wait since it was queued joins its time in queue. */
export function leftQueue(c: ConversationRow, now: Date): { queuedSeconds?: number } {
  if (c.status !== 'queued' || !c.queuedAt) return {};
  return { queuedSeconds: c.queuedSeconds + Math.max(0, Math.round((now.getTime() - c.queuedAt.getTime()) / 1000)) };
}

export const toMessageDto = (m: MessageRow): Message => ({
  id: m.id,
  conversationId: m.conversationId,
  seq: m.seq,
  senderType: m.senderType,
  senderId: m.senderId,
  senderName: m.senderName,
  content: m.content,
  messageType: m.messageType,
  attachments: m.attachments,
  clientMessageId: m.clientMessageId,
  isPrivate: m.isPrivate,
  readAt: isoOrNull(m.readAt),
  metadata: m.metadata,
  ...reactionsOf(m.reactions),
  createdAt: iso(m.createdAt),
});

/** A message's reactions in the set's order, only when it has some (most never do: their payload stays as it was). */
export function reactionsOf(stored: Record<string, string[]>): Pick<Message, 'reactions'> {
  const reactions = reactionEmojis
    .filter((emoji) => stored[emoji]?.length)
    .map((emoji) => ({ emoji, by: stored[emoji]! }));
  return reactions.length ? { reactions } : {};
}

/**
 * What a caller may see of a conversation: staff see it all; a visitor never sees staff labels, skills, routing or
 * that an agent has snoozed the chat.
 */
export function conversationFor(caller: Caller | null, c: Conversation): Conversation {
  if (caller?.kind === 'user') return c;
  const {
    tags: _tags,
    requiredSkills: _skills,
    routingRuleId: _rule,
    snoozedAt: _snoozedAt,
    snoozedUntil: _snoozedUntil,
    unsnoozedAt: _unsnoozedAt,
    ...visible
  } = c;
  return visible;
}
