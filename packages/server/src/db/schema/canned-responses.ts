import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, textArray, tstz, updatedAt } from './columns.js';
import { agents } from './agents.js';
import { teams } from './teams.js';
import { users } from './users.js';

/**
 * Saved replies. agent_id set: private to that agent; team_id set: shared with that team's members; neither: shared
 * with every agent. Deleting a team moves its replies (or is refused), so team_id never dangles.
 */
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
    teamId: uuid('team_id').references(() => teams.id),
    usageCount: integer('usage_count').notNull().default(0),
    lastUsedAt: tstz('last_used_at'),
    /** The user (agent or admin) who wrote it. */
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('canned_responses_agent_idx').on(t.agentId),
    index('canned_responses_team_idx').on(t.teamId),
    check('canned_responses_one_scope_check', sql`${t.agentId} is null or ${t.teamId} is null`),
    // A shortcut is unique in its scope: among shared responses (every agent's and teams', so a shortcut never means
    // two replies to one agent), and among each agent's own.
    uniqueIndex('canned_responses_shared_shortcut_idx').on(t.shortcut).where(sql`${t.agentId} is null`),
    uniqueIndex('canned_responses_agent_shortcut_idx').on(t.agentId, t.shortcut).where(sql`${t.agentId} is not null`),
  ],
);
