import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';
import { sites } from './sites.js';
import { users } from './users.js';

/**
 * What the team edited about a customer (one per site and customer id); absent until someone does. Name and email
 * also live on each conversation (the seed's fields): an edit rewrites them there too.
 */
export const contacts = pgTable(
  'contacts',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('contacts_site_customer_idx').on(t.siteId, t.customerId)],
);

/** Notes about a customer, newest last; staff only. */
export const contactNotes = pgTable(
  'contact_notes',
  {
    id: id(),
    siteId: uuid('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    customerId: text('customer_id').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    authorName: text('author_name').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('contact_notes_customer_idx').on(t.siteId, t.customerId, t.createdAt)],
);
