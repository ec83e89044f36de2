import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { priorities, slaTargets, ticketStatuses } from '@support-chat/protocol';
import { createdAt, id, inList, textArray, tstz, updatedAt } from './columns.js';
import { agents } from './agents.js';
import { conversations } from './conversations.js';
import { teams } from './teams.js';

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    /** Every ticket has a message thread: the chat it came from, or a new email-channel conversation. */
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    customerId: text('customer_id').notNull(),
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email'),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: ticketStatuses }).notNull().default('open'),
    priority: text('priority', { enum: priorities }).notNull().default('medium'),
    category: text('category'),
    tags: textArray('tags'),
    assignedAgentId: uuid('assigned_agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** Kept by triggers from assigned_agent_id / assigned_team_id and renames of the agent or team. */
    assignedAgentName: text('assigned_agent_name'),
    assignedTeamId: uuid('assigned_team_id').references(() => teams.id, { onDelete: 'set null' }),
    assignedTeamName: text('assigned_team_name'),
    /** When the ticket is due to be resolved (the seed's SLA due date, from SLA_CONFIG's hours per priority). */
    slaDueAt: tstz('sla_due_at').notNull(),
    /** When its first answer from an agent is due. */
    firstResponseDueAt: tstz('first_response_due_at').notNull(),
    /** When the SLA clock stopped (waiting on the customer, with a policy that pauses then); null while it runs. */
    slaPausedAt: tstz('sla_paused_at'),
    /** Time the clock has stood still in earlier pauses (open time, when it follows business hours): due moves by it. */
    slaPausedSeconds: integer('sla_paused_seconds').notNull().default(0),
    /** What the SLA watcher has done, per target (each at most once: its marks make it idempotent). */
    firstResponseWarnedAt: tstz('first_response_warned_at'),
    firstResponseBreachedAt: tstz('first_response_breached_at'),
    resolutionWarnedAt: tstz('resolution_warned_at'),
    resolutionBreachedAt: tstz('resolution_breached_at'),
    /** The first target missed, and when (the seed's SLA tracking; analytics counts breaches by it). */
    slaBreachedAt: tstz('sla_breached_at'),
    slaBreachedTarget: text('sla_breached_target', { enum: slaTargets }),
    firstResponseAt: tstz('first_response_at'),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when an agent merged this ticket into another: it is closed and its thread lives on there. */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => tickets.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tickets_status_check', sql`${t.status} in (${inList(ticketStatuses)})`),
    check('tickets_priority_check', sql`${t.priority} in (${inList(priorities)})`),
    index('tickets_status_created_idx').on(t.status, t.createdAt),
    index('tickets_conversation_idx').on(t.conversationId),
    index('tickets_customer_idx').on(t.customerId),
    index('tickets_assigned_agent_idx').on(t.assignedAgentId),
    index('tickets_assigned_team_idx').on(t.assignedTeamId),
    check('tickets_sla_breached_target_check', sql`${t.slaBreachedTarget} in (${inList(slaTargets)})`),
    // The watcher's two searches: unfinished tickets by each due time.
    index('tickets_open_first_response_due_idx')
      .on(t.firstResponseDueAt)
      .where(sql`${t.status} not in ('resolved', 'closed')`),
    index('tickets_open_sla_due_idx').on(t.slaDueAt).where(sql`${t.status} not in ('resolved', 'closed')`),
  ],
);
