import { sql } from 'drizzle-orm';
import { check, integer, pgTable, real, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { agentStatuses } from '@support-chat/protocol';
import { createdAt, id, inList, textArray, tstz, updatedAt } from './columns.js';

export const agents = pgTable(
  'agents',
  {
    id: id(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    avatarUrl: text('avatar_url'),
    status: text('status', { enum: agentStatuses }).notNull().default('offline'),
    skills: textArray('skills'),
    maxConcurrentChats: integer('max_concurrent_chats').notNull().default(5),
    activeChats: integer('active_chats').notNull().default(0),
    totalChats: integer('total_chats').notNull().default(0),
    /** Seconds, averaged over the agent's first replies. */
    averageResponseTime: real('average_response_time'),
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
    check('agents_status_check', sql`${t.status} in (${inList(agentStatuses)})`),
    check('agents_max_concurrent_chats_check', sql`${t.maxConcurrentChats} > 0`),
    check('agents_active_chats_check', sql`${t.activeChats} >= 0`),
  ],
);
