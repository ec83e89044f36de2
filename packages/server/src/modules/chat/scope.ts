// The WHERE clause that decides which conversations a caller may see. Every chat and ticket read that a
// visitor can reach goes through here: unverified visitors see only what their own token started;
// verified customers also see the conversations of the same verified customer id on the same site.
import { and, eq, or, type SQL } from 'drizzle-orm';
import { conversations } from '../../db/schema/index.js';
import type { Caller } from '../../http/caller.js';

export function conversationScope(caller: Caller): SQL | undefined {
  if (caller.kind === 'user') return undefined;
  const own = eq(conversations.visitorId, caller.visitorId);
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
