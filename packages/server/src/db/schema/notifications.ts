import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, inList, tstz } from './columns.js';

/** Email through SMTP; SMS through Twilio's Messages API. */
export const notificationChannels = ['email', 'sms'] as const;

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
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    sentAt: tstz('sent_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('notifications_idempotency_idx').on(t.idempotencyKey),
    index('notifications_due_idx').on(t.status, t.nextAttemptAt),
    check('notifications_status_check', sql`${t.status} in ('pending', 'sent', 'failed')`),
    check('notifications_channel_check', sql`${t.channel} in (${inList(notificationChannels)})`),
  ],
);
