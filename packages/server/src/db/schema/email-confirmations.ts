import { sql } from 'drizzle-orm';
import { check, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz } from './columns.js';
import { conversations } from './conversations.js';

/**
 * Single-use links that prove a visitor reads the address they gave before anything they wrote is mailed there
 * (otherwise "email me the transcript" relays attacker text to any inbox). Only the token's SHA-256 is stored.
 */
export const emailConfirmations = pgTable(
  'email_confirmations',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose', { enum: ['transcript'] }).notNull(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('email_confirmations_token_idx').on(t.tokenHash),
    check('email_confirmations_purpose_check', sql`${t.purpose} in ('transcript')`),
  ],
);
