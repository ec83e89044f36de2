// Chat analytics computed live from conversations (the analytics issue adds roll-ups and charts).
import { and, avg, count, eq, gte, isNotNull, lte, sql, type AnyColumn } from 'drizzle-orm';
import { channels, conversationStatuses, type Channel, type ConversationStatus } from '@support-chat/protocol';
import { conversationRatings, conversations } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';

const seconds = (from: AnyColumn, to: AnyColumn) => avg(sql`extract(epoch from (${to} - ${from}))`).mapWith(Number);

export async function chatAnalytics(deps: Pick<Deps, 'db'>, q: { from?: string; to?: string }) {
  const range = and(
    q.from ? gte(conversations.createdAt, new Date(q.from)) : undefined,
    q.to ? lte(conversations.createdAt, new Date(q.to)) : undefined,
  );
  const [byStatusRows, byChannelRows, [firstResponse], [resolution], [csat]] = await Promise.all([
    deps.db
      .select({ key: conversations.status, n: count() })
      .from(conversations)
      .where(range)
      .groupBy(conversations.status),
    deps.db
      .select({ key: conversations.channel, n: count() })
      .from(conversations)
      .where(range)
      .groupBy(conversations.channel),
    deps.db
      .select({ s: seconds(conversations.createdAt, conversations.firstResponseAt) })
      .from(conversations)
      .where(and(range, isNotNull(conversations.firstResponseAt))),
    deps.db
      .select({ s: seconds(conversations.createdAt, conversations.resolvedAt) })
      .from(conversations)
      .where(and(range, isNotNull(conversations.resolvedAt))),
    deps.db
      .select({ avg: avg(conversationRatings.rating).mapWith(Number), n: count() })
      .from(conversationRatings)
      .innerJoin(conversations, eq(conversations.id, conversationRatings.conversationId))
      .where(range),
  ]);
  const byStatus = Object.fromEntries(conversationStatuses.map((s) => [s, 0])) as Record<ConversationStatus, number>;
  for (const r of byStatusRows) byStatus[r.key] = r.n;
  const byChannel = Object.fromEntries(channels.map((c) => [c, 0])) as Record<Channel, number>;
  for (const r of byChannelRows) byChannel[r.key] = r.n;
  const round = (n: number | null | undefined) =>
    n === null || n === undefined || Number.isNaN(n) ? null : Math.round(n * 10) / 10;
  return {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    byChannel,
    averageFirstResponseSeconds: round(firstResponse?.s),
    averageResolutionSeconds: round(resolution?.s),
    averageRating: csat && csat.n > 0 ? Math.round(csat.avg * 100) / 100 : null,
    ratings: csat?.n ?? 0,
    from: q.from ?? null,
    to: q.to ?? null,
  };
}
