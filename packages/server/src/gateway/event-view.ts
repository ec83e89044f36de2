// What one caller receives of a conversation event, on a socket or a long-poll alike.
import type { Conversation, Message, ServerEvent, Ticket } from '@support-chat/protocol';
import type { Caller } from '../identity/caller.js';
import { conversationFor } from '../modules/chat/dto.js';
import { canSeeMessage } from '../modules/chat/service.js';
import { ticketFor } from '../modules/tickets/service.js';

/** A visitor's copy of an event: the conversation or ticket it carries, without the staff-only fields. */
export function eventFor(caller: Caller, event: ServerEvent): ServerEvent {
  if (caller.kind === 'user') return event;
  const data = event.data as { conversation?: Conversation; ticket?: Ticket };
  if (data.conversation)
    return { ...event, data: { ...data, conversation: conversationFor(caller, data.conversation) } } as ServerEvent;
  if (data.ticket) return { ...event, data: { ...data, ticket: ticketFor(caller, data.ticket) } } as ServerEvent;
  return event;
}

/** Your own typing is not news to you (on any of your tabs or polls). */
export const isOwnTyping = (event: ServerEvent, me: { userId: string; userType: string } | undefined) =>
  event.type === 'typing' && me !== undefined && me.userId === event.data.userId && me.userType === event.data.userType;

type MessageEvent = Extract<ServerEvent, { type: 'message' }>;

/**
 * Stored messages (in seq order) as the events a caller receives, and the seq the caller's cursor moves to. A private
 * note a visitor may not see still moves the cursor on, so it never looks like a gap to fill. Socket replays and
 * long-polls both go through here.
 */
export function replayed(caller: Caller, conversationId: string, batch: readonly Message[]) {
  const events: MessageEvent[] = batch
    .filter((m) => canSeeMessage(caller, m))
    .map((m) => ({ type: 'message', conversationId, data: m, timestamp: m.createdAt }));
  return { events, lastSeq: batch.at(-1)?.seq };
}
