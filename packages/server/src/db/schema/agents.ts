import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { agentStatuses } from '@support-chat/protocol';
import { createdAt, id, inList, textArray, tstz, updatedAt } from './columns.js';
import { teams } from './teams.js';
import { users } from './users.js';

export const agents = pgTable(
  'agents',
  {
    id: id(),
    /** The agent's login (users.agent_id points back). */
    userId: uuid('user_id')
      .notNull()
      .references((): AnyPgColumn => users.id),
    name: text('name').notNull(),
    email: text('email').notNull(),
    avatarUrl: text('avatar_url'),
    /** E.164; texted for their high and urgent tickets and SLA warnings. */
    phone: text('phone'),
    status: text('status', { enum: agentStatuses }).notNull().default('offline'),
    /** The primary team (the first joined unless chosen); team_members holds every membership. */
    teamId: uuid('team_id').references((): AnyPgColumn => teams.id, { onDelete: 'set null' }),
    /** Kept by triggers from team_id and renames of the team. */
    teamName: text('team_name'),
    skills: textArray('skills'),
    maxConcurrentChats: integer('max_concurrent_chats').notNull().default(5),
    activeChats: integer('active_chats').notNull().default(0),
    totalChats: integer('total_chats').notNull().default(0),
    /** CSAT: mean of the ratings on the agent's conversations, 0 until the first one. */
    averageRating: numeric('average_rating', { mode: 'number' }).notNull().default(0),
    /** Whole seconds, averaged over the agent's first replies; 0 until the first one. */
    averageResponseTime: integer('average_response_time').notNull().default(0),
    /** Last meaningful action (a message, a status change…): idle agents go away from here. */
    lastActiveAt: tstz('last_active_at'),
    /** Last time a node saw one of the agent's sockets open: offline after a grace period without one. */
    lastSeenAt: tstz('last_seen_at'),
    lastAssignedAt: tstz('last_assigned_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('agents_email_idx').on(t.email),
    uniqueIndex('agents_user_idx').on(t.userId),
    check('agents_status_check', sql`${t.status} in (${inList(agentStatuses)})`),
    check('agents_max_concurrent_chats_check', sql`${t.maxConcurrentChats} > 0`),
    check('agents_active_chats_check', sql`${t.activeChats} >= 0`),
  ],
);
