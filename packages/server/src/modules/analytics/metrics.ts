// The figures people read, each one division of totals (modules/analytics/totals.ts), defined in docs/analytics.md.
// Nothing here averages averages: sums are added first, divided once.
import type { Totals } from './totals.js';

/** Seconds to one decimal, or null when there is nothing to average. */
export const avgSeconds = (ms: number, n: number) => (n > 0 ? Math.round(ms / n / 100) / 10 : null);
/** A share between 0 and 1, to four decimals, or null with no denominator. */
export const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

export function summarize(t: Totals) {
  return {
    conversations: t.conversations,
    messages: t.messages,
    resolved: t.resolved,
    abandoned: t.abandoned,
    /** Of the chats that left the queue (an agent came, or the customer gave up), the share that gave up. */
    abandonRate: ratio(t.abandoned, t.abandoned + t.waits),
    firstResponses: t.firstResponses,
    averageFirstResponseSeconds: avgSeconds(t.firstResponseMs, t.firstResponses),
    replies: t.replies,
    averageReplySeconds: avgSeconds(t.replyMs, t.replies),
    averageResolutionSeconds: avgSeconds(t.resolutionMs, t.resolved),
    averageWaitSeconds: avgSeconds(t.waitMs, t.waits),
    averageAbandonedWaitSeconds: avgSeconds(t.abandonedWaitMs, t.abandoned),
    firstContactResolutionRate: ratio(t.firstContactResolved, t.resolved),
    messagesPerConversation: t.resolved > 0 ? Math.round((t.resolvedMessages / t.resolved) * 100) / 100 : null,
    csat: {
      average: t.ratings > 0 ? Math.round((t.ratingSum / t.ratings) * 100) / 100 : null,
      ratings: t.ratings,
      /** Ratings given ÷ conversations resolved in the range. */
      responseRate: ratio(t.ratings, t.resolved),
      distribution: { 1: t.rating1, 2: t.rating2, 3: t.rating3, 4: t.rating4, 5: t.rating5 },
    },
    /** Time agents spent in chats ÷ the chats they could have held while online or busy. */
    utilisation: ratio(t.chatMs, t.capacityMs),
    chatSeconds: Math.round(t.chatMs / 1000),
    capacitySeconds: Math.round(t.capacityMs / 1000),
  };
}
export type Summary = ReturnType<typeof summarize>;
