import { boolean, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  defaultBusinessHours,
  defaultWidgetSettings,
  type BusinessHours,
  type WidgetSettings,
} from '@support-chat/protocol';
import { createdAt, id, textArray, tstz, updatedAt } from './columns.js';

/** A website that embeds the widget. The site key is public; the identity secret never leaves admins. */
export const sites = pgTable(
  'sites',
  {
    id: id(),
    name: text('name').notNull(),
    siteKey: text('site_key').notNull(),
    allowedOrigins: textArray('allowed_origins'),
    identitySecret: text('identity_secret').notNull(),
    /** When the secret was made: it is shown once, so admins tell secrets apart by this and its last characters. */
    identitySecretSetAt: tstz('identity_secret_set_at').notNull().defaultNow(),
    requireVerification: boolean('require_verification').notNull().default(false),
    isDefault: boolean('is_default').notNull().default(false),
    /** Appearance and offline behaviour, validated by protocol's WidgetSettings before it is written. */
    widget: jsonb('widget').$type<WidgetSettings>().notNull().default(defaultWidgetSettings),
    businessHours: jsonb('business_hours')
      .$type<BusinessHours>()
      .notNull()
      .default(defaultBusinessHours as unknown as BusinessHours),
    /** Email the customer a summary when a conversation is resolved. */
    emailSummaryOnResolve: boolean('email_summary_on_resolve').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('sites_site_key_idx').on(t.siteKey)],
);
