import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { deliveryChannels, deliveryStatuses } from '@support-chat/protocol';
import { createdAt, id, inList, tstz } from './columns.js';
import { webhooks } from './webhooks.js';

/** Email through SMTP; SMS through Twilio's Messages API; the CRM's REST API; webhooks. */
export const notificationChannels = deliveryChannels;

/**
 * The outbox: every outgoing notification is a row, written in the same transaction as its cause and delivered by the
 * dispatcher with retries, so a crash loses nothing and N nodes never send one twice (rows are claimed SKIP LOCKED).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    channel: text('channel', { enum: notificationChannels }).notNull(),
    recipient: text('recipient').notNull(),
    /** Email only (an SMS has none: ''). */
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** The same request twice (a double click, a retry) stores one notification. */
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    /** What it is for (transcript, agent_unread, customer_reply, summary, sla, crm_sync, webhook event…). */
    kind: text('kind').notNull().default('notice'),
    /** The conversation it is about, if any: email threading and "still unread?" checks read it. */
    conversationId: uuid('conversation_id'),
    /**
     * What the channel needs besides the body: email headers (messageId, inReplyTo, references, replyTo), the HTTP
     * target of a CRM call, the first unread seq of an agent alert.
     */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    webhookId: uuid('webhook_id').references(() => webhooks.id, { onDelete: 'cascade' }),
    /** The HTTP status of the last answer, or an SMTP refusal's reply code. */
    responseStatus: integer('response_status'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_idempotency_idx').on(t.idempotencyKey),
    index('notifications_due_idx').on(t.status, t.nextAttemptAt),
    index('notifications_webhook_idx').on(t.webhookId, t.createdAt),
    index('notifications_conversation_idx').on(t.conversationId, t.kind).where(sql`${t.status} = 'pending'`),
    check('notifications_status_check', sql`${t.status} in (${inList(deliveryStatuses)})`),
    check('notifications_channel_check', sql`${t.channel} in (${inList(notificationChannels)})`),
  ],
);
