import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import {
  apiKeyScopes,
  defaultNotificationSettings,
  userRoles,
  type NotificationSettings,
} from '@support-chat/protocol';
import { createdAt, id, inList, tstz, updatedAt } from './columns.js';
import { agents } from './agents.js';
import { sites } from './sites.js';

/** Login identities for agents and admins. Email is stored lower-cased. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: userRoles }).notNull().default('agent'),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'set null' }),
    disabled: boolean('disabled').notNull().default(false),
    /** What the console alerts this user about (protocol's NotificationSettings). */
    notifications: jsonb('notifications').$type<NotificationSettings>().notNull().default(defaultNotificationSettings),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_idx').on(t.email),
    check('users_role_check', sql`${t.role} in (${inList(userRoles)})`),
  ],
);

export const sessionKinds = ['user', 'visitor'] as const;

/**
 * Bearer/cookie sessions for both users and visitors. Only a SHA-256 of the token is stored,
 * so a database leak does not leak live sessions; revocation is a row update.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: id(),
    tokenHash: text('token_hash').notNull(),
    kind: text('kind', { enum: sessionKinds }).notNull(),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    siteId: uuid('site_id').references(() => sites.id, { onDelete: 'cascade' }),
    /** Visitors: the principal that owns conversations started with this token. */
    visitorId: uuid('visitor_id'),
    customerId: text('customer_id'),
    customerVerified: boolean('customer_verified').notNull().default(false),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    lastSeenAt: tstz('last_seen_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('sessions_token_hash_idx').on(t.tokenHash),
    index('sessions_user_idx').on(t.userId),
    check('sessions_kind_check', sql`${t.kind} in (${inList(sessionKinds)})`),
  ],
);

/** Server-to-server keys created by admins; shown once, stored hashed. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    /** What the key may do (protocol's apiKeyScopes). */
    scope: text('scope', { enum: apiKeyScopes }).notNull().default('admin'),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_idx').on(t.keyHash),
    check('api_keys_scope_check', sql`${t.scope} in (${inList(apiKeyScopes)})`),
  ],
);
