import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, textArray, updatedAt } from './columns.js';
import { agents } from './agents.js';

export const teams = pgTable(
  'teams',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    /** auto: the router assigns this team's chats; manual: agents pick them from the queue. */
    assignmentMode: text('assignment_mode', { enum: ['auto', 'manual'] })
      .notNull()
      .default('auto'),
    /** Skills this team's chats ask for when the routing rule that sent them names none. */
    defaultSkills: textArray('default_skills'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('teams_name_idx').on(t.name),
    check('teams_assignment_mode_check', sql`${t.assignmentMode} in ('auto', 'manual')`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.agentId] })],
);
