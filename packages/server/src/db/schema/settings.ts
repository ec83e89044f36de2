import { jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { updatedAt } from './columns.js';
import { users } from './users.js';

/**
 * Team-wide settings an admin changes from the console (the SLA policy, …), one row per key. Environment values are
 * only the first-start defaults: once a key has a row, the row wins, on every node.
 */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: updatedAt(),
});
