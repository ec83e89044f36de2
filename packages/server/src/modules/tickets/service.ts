// Tickets: SLA from priority, a message thread always (the chat it came from, or a new email conversation),
// status timestamps kept right, typed filters with bound values only.
import { smsIntegration } from '../integrations/sms.js';
import { firstOrThrow } from '../../db/rows.js';
import type { z } from 'zod';
import type {
  BusinessHours,
  CreateTicketBody,
  ListTicketsQuery,
  Priority,
  ServerEvent,
  SlaPolicy,
  Ticket,
  UpdateTicketBody,
} from '@support-chat/protocol';
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { conversations, sites, tickets } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import type { Caller } from '../../identity/caller.js';
import { containsPattern } from '../../lib/like.js';
import { addOpenTime, openTimeBetween } from '../../lib/business-hours.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { topics } from '../../bus/bus.js';
import { publishAll, type TopicEvent } from '../../bus/publish.js';
import { agentExists, teamExists } from '../agents/service.js';
import { afterAppend, appendMessage, type AppendResult } from '../chat/messages.js';
import { toConversationDto, type ConversationRow } from '../chat/dto.js';
import { conversationScope } from '../chat/scope.js';
import { eventsForAppend, issueVisitorToken, resolveVisitorIdentity, type RequestContext } from '../chat/service.js';
import { resolveSite } from '../sites/service.js';
import { visitorDisplayName } from '../../lib/visitor-name.js';

type TicketRow = typeof tickets.$inferSelect;

