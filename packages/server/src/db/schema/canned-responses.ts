import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, textArray, updatedAt } from './columns.js';
import { agents } from './agents.js';

/** Saved replies; agent_id null means shared with the whole team. The CRUD arrives with the console. */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: id(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    shortcut: text('shortcut'),
    category: text('category'),
    tags: textArray('tags'),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    usageCount: integer('usage_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('canned_responses_agent_idx').on(t.agentId)],
);
