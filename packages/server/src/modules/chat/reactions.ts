// Reactions: a customer or an agent puts one of a small set of emoji on a message, or takes theirs back. Each is
// kept on the message (emoji → who) under the message row's lock, so two people reacting at once both count, and
// everyone following the conversation hears the message's reactions as they now are (`reaction`). System lines and
// private notes take none (a note is not the customer's to see, and its event would travel to them).
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { ReactBody } from '@support-chat/protocol';
import { messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../../identity/caller.js';
import { topics } from '../../bus/bus.js';
import { publishAll } from '../../bus/publish.js';
import { reactionsOf, toMessageDto } from './dto.js';
import { findConversation } from './service.js';

/** Who reacts, as stored: the conversation's customer is 'customer'; staff by agent (or user, for an admin) id. */
function actorOf(caller: Caller): string {
  if (caller.kind === 'visitor') return 'customer';
  const id = caller.agentId ?? caller.userId;
  if (!id) throw new AppError('FORBIDDEN', 'An API key cannot react to messages');
  return id;
}

export async function react(
  deps: Deps,
  caller: Caller,
  conversationId: string,
  messageId: string,
  body: z.output<typeof ReactBody>,
) {
  const actor = actorOf(caller);
  const message = await deps.db.transaction(async (tx) => {
    const conversation = await findConversation(tx, caller, conversationId);
    if (conversation.status === 'closed') throw new AppError('CONVERSATION_CLOSED', 'This conversation is closed');
    const [row] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
      .for('update');
    // A note is invisible to the customer: for them it does not exist.
    if (!row || (row.isPrivate && caller.kind === 'visitor'))
      throw new AppError('NOT_FOUND', 'No such message in this conversation');
    if (row.isPrivate || row.senderType === 'system')
      throw new AppError('FORBIDDEN', 'Notes and system lines take no reactions');
    const who = new Set(row.reactions[body.emoji] ?? []);
    if (body.on === who.has(actor)) return row;
    if (body.on) who.add(actor);
    else who.delete(actor);
    const { [body.emoji]: _, ...others } = row.reactions;
    const reactions = who.size ? { ...others, [body.emoji]: [...who] } : others;
    const [updated] = await tx.update(messages).set({ reactions }).where(eq(messages.id, row.id)).returning();
    return updated!;
  });
  await publishAll(deps, [
    {
      topic: topics.conversation(conversationId),
      event: {
        type: 'reaction',
        conversationId,
        timestamp: deps.clock.now().toISOString(),
        data: { messageId: message.id, seq: message.seq, reactions: reactionsOf(message.reactions).reactions ?? [] },
      },
    },
  ]);
  return toMessageDto(message);
}
