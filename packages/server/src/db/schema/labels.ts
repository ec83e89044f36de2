import { sql } from 'drizzle-orm';
import { pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { users } from './users.js';

/**
 * The label catalogue admins keep: a name (the tag conversations and tickets carry) and the colour consoles show it
 * in. Names are unique whatever their case, so "Billing" and "billing" never split one label in two.
 */
export const labels = pgTable(
  'labels',
  {
    id: id(),
    name: text('name').notNull(),
    color: text('color').notNull(),
    description: text('description'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('labels_name_idx').on(sql`lower(${t.name})`)],
);

/** An agent's named list filters (the console's query string), private to the user who saved them. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: text('query').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('saved_views_user_name_idx').on(t.userId, t.name)],
);
