// Merging two conversations of one customer into one thread (and two tickets, whose threads they are).
//
// Seqs are the order clients show and the cursor they resume from, so the merged thread is renumbered in time order
// *after* every seq the kept conversation ever handed out: no seq is reused, any cursor a client holds is below all
// of them, and a client that resumes (or a socket that fills the gap the next message leaves) receives the whole
// merged thread, in order. Clients replace what they had on `conversation_merged` (docs/decisions.md, "Merging").
import { eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';
import { attachments, conversations, messageSearch, messages, tickets } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { topics } from '../../bus/bus.js';
import { publishAll, type TopicEvent } from '../../bus/publish.js';
import { recordAudit } from '../audit/service.js';
import { refreshActiveChats } from '../agents/counters.js';
import { leftQueue, toConversationDto, type ConversationRow } from './dto.js';
import { appendMessage, systemLine, systemSender, systemText, type AppendResult } from './messages.js';
import { assertMayMove } from './scope.js';
import { conversationChangeEffects, eventsForAppend, snoozeOff, statusEvent } from './service.js';

/** The tags a merge keeps, on conversations and tickets alike: the kept one's, then the other's, up to the usual 20. */
export const mergedTags = (kept: string[], other: string[]) => [...new Set([...kept, ...other])].slice(0, 20);

export interface ThreadMerge {
  target: ConversationRow;
  sourceBefore: ConversationRow;
  source: ConversationRow;
  moved: number;
  line: AppendResult;
}

/** Both conversations, locked in id order (as the message writer locks), so a merge and a send never deadlock. */
export async function lockPair(tx: Tx, targetId: string, sourceId: string) {
  const rows = await tx
    .select()
    .from(conversations)
    .where(inArray(conversations.id, [targetId, sourceId]))
    .orderBy(conversations.id)
    .for('update');
  const target = rows.find((r) => r.id === targetId);
  const source = rows.find((r) => r.id === sourceId);
  if (!target || !source) throw conversationNotFound();
  return { target, source };
}

type Mergeable = { customerName: string; mergedIntoId: string | null };

/**
 * The refusals conversations and tickets share: another customer's (`sameCustomer` false), or one of the two merged
 * away already (merge what it went into instead).
 */
export function assertSameAndUnmerged(
  what: 'conversation' | 'ticket',
  target: Mergeable,
  source: Mergeable,
  sameCustomer: boolean,
) {
  if (!sameCustomer) {
    throw new AppError('DIFFERENT_CUSTOMER', `Only ${what}s of the same customer can be merged`, [
      { path: 'sourceId', message: `belongs to ${source.customerName}, not ${target.customerName}` },
    ]);
  }
  for (const [path, x] of [
    ['id', target],
    ['sourceId', source],
  ] as const) {
    if (x.mergedIntoId)
      throw new AppError('ALREADY_MERGED', `That ${what} was merged into another already`, [
        { path, message: `merged into ${x.mergedIntoId}` },
      ]);
  }
}

/** Why these two cannot be merged, if they cannot. */
function assertMergeable(target: ConversationRow, source: ConversationRow) {
  const same = target.siteId === source.siteId && target.customerId === source.customerId;
  assertSameAndUnmerged('conversation', target, source, same);
  if (target.status === 'closed') throw new AppError('CONVERSATION_CLOSED', 'This conversation is closed');
}

/**
 * Moves every message of `source` into `target` (renumbered, see the top of the file), with its search entries,
 * files and tickets; closes `source` pointing at `target`; writes "X merged another conversation into this one".
 * Both rows must be locked in `tx` (lockPair).
 */
export async function mergeThreads(
  deps: Pick<Deps, 'integrations'>,
  tx: Tx,
  target: ConversationRow,
  source: ConversationRow,
  by: UserCaller,
  now: Date,
): Promise<ThreadMerge> {
  assertMergeable(target, source);
  // Time order; at equal times the kept thread first, each in its own order. A retry key only dedupes sends to the
  // conversation it was sent to, which now takes none: the moved messages drop theirs, so none can collide here.
  const [counts] = rowsOf<{ total: number; moved: number }>(
    await tx.execute(sql`
      with ordered as (
        select id, conversation_id as was, row_number() over (
          order by created_at, conversation_id <> ${target.id}::uuid, seq
        ) as n
        from ${messages} where conversation_id in (${target.id}::uuid, ${source.id}::uuid)
      ), renumbered as (
        update ${messages} as m
        set conversation_id = ${target.id}::uuid,
            seq = ${target.lastSeq}::int + o.n,
            client_message_id = case when o.was = ${target.id}::uuid then m.client_message_id end
        from ordered o where m.id = o.id
        returning o.was = ${source.id}::uuid as moved
      )
      select count(*)::int as total, (count(*) filter (where moved))::int as moved from renumbered`),
  );
  const total = counts?.total ?? 0;
  const fromSource = counts?.moved ?? 0;
  await tx.update(messageSearch).set({ conversationId: target.id }).where(eq(messageSearch.conversationId, source.id));
  await tx.update(attachments).set({ conversationId: target.id }).where(eq(attachments.conversationId, source.id));
  await tx.update(tickets).set({ conversationId: target.id }).where(eq(tickets.conversationId, source.id));
  // Always the final one: what was merged into source follows it here.
  await tx.update(conversations).set({ mergedIntoId: target.id }).where(eq(conversations.mergedIntoId, source.id));

  const time = (d: Date | null) => d?.getTime() ?? 0;
  const [kept] = await tx
    .update(conversations)
    .set({
      lastSeq: target.lastSeq + total,
      lastMessageAt:
        time(source.lastMessageAt) > time(target.lastMessageAt) ? source.lastMessageAt : target.lastMessageAt,
      tags: mergedTags(target.tags, source.tags),
      subject: target.subject ?? source.subject,
      updatedAt: now,
    })
    .where(eq(conversations.id, target.id))
    .returning();
  const [closed] = await tx
    .update(conversations)
    .set({
      status: 'closed',
      closedAt: now,
      resolvedAt: source.resolvedAt ?? now,
      mergedIntoId: target.id,
      ...snoozeOff,
      updatedAt: now,
      ...leftQueue(source, now),
    })
    .where(eq(conversations.id, source.id))
    .returning();
  await refreshActiveChats(tx, [source.agentId]);
  await conversationChangeEffects(deps, tx, source, closed!, now);

  const line = systemLine('merged', by.name);
  const appended = await appendMessage(
    tx,
    kept!,
    systemSender,
    {
      content: systemText(line),
      messageType: 'system',
      attachments: [],
      metadata: { ...line, from: source.id, moved: fromSource },
    },
    now,
  );
  await recordAudit(tx, by, {
    action: 'conversation.merge',
    targetType: 'conversation',
    targetId: target.id,
    before: { sourceId: source.id, sourceStatus: source.status, sourceLastSeq: source.lastSeq },
    after: { moved: fromSource, lastSeq: appended.conversation.lastSeq },
  });
  return { target: appended.conversation, sourceBefore: source, source: closed!, moved: fromSource, line: appended };
}

/** What everyone following either conversation hears of a merge, and the consoles' lists. */
export function mergeEvents(m: ThreadMerge, now: Date): TopicEvent[] {
  const timestamp = now.toISOString();
  const conversation = toConversationDto(m.target);
  const merged = (conversationId: string): TopicEvent['event'] => ({
    type: 'conversation_merged',
    conversationId,
    timestamp,
    data: { sourceId: m.source.id, intoId: m.target.id, conversation, moved: m.moved },
  });
  return [
    // First the news, then the line: a client that reloads on the news finds the line already there or coming next.
    { topic: topics.conversation(m.source.id), event: merged(m.source.id) },
    { topic: topics.conversation(m.target.id), event: merged(m.target.id) },
    { topic: topics.queue, event: merged(m.target.id) },
    { topic: topics.conversation(m.source.id), event: statusEvent(m.source, m.sourceBefore.status, timestamp) },
    ...eventsForAppend(m.line, now),
  ];
}

/** POST /api/chat/:id/merge: an agent merges another conversation they may move into this one. */
export async function mergeConversations(deps: Deps, caller: UserCaller, targetId: string, sourceId: string) {
  if (targetId === sourceId) {
    throw new AppError('VALIDATION_ERROR', 'A conversation cannot be merged into itself', [
      { path: 'sourceId', message: 'must be another conversation' },
    ]);
  }
  const now = deps.clock.now();
  const merge = await deps.db.transaction(async (tx) => {
    const { target, source } = await lockPair(tx, targetId, sourceId);
    // Merging ends the other conversation: the same rule as resolving it.
    assertMayMove({ agentId: caller.agentId, isAdmin: caller.role === 'admin' }, source);
    return mergeThreads(deps, tx, target, source, caller, now);
  });
  await publishAll(deps, mergeEvents(merge, now));
  if (merge.sourceBefore.status === 'queued' || merge.sourceBefore.status === 'active') deps.routing.kick();
  return { conversation: toConversationDto(merge.target), moved: merge.moved };
}
