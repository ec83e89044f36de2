import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, textArray, updatedAt } from './columns.js';

/** A website that embeds the widget. The site key is public; the identity secret never leaves admins. */
export const sites = pgTable(
  'sites',
  {
    id: id(),
    name: text('name').notNull(),
    siteKey: text('site_key').notNull(),
    allowedOrigins: textArray('allowed_origins'),
    identitySecret: text('identity_secret').notNull(),
    requireVerification: boolean('require_verification').notNull().default(false),
    isDefault: boolean('is_default').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('sites_site_key_idx').on(t.siteKey)],
);
