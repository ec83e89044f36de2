// The seed's `GET /api/chat/analytics`: conversations of the period by status and channel (as they stand now), the
// seed's averages, and every figure of the overview (reports.ts) for the same range and filters.
import { and, count, gte, lt } from 'drizzle-orm';
import { channels, conversationStatuses, type Channel, type ConversationStatus } from '@support-chat/protocol';
import { conversations } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { summaryFor } from './reports.js';
import { dimensionMatches, type Filters } from './totals.js';

/** Without a range: everything, from the first conversation to now. */
const EPOCH = new Date('2000-01-01T00:00:00Z');

export async function chatAnalytics(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'settings'>,
  q: { from?: string; to?: string },
  filters: Filters,
) {
  const from = q.from ? new Date(q.from) : EPOCH;
  const to = q.to ? new Date(q.to) : deps.clock.now();
  const where = and(gte(conversations.createdAt, from), lt(conversations.createdAt, to), ...dimensionMatches(filters));
  const [byStatusRows, byChannelRows, summary] = await Promise.all([
    deps.db
      .select({ key: conversations.status, n: count() })
      .from(conversations)
      .where(where)
      .groupBy(conversations.status),
    deps.db
      .select({ key: conversations.channel, n: count() })
      .from(conversations)
      .where(where)
      .groupBy(conversations.channel),
    summaryFor(deps, { from, to }, filters),
  ]);
  const byStatus = Object.fromEntries(conversationStatuses.map((s) => [s, 0])) as Record<ConversationStatus, number>;
  for (const r of byStatusRows) byStatus[r.key] = r.n;
  const byChannel = Object.fromEntries(channels.map((c) => [c, 0])) as Record<Channel, number>;
  for (const r of byChannelRows) byChannel[r.key] = r.n;
  return {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    byChannel,
    averageFirstResponseSeconds: summary.averageFirstResponseSeconds,
    averageResolutionSeconds: summary.averageResolutionSeconds,
    averageRating: summary.csat.average,
    ratings: summary.csat.ratings,
    from: q.from ?? null,
    to: q.to ?? null,
    summary,
  };
}
