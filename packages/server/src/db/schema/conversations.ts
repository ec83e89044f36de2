import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { channels, conversationStatuses, priorities } from '@support-chat/protocol';
import { createdAt, id, inList, textArray, tstz, updatedAt } from './columns.js';
import { agents } from './agents.js';
import { sites } from './sites.js';
import { teams } from './teams.js';

/**
 * From taking the chat to its end (open-ended while it goes on). greatest() keeps the range valid when an old row's
 * end is earlier than its (re)assignment.
 */
export const chatSpan = sql.raw(
  'tstzrange("assigned_at", case when "resolved_at" is null then null else greatest("resolved_at", "assigned_at") end)',
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id),
    /** The visitor principal (see sessions.visitor_id) that started it. */
    visitorId: uuid('visitor_id'),
    customerId: text('customer_id').notNull(),
    /** Never empty: anonymous visitors get a display name such as "Visitor 4821". */
    customerName: text('customer_name').notNull(),
    customerEmail: text('customer_email'),
    customerVerified: boolean('customer_verified').notNull().default(false),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    /** The agent's name, kept by a trigger as agent_id changes and as the agent is renamed. */
    agentName: text('agent_name'),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    status: text('status', { enum: conversationStatuses }).notNull().default('queued'),
    channel: text('channel', { enum: channels }).notNull().default('web'),
    subject: text('subject'),
    priority: text('priority', { enum: priorities }).notNull().default('medium'),
    tags: textArray('tags'),
    /** Skills the routing rule asks of the agent (dropped after a while if no one has them). */
    requiredSkills: textArray('required_skills'),
    routingRuleId: uuid('routing_rule_id'),
    /** When the conversation (last) entered the queue: waiting time and routing fallbacks count from here. */
    queuedAt: tstz('queued_at').defaultNow(),
    /** Waits in the queue that ended (an agent took it, or it ended without one), summed: time in queue. */
    queuedSeconds: integer('queued_seconds').notNull().default(0),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** The last message seq handed out; messages take last_seq + 1 under this row's lock. */
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessageAt: tstz('last_message_at'),
    startedAt: tstz('started_at').notNull().defaultNow(),
    firstResponseAt: tstz('first_response_at'),
    assignedAt: tstz('assigned_at'),
    resolvedAt: tstz('resolved_at'),
    closedAt: tstz('closed_at'),
    /** Set while an agent has put it aside; snoozed_until null means "until the customer writes". */
    snoozedAt: tstz('snoozed_at'),
    snoozedUntil: tstz('snoozed_until'),
    /** When a snooze last ended by itself: the console's "back" marker until the agent replies. */
    unsnoozedAt: tstz('unsnoozed_at'),
    /**
     * Set when an agent merged this conversation into another: its messages moved there and it is closed. Always the
     * final one (merging the target later moves this pointer on), so a reply or a returning visitor follows one hop.
     */
    mergedIntoId: uuid('merged_into_id').references((): AnyPgColumn => conversations.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('conversations_status_check', sql`${t.status} in (${inList(conversationStatuses)})`),
    check('conversations_channel_check', sql`${t.channel} in (${inList(channels)})`),
    check('conversations_priority_check', sql`${t.priority} in (${inList(priorities)})`),
    index('conversations_status_created_idx').on(t.status, t.createdAt),
    index('conversations_status_queued_idx').on(t.status, t.queuedAt),
    index('conversations_agent_status_idx').on(t.agentId, t.status),
    index('conversations_customer_idx').on(t.siteId, t.customerId),
    // "Conversations labelled X" is a containment (@>) search over the tags.
    index('conversations_tags_idx').using('gin', t.tags),
    index('conversations_visitor_idx').on(t.visitorId),
    // A visitor may read the conversations theirs were merged into: "which did mine go to" by visitor.
    index('conversations_merged_into_idx').on(t.visitorId, t.mergedIntoId).where(sql`${t.mergedIntoId} is not null`),
    // The snooze waker's "which snoozes are due": a handful of rows among all conversations.
    index('conversations_snoozed_until_idx').on(t.snoozedUntil).where(sql`${t.snoozedUntil} is not null`),
    // Analytics reads each event by when it happened: started, first replied, taken by an agent, ended.
    index('conversations_created_idx').on(t.createdAt),
    index('conversations_first_response_idx').on(t.firstResponseAt),
    index('conversations_assigned_idx').on(t.assignedAt),
    index('conversations_resolved_idx').on(t.resolvedAt),
    // The time an agent held the chat, as a range: "which chats were open during this day" is an overlap (&&) search.
    index('conversations_chat_span_idx')
      .using('gist', sql`${chatSpan}`)
      .where(sql`${t.agentId} is not null and ${t.assignedAt} is not null`),
    // One open conversation per visitor: parallel "start" calls cannot create a second one.
    uniqueIndex('conversations_one_open_per_visitor_idx')
      .on(t.visitorId)
      .where(sql`${t.status} in ('queued', 'active') and ${t.channel} = 'web'`),
  ],
);