export const toTicketDto = (t: TicketRow): Ticket => ({
  id: t.id,
  conversationId: t.conversationId,
  customerId: t.customerId,
  customerName: t.customerName,
  customerEmail: t.customerEmail,
  assignedAgentId: t.assignedAgentId,
  assignedAgentName: t.assignedAgentName,
  assignedTeamId: t.assignedTeamId,
  assignedTeamName: t.assignedTeamName,
  subject: t.subject,
  description: t.description,
  status: t.status,
  priority: t.priority,
  category: t.category,
  tags: t.tags,
  slaDueAt: iso(t.slaDueAt),
  firstResponseDueAt: iso(t.firstResponseDueAt),
  slaBreachedAt: isoOrNull(t.slaBreachedAt),
  slaBreachedTarget: t.slaBreachedTarget,
  slaPausedAt: isoOrNull(t.slaPausedAt),
  firstResponseAt: isoOrNull(t.firstResponseAt),
  resolvedAt: isoOrNull(t.resolvedAt),
  closedAt: isoOrNull(t.closedAt),
  metadata: t.metadata,
  mergedIntoId: t.mergedIntoId,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

/** What a caller may see of a ticket: a visitor never sees its staff-only category, tags and SLA breaches. */
export function ticketFor(caller: Caller | null, t: Ticket): Ticket {
  if (caller?.kind === 'user') return t;
  const { category: _c, tags: _t, slaBreachedAt: _b, slaBreachedTarget: _bt, ...visible } = t;
  return visible;
}

type SlaPolicyValue = z.output<typeof SlaPolicy>;

/** What the SLA clock of one ticket runs on: the policy, and its site's business hours. */
interface SlaClock {
  policy: SlaPolicyValue;
  businessHours: BusinessHours;
}

/** The business hours the clock counts in: the site's when the policy follows them, else every hour. */
const countedHours = ({ policy, businessHours }: SlaClock): BusinessHours =>
  policy.followBusinessHours ? businessHours : { ...businessHours, enabled: false };

/**
 * When a ticket's targets fall due: its resolution (`slaDueAt`, the priority's hours) and its first answer (the
 * priority's minutes), each counted from creation in business hours when the policy says so, and moved on by the time
 * the clock has already stood still in pauses.
 */
export function slaDue(createdAt: Date, priority: Priority, clock: SlaClock, pausedSeconds = 0) {
  const after = (ms: number) => addOpenTime(countedHours(clock), createdAt, ms + pausedSeconds * 1000);
  return {
    slaDueAt: after(clock.policy.hours[priority] * 3_600_000),
    firstResponseDueAt: after(clock.policy.firstResponseMinutes[priority] * 60_000),
  };
}

/** The site's business hours for a conversation's tickets (read inside the ticket's transaction). */
async function siteHours(db: Executor, conversationId: string): Promise<BusinessHours> {
  const [row] = await db
    .select({ businessHours: sites.businessHours })
    .from(conversations)
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(eq(conversations.id, conversationId))
    .limit(1);
  return firstOrThrow([row], 'site').businessHours;
}

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type CreateTicketInput = z.output<typeof CreateTicketBody>;

export function ticketEvent(t: TicketRow, timestamp: string): TopicEvent[] {
  const event: ServerEvent = {
    type: 'ticket_update',
    conversationId: t.conversationId,
    data: { ticket: toTicketDto(t) },
    timestamp,
  };
  return [
    { topic: topics.tickets, event },
    { topic: topics.conversation(t.conversationId), event },
  ];
}

/**
 * Staff create tickets for anyone; a visitor (or an anonymous caller, who becomes one) only for themselves,
 * and only staff may choose an assignee or team.
 */
export async function createTicket(deps: Deps, caller: Caller | null, body: CreateTicketInput, ctx: RequestContext) {
  const staff = caller?.kind === 'user';
  const now = deps.clock.now();
  const timestamp = now.toISOString();
  if (staff) {
    if (body.assignedAgentId) await agentExists(deps.db, body.assignedAgentId, 'assignedAgentId');
    if (body.assignedTeamId) await teamExists(deps.db, body.assignedTeamId, 'assignedTeamId');
  }
  const assigneeId = staff ? (body.assignedAgentId ?? null) : null;
  const teamId = staff ? (body.assignedTeamId ?? null) : null;

  if (!staff && !body.conversationId && !body.customerEmail && caller?.kind !== 'visitor') {
    throw new AppError('VALIDATION_ERROR', 'customerEmail is required so the answer can reach you', [
      { path: 'customerEmail', message: 'required' },
    ]);
  }
  // Without a conversation, non-staff callers need a visitor identity to own the new thread.
  const identity = !staff && !body.conversationId ? await resolveVisitorIdentity(deps, caller, body, ctx) : undefined;

  // Read before the transaction: on PGlite's single connection, a read outside the transaction would wait for it.
  const policy = await deps.settings.sla();
  const { ticket, appended } = await deps.db.transaction(async (tx) => {
    let conversation: ConversationRow | undefined;
    let appended: AppendResult | undefined;
    if (body.conversationId) {
      const scope = caller ? conversationScope(caller) : sql`false`;
      [conversation] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, body.conversationId), scope))
        .limit(1);
      if (!conversation) throw conversationNotFound();
    } else {
      if (staff && !body.customerId && !body.customerEmail) {
        throw new AppError('VALIDATION_ERROR', 'A ticket needs a customer', [
          { path: 'customerEmail', message: 'customerId or customerEmail is required' },
        ]);
      }
      const site = identity?.site ?? (await resolveSite(tx, body.siteKey));
      const customerId = identity?.customerId ?? body.customerId ?? `email:${body.customerEmail!.toLowerCase()}`;
      const customerName = body.customerName ?? body.customerEmail ?? visitorDisplayName(customerId);
      [conversation] = await tx
        .insert(conversations)
        .values({
          siteId: site.id,
          visitorId: identity?.visitorId ?? null,
          customerId,
          customerVerified: identity?.customerVerified ?? staff,
          customerName,
          customerEmail: body.customerEmail ?? null,
          subject: body.subject,
          channel: 'email',
          status: assigneeId ? 'active' : 'queued',
          agentId: assigneeId,
          assignedAt: assigneeId ? now : null,
          teamId,
          priority: body.priority,
          tags: body.tags ?? [],
          startedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      // The description opens the thread, as the customer's own words.
      appended = await appendMessage(
        tx,
        conversation!,
        {
          type: 'customer',
          id: customerId,
          name: customerName,
        },
        { content: body.description, messageType: 'text', attachments: [] },
        now,
      );
      conversation = appended.conversation;
    }
    const c = conversation!;
    const ticket = firstOrThrow(
      await tx
        .insert(tickets)
        .values({
          conversationId: c.id,
          customerId: c.customerId,
          customerName: c.customerName,
          customerEmail: c.customerEmail ?? body.customerEmail ?? null,
          subject: body.subject,
          description: body.description,
          priority: body.priority,
          category: body.category ?? null,
          tags: body.tags ?? [],
          metadata: body.metadata ?? {},
          assignedAgentId: assigneeId,
          assignedTeamId: teamId,
          ...slaDue(now, body.priority, { policy, businessHours: await siteHours(tx, c.id) }),
          createdAt: now,
          updatedAt: now,
        })
        .returning(),
      'ticket',
    );
    // High and urgent tickets text whoever is on call (the seed's "SMS notifications for high priority").
    if (ticket.priority === 'high' || ticket.priority === 'urgent') {
      const sms = smsIntegration(deps, tx);
      for (const phone of await sms.recipients(ticket.assignedAgentId))
        await sms.notifyHighPriorityTicket(phone, ticket);
    }
    await deps.integrations.emit(
      tx,
      [
        ...(body.conversationId
          ? []
          : [
              {
                type: 'conversation.created' as const,
                conversationId: c.id,
                data: { conversation: toConversationDto(c) },
              },
            ]),
        { type: 'ticket.created', conversationId: c.id, data: { ticket: toTicketDto(ticket) } },
      ],
      now,
    );
    await afterAppend(deps.integrations, tx, [appended], now);
    return { ticket, appended };
  });

  const visitorToken = identity ? await issueVisitorToken(deps, identity) : undefined;
  await publishAll(deps, [...(appended ? eventsForAppend(appended, now) : []), ...ticketEvent(ticket, timestamp)]);
  return { ticket: toTicketDto(ticket), visitorToken };
}

/**
 * The SLA fields after a change, or undefined when they stay: entering `waiting` stops the clock (when the policy
 * pauses then), leaving it adds the time it stood still to the paused total, and a new priority or an ended pause
 * puts the due date where the priority's hours, counted from creation past every pause, now end.
 */
function slaAfter(
  before: TicketRow,
  after: Pick<TicketRow, 'status' | 'priority'>,
  clock: SlaClock,
  now: Date,
): Partial<TicketRow> | undefined {
  let { slaPausedAt, slaPausedSeconds } = before;
  if (after.status === 'waiting' && !slaPausedAt && clock.policy.pauseWhileWaiting) slaPausedAt = now;
  else if (after.status !== 'waiting' && slaPausedAt) {
    slaPausedSeconds += Math.round(openTimeBetween(countedHours(clock), slaPausedAt, now) / 1000);
    slaPausedAt = null;
  }
  const resumed = slaPausedSeconds !== before.slaPausedSeconds;
  if (slaPausedAt === before.slaPausedAt && !resumed && after.priority === before.priority) return undefined;
  const due = slaDue(before.createdAt, after.priority, clock, slaPausedSeconds);
  return {
    slaPausedAt,
    slaPausedSeconds,
    ...due,
    // A target whose due time moved and is not missed yet gets its warning again, before the new time.
    ...(due.firstResponseDueAt.getTime() !== before.firstResponseDueAt.getTime() && !before.firstResponseBreachedAt
      ? { firstResponseWarnedAt: null }
      : {}),
    ...(due.slaDueAt.getTime() !== before.slaDueAt.getTime() && !before.resolutionBreachedAt
      ? { resolutionWarnedAt: null }
      : {}),
  };
}

/** Tickets a visitor can see are those on conversations the visitor can see. */
function ticketScope(caller: Caller): SQL | undefined {
  if (caller.kind === 'user') return undefined;
  return sql`exists (select 1 from ${conversations} where ${conversations.id} = ${tickets.conversationId} and ${conversationScope(caller)})`;
}

export async function getTicket(deps: Pick<Deps, 'db'>, caller: Caller, id: string) {
  const [row] = await deps.db
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, id), ticketScope(caller)))
    .limit(1);
  if (!row) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
  return toTicketDto(row);
}

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type ListTicketsInput = z.output<typeof ListTicketsQuery>;

