import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { messageTypes, senderTypes, type Attachment } from '@support-chat/protocol';
import { createdAt, id, inList, tstz } from './columns.js';
import { conversations } from './conversations.js';

export const messages = pgTable(
  'messages',
  {
    id: id(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    /** Monotonic per conversation, from 1: the order every client sees and resumes from. */
    seq: integer('seq').notNull(),
    senderType: text('sender_type', { enum: senderTypes }).notNull(),
    /** System messages are sent by 'system' / 'System'. */
    senderId: text('sender_id').notNull(),
    senderName: text('sender_name').notNull(),
    content: text('content').notNull(),
    messageType: text('message_type', { enum: messageTypes }).notNull().default('text'),
    attachments: jsonb('attachments').$type<Attachment[]>().notNull().default([]),
    clientMessageId: text('client_message_id'),
    /** A private note between agents: never delivered to the customer (REST, socket, transcript). */
    isPrivate: boolean('is_private').notNull().default(false),
    readAt: tstz('read_at'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    /** Emoji → who reacted ('customer', or an agent's id). Empty for nearly every message: never written on insert. */
    reactions: jsonb('reactions').$type<Record<string, string[]>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_idx').on(t.conversationId, t.seq),
    // A retry key belongs to its sender: another sender reusing it writes a new message (SECURITY.md item 18).
    uniqueIndex('messages_client_message_id_idx').on(t.conversationId, t.senderType, t.senderId, t.clientMessageId),
    // Agents' replies by time (today's counts per agent): partial, so customers' messages pay nothing for it.
    // Today's activity per agent and analytics' daily message counts both read messages by time.
    index('messages_created_idx').on(t.createdAt),
    check('messages_sender_type_check', sql`${t.senderType} in (${inList(senderTypes)})`),
    check('messages_message_type_check', sql`${t.messageType} in (${inList(messageTypes)})`),
  ],
);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Full-text search over message content ('simple': no stemming, so names, codes and any language match), kept apart
 * from `messages` so that sending never pays for the GIN index: modules/search/indexer.ts fills it within moments
 * of the commit, in batches (docs/decisions.md, "Search off the commit path").
 */
export const messageSearch = pgTable(
  'message_search',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id').notNull(),
    /** The message's own time: how far the indexer's sweep has looked. */
    createdAt: tstz('created_at').notNull(),
    document: tsvector('document').notNull(),
  },
  (t) => [
    index('message_search_document_idx').using('gin', t.document),
    index('message_search_conversation_idx').on(t.conversationId),
    index('message_search_created_idx').on(t.createdAt),
  ],
);
