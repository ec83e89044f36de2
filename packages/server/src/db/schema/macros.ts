import { index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import type { MacroAction } from '@support-chat/protocol';
import { createdAt, id, updatedAt } from './columns.js';
import { users } from './users.js';

/** Macros: a named list of steps an agent runs on a conversation in one go. owner_id null: shared with every agent. */
export const macros = pgTable(
  'macros',
  {
    id: id(),
    name: text('name').notNull(),
    actions: jsonb('actions').$type<MacroAction[]>().notNull(),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('macros_owner_idx').on(t.ownerId)],
);
