import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { conversations } from './conversations.js';

/** CSAT: one rating (1-5, optional comment) per conversation, given by its customer after it is resolved. */
export const conversationRatings = pgTable(
  'conversation_ratings',
  {
    id: id(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversation_ratings_conversation_idx').on(t.conversationId),
    index('conversation_ratings_created_idx').on(t.createdAt),
    check('conversation_ratings_rating_check', sql`${t.rating} between 1 and 5`),
  ],
);
