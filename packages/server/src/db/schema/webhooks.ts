import { boolean, pgTable, text } from 'drizzle-orm/pg-core';
import type { WebhookEvent } from '@support-chat/protocol';
import { createdAt, id, textArray, updatedAt } from './columns.js';

/** Admin-configured receivers of signed event deliveries (sent through the notifications outbox). */
export const webhooks = pgTable('webhooks', {
  id: id(),
  url: text('url').notNull(),
  description: text('description').notNull().default(''),
  /** HMAC-SHA256 key for the `X-Support-Chat-Signature` header; readable by the dispatcher, shown to admins once. */
  secret: text('secret').notNull(),
  events: textArray('events').$type<WebhookEvent[]>(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
