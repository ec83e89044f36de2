// Merging two tickets of one customer: the other is closed, pointing here, and its thread (when it has its own) joins
// this ticket's thread through the conversations' merge.
import { eq, inArray } from 'drizzle-orm';
import { firstOrThrow } from '../../db/rows.js';
import { tickets } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { publishAll } from '../../bus/publish.js';
import { recordAudit } from '../audit/service.js';
import {
  assertSameAndUnmerged,
  lockPair,
  mergedTags,
  mergeEvents,
  mergeThreads,
  type ThreadMerge,
} from '../chat/merge.js';
import { ticketEvent, toTicketDto } from './service.js';

export async function mergeTickets(deps: Deps, caller: UserCaller, targetId: string, sourceId: string) {
  if (targetId === sourceId) {
    throw new AppError('VALIDATION_ERROR', 'A ticket cannot be merged into itself', [
      { path: 'sourceId', message: 'must be another ticket' },
    ]);
  }
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    // Conversations before tickets, as a reply locks them (its first-response stamp writes the tickets): read the
    // pair unlocked to learn their threads, lock those, then the tickets, and check nothing moved in between.
    const read = () =>
      tx
        .select()
        .from(tickets)
        .where(inArray(tickets.id, [targetId, sourceId]))
        .orderBy(tickets.id);
    const seen = await read();
    const pick = (rows: typeof seen) => {
      const target = rows.find((t) => t.id === targetId);
      const source = rows.find((t) => t.id === sourceId);
      if (!target || !source) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
      return { target, source };
    };
    const unlocked = pick(seen);
    const threads = await lockPair(tx, unlocked.target.conversationId, unlocked.source.conversationId);
    const { target, source } = pick(await read().for('update'));
    if (
      target.conversationId !== unlocked.target.conversationId ||
      source.conversationId !== unlocked.source.conversationId
    )
      throw new AppError('CONFLICT', 'The tickets changed while merging; try again');

    const same = target.customerId === source.customerId && threads.target.siteId === threads.source.siteId;
    assertSameAndUnmerged('ticket', target, source, same);
    if (target.status === 'closed')
      throw new AppError('INVALID_STATUS_TRANSITION', 'This ticket is closed: reopen it to merge into it');

    // Two tickets from one chat share their thread: nothing to move then.
    let thread: ThreadMerge | undefined;
    if (target.conversationId !== source.conversationId)
      thread = await mergeThreads(deps, tx, threads.target, threads.source, caller, now);

    // What was merged into the other follows it here; then the other closes, pointing here.
    await tx.update(tickets).set({ mergedIntoId: target.id }).where(eq(tickets.mergedIntoId, source.id));
    const closed = firstOrThrow(
      await tx
        .update(tickets)
        .set({
          status: 'closed',
          closedAt: now,
          resolvedAt: source.resolvedAt ?? now,
          mergedIntoId: target.id,
          slaPausedAt: null,
          updatedAt: now,
        })
        .where(eq(tickets.id, source.id))
        .returning(),
      'ticket',
    );
    const kept = firstOrThrow(
      await tx
        .update(tickets)
        .set({ tags: mergedTags(target.tags, source.tags), updatedAt: now })
        .where(eq(tickets.id, target.id))
        .returning(),
      'ticket',
    );
    await deps.integrations.emit(
      tx,
      [closed, kept].map((t) => ({
        type: 'ticket.updated' as const,
        conversationId: t.conversationId,
        data: { ticket: toTicketDto(t), changes: t === closed ? { status: 'closed', mergedIntoId: target.id } : {} },
      })),
      now,
    );
    await recordAudit(tx, caller, {
      action: 'ticket.merge',
      targetType: 'ticket',
      targetId: target.id,
      before: { sourceId: source.id, sourceStatus: source.status },
      after: { moved: thread?.moved ?? 0 },
    });
    return { kept, closed, thread };
  });
  const timestamp = now.toISOString();
  await publishAll(deps, [
    ...(result.thread ? mergeEvents(result.thread, now) : []),
    ...ticketEvent(result.closed, timestamp),
    ...ticketEvent(result.kept, timestamp),
  ]);
  if (result.thread && ['queued', 'active'].includes(result.thread.sourceBefore.status)) deps.routing.kick();
  return { ticket: toTicketDto(result.kept), moved: result.thread?.moved ?? 0 };
}
