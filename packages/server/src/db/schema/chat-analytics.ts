import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { channels } from '@support-chat/protocol';
import { createdAt, id, inList, tstz } from './columns.js';
import { agents } from './agents.js';
import { sites } from './sites.js';
import { teams } from './teams.js';

/**
 * Daily roll-ups, the seed's columns, one row per day × site × team × agent × channel that saw activity (a null
 * agent or team: none). Sums and counts live in `metadata` (see modules/analytics/totals.ts) so that any range,
 * filter or grouping adds rows and divides once — averages of averages are never taken. The seed's average
 * columns are those divisions for the row. Written by the roll-up job, which recomputes whole days.
 */
export const chatAnalytics = pgTable(
  'chat_analytics',
  {
    id: id(),
    date: date('date').notNull(),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    // A deleted team or agent keeps its history under "no team" / "no agent" rather than losing it.
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: channels }),
    totalConversations: integer('total_conversations').notNull().default(0),
    totalMessages: integer('total_messages').notNull().default(0),
    /** Whole seconds. */
    averageResponseTime: integer('average_response_time').notNull().default(0),
    averageResolutionTime: integer('average_resolution_time').notNull().default(0),
    customerSatisfactionScore: numeric('customer_satisfaction_score', { mode: 'number' }),
    firstContactResolutionRate: numeric('first_contact_resolution_rate', { mode: 'number' }).notNull().default(0),
    metadata: jsonb('metadata').$type<Record<string, number>>().notNull().default({}),
    /** Common issues opened that day (`tag:billing`, `category:Billing`, `term:refund` → count), kept apart from the
     * totals so that reading figures never carries them. */
    issues: jsonb('issues').$type<Record<string, number>>().notNull().default({}),
    resolvedConversations: integer('resolved_conversations').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('chat_analytics_date_idx').on(t.date, t.agentId),
    check('chat_analytics_channel_check', sql`${t.channel} is null or ${t.channel} in (${inList(channels)})`),
  ],
);

/** Which days the roll-up job has written, in which time zone, and when: reports read only those days from it. */
export const chatAnalyticsDays = pgTable('chat_analytics_days', {
  date: date('date').primaryKey(),
  timeZone: text('time_zone').notNull(),
  computedAt: tstz('computed_at').notNull(),
});
