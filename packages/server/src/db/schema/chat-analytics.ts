import { date, index, integer, pgTable, real, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { agents } from './agents.js';

/** Daily roll-ups per agent (agent_id null = everyone), filled by the analytics job. */
export const chatAnalytics = pgTable(
  'chat_analytics',
  {
    id: id(),
    date: date('date').notNull(),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    totalConversations: integer('total_conversations').notNull().default(0),
    resolvedConversations: integer('resolved_conversations').notNull().default(0),
    messagesSent: integer('messages_sent').notNull().default(0),
    avgFirstResponseSeconds: real('avg_first_response_seconds'),
    avgResolutionSeconds: real('avg_resolution_seconds'),
    customerSatisfaction: real('customer_satisfaction'),
    createdAt: createdAt(),
  },
  (t) => [index('chat_analytics_date_idx').on(t.date, t.agentId)],
);
