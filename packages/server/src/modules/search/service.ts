// Full-text search for agents: message content, the customer's name and email, the subject and tags of a
// conversation, and the subjects of its tickets. PostgreSQL text search ('simple', prefix terms) on both
// drivers; filters are typed and every value is a bound parameter.
import type { z } from 'zod';
import type { SearchHit, SearchQuery } from '@support-chat/protocol';
import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { conversations, messageSearch, messages, tickets } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { toConversationDto, toMessageDto } from '../chat/dto.js';
import { conversationFilters } from '../chat/filters.js';
import { searchDocument, tsquery } from '../../db/text-search.js';

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type SearchInput = z.output<typeof SearchQuery>;

const vector = (s: SQL) => sql`to_tsvector('simple', ${s})`;

export async function search(deps: Pick<Deps, 'db'>, input: SearchInput) {
  const query = tsquery(input.q);
  const inCustomer = sql<boolean>`${vector(sql`coalesce(${conversations.customerName}, '') || ' ' || coalesce(${conversations.customerEmail}, '')`)} @@ ${query}`;
  const inSubject = sql<boolean>`${vector(sql`coalesce(${conversations.subject}, '')`)} @@ ${query}`;
  const inTag = sql<boolean>`${vector(sql`array_to_string(${conversations.tags}, ' ')`)} @@ ${query}`;
  // Spelled out: in a select list drizzle drops table names from columns, which inside a subquery would
  // silently bind "id" to the ticket's own.
  const inTicket = sql<boolean>`exists (select 1 from ${tickets} where ${sql.raw('"tickets"."conversation_id" = "conversations"."id"')}
    and to_tsvector('simple', ${sql.raw('"tickets"."subject"')}) @@ ${query})`;
  // A semi-join the planner can drive from the GIN index on message_search's documents.
  const inMessages = sql<boolean>`${conversations.id} in (select s.conversation_id from ${messageSearch} s where ${searchDocument('s')} @@ ${query})`;

  const where = and(
    sql`(${inMessages} or ${inCustomer} or ${inSubject} or ${inTag} or ${inTicket})`,
    conversationFilters(input),
    // `tag` came first and stays: the same as `label`.
    input.tag ? sql`${conversations.tags} @> array[${input.tag}]::text[]` : undefined,
  );
  const bestMessageRank = sql<number>`coalesce((select max(ts_rank(${searchDocument('s')}, ${query})) from ${messageSearch} s
    where s.conversation_id = ${conversations.id} and ${searchDocument('s')} @@ ${query}), 0)`;
  // Who the customer is and what the chat is about outrank a word somewhere in the thread.
  const rank = sql<number>`(${bestMessageRank} + case when ${inCustomer} then 1 else 0 end
    + case when ${inSubject} then 0.8 else 0 end + case when ${inTicket} then 0.6 else 0 end
    + case when ${inTag} then 0.5 else 0 end)::float8`;

  const [rows, [total]] = await Promise.all([
    deps.db
      .select({ conversation: conversations, rank, inCustomer, inSubject, inTag, inTicket })
      .from(conversations)
      .where(where)
      .orderBy(
        desc(rank),
        desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`),
        desc(conversations.id),
      )
      .limit(input.limit)
      .offset(input.offset),
    deps.db.select({ n: count() }).from(conversations).where(where),
  ]);

  // The best message of each hit, in one query: the highest-ranked match, the newest on a tie.
  const ids = rows.map((r) => r.conversation.id);
  const best = ids.length
    ? (
        await deps.db
          .selectDistinctOn([messageSearch.conversationId], { message: messages })
          .from(messageSearch)
          .innerJoin(messages, eq(messages.id, messageSearch.messageId))
          .where(and(inArray(messageSearch.conversationId, ids), sql`${messageSearch.document} @@ ${query}`))
          .orderBy(
            messageSearch.conversationId,
            desc(sql`ts_rank(${messageSearch.document}, ${query})`),
            desc(messages.seq),
          )
      ).map((r) => r.message)
    : [];
  const bestBy = new Map(best.map((m) => [m.conversationId, m]));

  const results: SearchHit[] = rows.map((r) => {
    const message = bestBy.get(r.conversation.id);
    const matchedIn: SearchHit['matchedIn'] = [];
    if (message) matchedIn.push('message');
    if (r.inCustomer) matchedIn.push('customer');
    if (r.inSubject) matchedIn.push('subject');
    if (r.inTag) matchedIn.push('tag');
    if (r.inTicket) matchedIn.push('ticket');
    return {
      conversation: toConversationDto(r.conversation),
      matchedIn,
      message: message ? toMessageDto(message) : null,
      rank: Math.round(Number(r.rank) * 1e6) / 1e6,
    };
  });
  return { results, total: total?.n ?? 0 };
}
