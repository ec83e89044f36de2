// The conversation list's filters as SQL, written once: the list and full-text search both narrow by them.
import type { z } from 'zod';
import type { ConversationFilters } from '@support-chat/protocol';
import { and, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { conversations } from '../../db/schema/index.js';

export function conversationFilters(q: z.output<typeof ConversationFilters>) {
  return and(
    q.status ? eq(conversations.status, q.status) : undefined,
    q.channel ? eq(conversations.channel, q.channel) : undefined,
    q.agentId ? eq(conversations.agentId, q.agentId) : undefined,
    q.unassigned === true ? isNull(conversations.agentId) : undefined,
    q.unassigned === false ? isNotNull(conversations.agentId) : undefined,
    q.customerId ? eq(conversations.customerId, q.customerId) : undefined,
    q.teamId ? eq(conversations.teamId, q.teamId) : undefined,
    q.priority ? eq(conversations.priority, q.priority) : undefined,
    q.snoozed === true ? isNotNull(conversations.snoozedAt) : undefined,
    q.snoozed === false ? isNull(conversations.snoozedAt) : undefined,
    // Containment, so the GIN index on tags answers it.
    q.label ? sql`${conversations.tags} @> array[${q.label}]::text[]` : undefined,
    q.from ? gte(conversations.createdAt, new Date(q.from)) : undefined,
    q.to ? lt(conversations.createdAt, new Date(q.to)) : undefined,
  );
}
