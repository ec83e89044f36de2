// CSAT: the customer rates a resolved (or closed) conversation 1-5 with an optional comment; rating again
// replaces the earlier one. Agents read it; analytics averages it; the agent's average_rating follows it.
import { firstOrThrow } from '../../db/rows.js';
import { eq } from 'drizzle-orm';
import type { ConversationRating } from '@support-chat/protocol';
import { conversationRatings } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { Caller } from '../../identity/caller.js';
import { iso } from '../../lib/time.js';
import { assertCanSee } from './service.js';
import { refreshAverageRating } from '../agents/counters.js';

const toDto = (r: typeof conversationRatings.$inferSelect): ConversationRating => ({
  conversationId: r.conversationId,
  rating: r.rating,
  comment: r.comment,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

export async function rateConversation(
  deps: Pick<Deps, 'db' | 'clock' | 'integrations'>,
  caller: Caller,
  id: string,
  body: { rating: number; comment?: string },
) {
  if (caller.kind !== 'visitor') throw new AppError('FORBIDDEN', 'Only the customer rates a conversation');
  const conversation = await assertCanSee(deps, caller, id);
  if (conversation.status !== 'resolved' && conversation.status !== 'closed') {
    throw new AppError('NOT_RESOLVED_YET', 'A conversation can be rated once it is resolved');
  }
  const now = deps.clock.now();
  const comment = body.comment?.trim() ? body.comment.trim() : null;
  const row = await deps.db.transaction(async (tx) => {
    const row = firstOrThrow(
      await tx
        .insert(conversationRatings)
        .values({ conversationId: id, rating: body.rating, comment, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: conversationRatings.conversationId,
          set: { rating: body.rating, comment, updatedAt: now },
        })
        .returning(),
      'rating',
    );
    // The agent's average moves with the rating, in the same transaction.
    await refreshAverageRating(tx, [conversation.agentId]);
    await deps.integrations.emit(
      tx,
      [{ type: 'rating.created', conversationId: id, data: { rating: toDto(row), agentId: conversation.agentId } }],
      now,
    );
    return row;
  });
  return toDto(row);
}

export async function getRating(deps: Pick<Deps, 'db'>, caller: Caller, id: string) {
  await assertCanSee(deps, caller, id);
  const [row] = await deps.db
    .select()
    .from(conversationRatings)
    .where(eq(conversationRatings.conversationId, id))
    .limit(1);
  return row ? toDto(row) : null;
}
