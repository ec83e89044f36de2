// The agent row's counters (active_chats, average_rating, average_response_time), kept true inside
// the transaction that changes what they count. Each recount locks the agent row first (agents in id order, so two
// transactions cannot deadlock) and then counts in a new statement: under READ COMMITTED that statement sees every
// change committed before ours, so two parallel changes cannot both count from the same stale picture.
// total_chats is a plain increment on assignment (see routing/assign.ts), which the row lock serialises;
// last_active_at is written by presence (routing/presence.ts), batched, so replies do not each rewrite the row.
import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { agents, conversationRatings, conversations } from '../../db/schema/index.js';

/** A live chat the agent holds. Ticket threads (email channel) do not use chat capacity. */
export const activeChatOf = (agentId: string) =>
  and(eq(conversations.agentId, agentId), eq(conversations.status, 'active'), ne(conversations.channel, 'email'));

const lockedInOrder = async (tx: Tx, agentIds: (string | null | undefined)[]) => {
  const ids = [...new Set(agentIds.filter((x): x is string => typeof x === 'string'))].sort();
  for (const id of ids) await tx.select({ id: agents.id }).from(agents).where(eq(agents.id, id)).for('update');
  return ids;
};

/** active_chats recounted from the conversations themselves, so it cannot drift from them. */
export async function refreshActiveChats(tx: Tx, agentIds: (string | null | undefined)[]) {
  for (const id of await lockedInOrder(tx, agentIds)) {
    await tx
      .update(agents)
      .set({ activeChats: sql`(select count(*)::int from ${conversations} where ${activeChatOf(id)})` })
      .where(eq(agents.id, id));
  }
}

/** average_response_time: whole seconds from a conversation's start to its first reply, over the agent's chats. */
export async function refreshResponseTime(tx: Tx, agentIds: (string | null | undefined)[]) {
  for (const id of await lockedInOrder(tx, agentIds)) {
    await tx
      .update(agents)
      .set({
        averageResponseTime: sql`coalesce((select round(avg(extract(epoch from (${conversations.firstResponseAt} - ${conversations.startedAt}))))::int
        from ${conversations} where ${and(eq(conversations.agentId, id), isNotNull(conversations.firstResponseAt))}), 0)`,
      })
      .where(eq(agents.id, id));
  }
}

/** average_rating: the mean CSAT (two decimals) over the ratings of the agent's conversations, 0 without any. */
export async function refreshAverageRating(tx: Tx, agentIds: (string | null | undefined)[]) {
  for (const id of await lockedInOrder(tx, agentIds)) {
    await tx
      .update(agents)
      .set({
        averageRating: sql`coalesce((select round(avg(${conversationRatings.rating}), 2) from ${conversationRatings}
        join ${conversations} on ${conversations.id} = ${conversationRatings.conversationId}
        where ${conversations.agentId} = ${id}), 0)`,
      })
      .where(eq(agents.id, id));
  }
}
