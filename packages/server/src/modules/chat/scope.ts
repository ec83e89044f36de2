// The WHERE clause that decides which conversations a caller may see. Every chat and ticket read that a
// visitor can reach goes through here: unverified visitors see only what their own token started;
// verified customers also see the conversations of the same verified customer id on the same site; either sees what
// an agent merged one of theirs into.
import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import { conversations } from '../../db/schema/index.js';
import type { Caller } from '../../identity/caller.js';
import { AppError } from '../../errors.js';

export function conversationScope(caller: Caller): SQL | undefined {
  if (caller.kind === 'user') return undefined;
  // What an agent merged one of theirs into is theirs to follow too (their messages are there now).
  const own = or(
    eq(conversations.visitorId, caller.visitorId),
    sql`exists (select 1 from ${conversations} as merged_from
      where merged_from.visitor_id = ${caller.visitorId} and merged_from.merged_into_id = ${conversations.id})`,
  );
  if (!caller.customerVerified) return own;
  return or(
    own,
    and(
      eq(conversations.siteId, caller.siteId),
      eq(conversations.customerId, caller.customerId),
      eq(conversations.customerVerified, true),
    ),
  );
}

/** Who moves a chat: an agent (or an admin, who may move any). */
export interface Mover {
  agentId: string | null;
  isAdmin: boolean;
}

/**
 * The one rule for moving a chat (assign, unassign, transfer, return, resolve, close), on PUT /api/chat/:id and
 * the routing endpoints alike: an agent moves only the chats they hold, and takes a waiting one only for
 * themselves; admins move any.
 */
export function assertMayMove(by: Mover, c: { agentId: string | null }, newAgentId?: string | null) {
  if (by.isAdmin) return;
  if (by.agentId && c.agentId === by.agentId) return;
  if (c.agentId === null && by.agentId && (newAgentId === undefined || newAgentId === by.agentId)) return;
  throw new AppError('NOT_ASSIGNED_TO_YOU', 'You can only move chats you hold');
}
