import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.js';
import { conversations } from './conversations.js';

/** Uploaded files. The bytes live under DATA_DIR by a generated key; the original name is only data. */
export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    uploaderType: text('uploader_type', { enum: ['customer', 'agent'] }).notNull(),
    uploaderId: text('uploader_id'),
    originalName: text('original_name').notNull(),
    /** Decided by the file's own bytes, never by the client's Content-Type. */
    mimeType: text('mime_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('attachments_conversation_idx').on(t.conversationId),
    check('attachments_uploader_type_check', sql`${t.uploaderType} in ('customer', 'agent')`),
  ],
);
