import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, textArray, updatedAt } from './columns.js';
import { agents } from './agents.js';
import { users } from './users.js';

/** Saved replies; agent_id null means shared with every agent, otherwise private to that agent. */
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
    /** The user (agent or admin) who wrote it. */
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('canned_responses_agent_idx').on(t.agentId),
    // A shortcut is unique in its scope: among shared responses, and among each agent's own.
    uniqueIndex('canned_responses_shared_shortcut_idx').on(t.shortcut).where(sql`${t.agentId} is null`),
    uniqueIndex('canned_responses_agent_shortcut_idx').on(t.agentId, t.shortcut).where(sql`${t.agentId} is not null`),
  ],
);
