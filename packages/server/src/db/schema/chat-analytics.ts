import { date, index, integer, jsonb, numeric, pgTable, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { agents } from './agents.js';
import { teams } from './teams.js';

/** Daily roll-ups per agent or team (both null = everyone), the seed's columns; the analytics job fills them. */
export const chatAnalytics = pgTable(
  'chat_analytics',
  {
    id: id(),
    date: date('date').notNull(),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    totalConversations: integer('total_conversations').notNull().default(0),
    totalMessages: integer('total_messages').notNull().default(0),
    /** Whole seconds. */
    averageResponseTime: integer('average_response_time').notNull().default(0),
    averageResolutionTime: integer('average_resolution_time').notNull().default(0),
    customerSatisfactionScore: numeric('customer_satisfaction_score', { mode: 'number' }),
    firstContactResolutionRate: numeric('first_contact_resolution_rate', { mode: 'number' }).notNull().default(0),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    resolvedConversations: integer('resolved_conversations').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('chat_analytics_date_idx').on(t.date, t.agentId)],
);