const priorityRank = sql`case ${tickets.priority} when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
const statusRank = sql`case ${tickets.status} when 'open' then 0 when 'in_progress' then 1 when 'waiting' then 2 when 'resolved' then 3 else 4 end`;
// An allowlist of sort columns: the query string picks a key, never SQL.
const sortColumns = {
  createdAt: tickets.createdAt,
  updatedAt: tickets.updatedAt,
  slaDueAt: tickets.slaDueAt,
  priority: priorityRank,
  status: statusRank,
} as const;

export async function listTickets(deps: Pick<Deps, 'db'>, caller: Caller, q: ListTicketsInput) {
  const pattern = q.q !== undefined ? containsPattern(q.q) : undefined;
  const where = and(
    ticketScope(caller),
    q.status ? inArray(tickets.status, q.status) : undefined,
    q.priority ? inArray(tickets.priority, q.priority) : undefined,
    q.assignedAgentId === 'none'
      ? isNull(tickets.assignedAgentId)
      : q.assignedAgentId
        ? eq(tickets.assignedAgentId, q.assignedAgentId)
        : undefined,
    q.assignedTeamId === 'none'
      ? isNull(tickets.assignedTeamId)
      : q.assignedTeamId
        ? eq(tickets.assignedTeamId, q.assignedTeamId)
        : undefined,
    q.customerId ? eq(tickets.customerId, q.customerId) : undefined,
    q.category ? eq(tickets.category, q.category) : undefined,
    q.tag ? sql`${q.tag} = any(${tickets.tags})` : undefined,
    pattern
      ? or(
          ilike(tickets.subject, pattern),
          ilike(tickets.description, pattern),
          ilike(tickets.customerName, pattern),
          ilike(tickets.customerEmail, pattern),
        )
      : undefined,
    q.createdFrom ? gte(tickets.createdAt, new Date(q.createdFrom)) : undefined,
    q.createdTo ? lte(tickets.createdAt, new Date(q.createdTo)) : undefined,
  );
  const direction = q.order === 'asc' ? asc : desc;
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(tickets)
      .where(where)
      .orderBy(direction(sortColumns[q.sort]), direction(tickets.createdAt), asc(tickets.id))
      .limit(q.limit)
      .offset((q.page - 1) * q.limit),
    deps.db.select({ n: count() }).from(tickets).where(where),
  ]);
  return { tickets: rows.map(toTicketDto), total: total?.n ?? 0, page: q.page, limit: q.limit };
}

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type UpdateTicketInput = z.output<typeof UpdateTicketBody>;

export async function updateTicket(deps: Deps, id: string, body: UpdateTicketInput) {
  const now = deps.clock.now();
  // Read before the transaction (PGlite has one connection).
  const policy = await deps.settings.sla();
  const ticket = await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(tickets).where(eq(tickets.id, id)).for('update').limit(1);
    if (!before) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
    if (before.mergedIntoId)
      throw new AppError('ALREADY_MERGED', 'This ticket was merged into another: change that one', [
        { path: 'id', message: `merged into ${before.mergedIntoId}` },
      ]);
    if (body.assignedAgentId) await agentExists(tx, body.assignedAgentId, 'assignedAgentId');
    if (body.assignedTeamId) await teamExists(tx, body.assignedTeamId, 'assignedTeamId');
    const patch: Partial<typeof tickets.$inferInsert> = { ...body, updatedAt: now };
    const clock: SlaClock = { policy, businessHours: await siteHours(tx, before.conversationId) };
    const sla = slaAfter(before, { ...before, ...body }, clock, now);
    if (sla) Object.assign(patch, sla);
    if (body.status !== undefined && body.status !== before.status) {
      if (body.status === 'resolved') {
        patch.resolvedAt = now;
        patch.closedAt = null;
      } else if (body.status === 'closed') {
        patch.closedAt = now;
        patch.resolvedAt = before.resolvedAt ?? now;
      } else {
        // Reopened: it is neither resolved nor closed any more.
        patch.resolvedAt = null;
        patch.closedAt = null;
      }
    }
    const after = firstOrThrow(await tx.update(tickets).set(patch).where(eq(tickets.id, id)).returning(), 'ticket');
    await deps.integrations.emit(
      tx,
      [
        {
          type: 'ticket.updated',
          conversationId: after.conversationId,
          data: { ticket: toTicketDto(after), changes: body },
        },
      ],
      now,
    );
    return after;
  });
  await publishAll(deps, ticketEvent(ticket, now.toISOString()));
  return toTicketDto(ticket);
}
