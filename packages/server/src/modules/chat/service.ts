// Conversations: start, read, update status/assignment, send and page through messages, the queue.
import type { z } from 'zod';
import type {
  ConversationDetail,
  ConversationFilters,
  ConversationStatus,
  ServerEvent,
  StartChatBody,
  UpdateConversationBody,
} from '@support-chat/protocol';
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gt, inArray, isNull, lt, lte, ne, sql } from 'drizzle-orm';
import { selectRows, type Tx } from '../../db/client.js';
import { agents, conversations, messageSearch, messages } from '../../db/schema/index.js';
import type { Deps, RoutingDecision } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import { PG, pgErrorCode } from '../../lib/db-errors.js';
import type { Caller, VisitorCaller } from '../../identity/caller.js';
import { topics } from '../../bus/bus.js';
import { publishAll, type TopicEvent } from '../../bus/publish.js';
import { agentExists, teamExists } from '../agents/service.js';
import { lockAgentWithRoom } from '../agents/capacity.js';
import { refreshActiveChats } from '../agents/counters.js';
import { createVisitorSession } from '../../identity/sessions.js';
import { assertOriginAllowed, resolveSite, verifyIdentity, type SiteRow } from '../sites/service.js';
import { leftQueue, toConversationDto, toMessageDto, type ConversationRow } from './dto.js';
import { afterAppend, appendMessage, type AppendResult, type MessageInput } from './messages.js';
import { senderOf, type Author } from './writer.js';
import { assertMayMove, conversationScope } from './scope.js';
import { conversationFilters } from './filters.js';
import { announceMentions, mentionedIn } from './mentions.js';
import { searchDocument, tsquery } from '../../db/text-search.js';
import { visitorDisplayName } from '../../lib/visitor-name.js';

export interface RequestContext {
  /** The Origin header of the call, if a browser sent one. */
  origin?: string;
  /** This server's origin as the browser sees it. */
  serverOrigin: string;
  /** The visitor token the call came with, returned again instead of minting another. */
  presentedToken?: string;
}

// ---- reading ------------------------------------------------------------------------------------------

/** Private notes are for agents: a visitor's reads never include them. */
export const messagesVisibleTo = (caller: Caller) =>
  caller.kind === 'visitor' ? eq(messages.isPrivate, false) : undefined;
/** The same rule for a message already in hand (socket deliveries, long-poll wake-ups). */
export const canSeeMessage = (caller: Caller, message: { isPrivate: boolean }) =>
  !(message.isPrivate && caller.kind === 'visitor');

export async function findConversation(db: Deps['db'] | Tx, caller: Caller, id: string, lock = false) {
  const [row] = await selectRows(
    db,
    conversations,
    sql`where ${and(eq(conversations.id, id), conversationScope(caller))} limit 1 ${lock ? sql`for update` : sql``}`,
  );
  // Someone else's conversation answers exactly like a missing one: existence itself is not disclosed.
  if (!row) throw conversationNotFound();
  return row;
}

export async function getConversation(deps: Pick<Deps, 'db'>, caller: Caller, id: string) {
  return toConversationDto(await findConversation(deps.db, caller, id));
}

export async function listConversations(
  deps: Pick<Deps, 'db'>,
  caller: Caller,
  q: z.output<typeof ConversationFilters> & { limit: number; offset: number },
) {
  const where = and(conversationScope(caller), conversationFilters(q));
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(conversations)
      .where(where)
      .orderBy(desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`), desc(conversations.id))
      .limit(q.limit)
      .offset(q.offset),
    deps.db.select({ n: count() }).from(conversations).where(where),
  ]);
  return { conversations: rows.map(toConversationDto), total: total?.n ?? 0 };
}

export async function listMessages(
  deps: Pick<Deps, 'db'>,
  caller: Caller,
  id: string,
  q: { limit: number; beforeSeq?: number; afterSeq?: number; q?: string },
) {
  await findConversation(deps.db, caller, id);
  const inConversation = and(
    eq(messages.conversationId, id),
    messagesVisibleTo(caller),
    q.q !== undefined
      ? sql`exists (select 1 from ${messageSearch} s where s.message_id = ${messages.id}
          and ${searchDocument('s')} @@ ${tsquery(q.q)})`
      : undefined,
  );
  if (q.afterSeq !== undefined) {
    const rows = await selectRows(
      deps.db,
      messages,
      sql`where ${and(inConversation, gt(messages.seq, q.afterSeq))} order by ${messages.seq} asc limit ${q.limit + 1}`,
    );
    const hasMore = rows.length > q.limit;
    return { messages: rows.slice(0, q.limit).map(toMessageDto), hasMore };
  }
  // Newest page first (or the page before beforeSeq), returned oldest-to-newest.
  const before = q.beforeSeq !== undefined ? lt(messages.seq, q.beforeSeq) : undefined;
  const rows = await selectRows(
    deps.db,
    messages,
    sql`where ${and(inConversation, before)} order by ${messages.seq} desc limit ${q.limit + 1}`,
  );
  const hasMore = rows.length > q.limit;
  return { messages: rows.slice(0, q.limit).reverse().map(toMessageDto), hasMore };
}

/**
 * Messages after a seq, oldest first, for replays and gap fills. No scope here: the caller has already
 * established that whoever receives them may see this conversation.
 */
export async function readMessagesAfter(
  db: Deps['db'],
  conversationId: string,
  afterSeq: number,
  limit: number,
  beforeSeq?: number,
) {
  const rows = await selectRows(
    db,
    messages,
    sql`where ${and(
      eq(messages.conversationId, conversationId),
      gt(messages.seq, afterSeq),
      beforeSeq !== undefined ? lt(messages.seq, beforeSeq) : undefined,
    )} order by ${messages.seq} asc limit ${limit}`,
  );
  return rows.map(toMessageDto);
}

/**
 * Long-poll: subscribe first, then look, then wait for a message event (or the deadline, or the client
 * going away), then look again. Works across nodes because the event comes through the bus.
 */
export async function waitForMessages(
  deps: Pick<Deps, 'db' | 'bus'>,
  caller: Caller,
  id: string,
  q: { limit: number; afterSeq: number },
  waitMs: number,
  signal: AbortSignal,
) {
  await findConversation(deps.db, caller, id);
  let wake!: () => void;
  const woke = new Promise<void>((resolve) => (wake = resolve));
  const off = await deps.bus.subscribe(topics.conversation(id), (e) => {
    if (e.type === 'message' && e.data.seq > q.afterSeq && canSeeMessage(caller, e.data)) wake();
  });
  try {
    const first = await listMessages(deps, caller, id, q);
    if (first.messages.length > 0 || signal.aborted) return first;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => wake();
    signal.addEventListener('abort', onAbort, { once: true });
    await Promise.race([woke, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    return listMessages(deps, caller, id, q);
  } finally {
    off();
  }
}

/**
 * A read receipt: marks the other side's messages up to and including `messageId` as read, and tells the
 * conversation. Re-reading what is already read changes nothing and publishes nothing.
 */
export async function markRead(
  deps: Pick<Deps, 'db' | 'bus' | 'clock' | 'log'>,
  caller: Caller,
  id: string,
  messageId: string,
) {
  await findConversation(deps.db, caller, id);
  const [target] = await deps.db
    .select({ id: messages.id, seq: messages.seq })
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.conversationId, id), messagesVisibleTo(caller)))
    .limit(1);
  if (!target) throw new AppError('MESSAGE_NOT_FOUND', 'Message not found in this conversation');
  const readerType = caller.kind === 'visitor' ? 'customer' : 'agent';
  const now = deps.clock.now();
  const marked = await deps.db
    .update(messages)
    .set({ readAt: now })
    .where(
      and(
        eq(messages.conversationId, id),
        lte(messages.seq, target.seq),
        isNull(messages.readAt),
        ne(messages.senderType, readerType),
        eq(messages.isPrivate, false),
      ),
    )
    .returning({ id: messages.id, seq: messages.seq });
  if (marked.length > 0) {
    // Both sides hear of it, so the receipt names the newest message it marked: never a private note, whose id
    // and seq a visitor must not learn, even when an agent's read ends on one.
    const newest = marked.reduce((a, b) => (b.seq > a.seq ? b : a));
    await publishAll(deps, [
      {
        topic: topics.conversation(id),
        event: {
          type: 'read',
          conversationId: id,
          timestamp: now.toISOString(),
          data: { messageId: newest.id, seq: newest.seq, readAt: now.toISOString(), readerType },
        },
      },
    ]);
  }
  return { messageId, seq: target.seq, readAt: marked.length > 0 ? now.toISOString() : null, marked: marked.length };
}

/** Who is typing, as the other side should see it. */
export function typistOf(caller: Caller, conversation: ConversationRow) {
  const sender = senderOf(authorOf(caller), conversation);
  return { conversationId: conversation.id, userId: sender.id, userName: sender.name, userType: sender.type };
}

export async function typistFor(deps: Pick<Deps, 'db'>, caller: Caller, id: string) {
  return typistOf(caller, await findConversation(deps.db, caller, id));
}

export async function assertCanSee(deps: Pick<Deps, 'db'>, caller: Caller, id: string) {
  return findConversation(deps.db, caller, id);
}

// ---- events -------------------------------------------------------------------------------------------

export function eventsForAppend(result: AppendResult, now: Date) {
  const timestamp = now.toISOString();
  const conversationId = result.conversation.id;
  const topic = topics.conversation(conversationId);
  const out: TopicEvent[] = [];
  if (!result.created) return out;
  out.push({ topic, event: { type: 'message', conversationId, data: toMessageDto(result.message), timestamp } });
  if (result.conversation.status !== result.previousStatus) {
    out.push({ topic, event: statusEvent(result.conversation, result.previousStatus, timestamp) });
  } else if (result.snoozeChanged) {
    out.push(detailsEvent(result.conversation, ['snooze'], timestamp));
  }
  return out;
}

/** Staff business (labels, priority, snooze): the consoles hear of it on their feed, the customer's widget does not. */
export function detailsEvent(c: ConversationRow, fields: ConversationDetail[], timestamp: string): TopicEvent {
  return {
    topic: topics.queue,
    event: {
      type: 'conversation_update',
      conversationId: c.id,
      timestamp,
      data: { conversation: toConversationDto(c), fields },
    },
  };
}

export function statusEvent(c: ConversationRow, previousStatus: ConversationStatus, timestamp: string): ServerEvent {
  return {
    type: 'status_change',
    conversationId: c.id,
    timestamp,
    data: { status: c.status, previousStatus, conversation: toConversationDto(c) },
  };
}

// ---- sending ------------------------------------------------------------------------------------------

function withoutKey(o: Record<string, unknown> | undefined, key: string) {
  if (!o) return {};
  const { [key]: _, ...rest } = o;
  return rest;
}

/** Who is writing, decided by the session, never by the request body: a visitor as the conversation's customer. */
export function authorOf(caller: Caller): Author {
  if (caller.kind === 'visitor') return { type: 'customer' };
  return { type: 'agent', id: caller.agentId ?? caller.userId ?? caller.apiKeyId ?? 'unknown', name: caller.name };
}

export async function sendMessage(
  deps: Deps,
  caller: Caller,
  id: string,
  body: MessageInput & { senderType?: string },
  opts: { accessChecked?: boolean } = {},
) {
  const expected = caller.kind === 'visitor' ? 'customer' : 'agent';
  if (body.senderType !== undefined && body.senderType !== expected) {
    throw new AppError('SENDER_MISMATCH', `You send as "${expected}", not "${body.senderType}"`, [
      { path: 'senderType', message: `must be "${expected}" or omitted` },
    ]);
  }
  if (body.isPrivate && caller.kind === 'visitor') {
    throw new AppError('FORBIDDEN', 'Only agents can write private notes', [
      { path: 'isPrivate', message: 'agents only' },
    ]);
  }
  // Visibility first (a plain read); the writer then locks, numbers and stores the message with others. Agents and
  // admins see every conversation, so for them the writer's own lookup (not found: the same 404) is the check.
  if (!opts.accessChecked && conversationScope(caller)) await findConversation(deps.db, caller, id);
  const now = deps.clock.now();
  // A note's @mentions are the server's to read: what the note stores is what it found, whatever the client said.
  const mentioned =
    caller.kind === 'user' && body.isPrivate ? await mentionedIn(deps.db, body.content, caller.agentId) : [];
  const input: MessageInput =
    caller.kind === 'user' && body.isPrivate
      ? {
          ...body,
          metadata: {
            ...withoutKey(body.metadata, 'mentions'),
            ...(mentioned.length ? { mentions: mentioned.map((m) => m.id) } : {}),
          },
        }
      : body;
  const result = await deps.messages
    .append({
      conversationId: id,
      input,
      now,
      author: authorOf(caller),
    })
    .catch((err: unknown) => {
      // Reopening a resolved chat while the visitor already has another open one (one open chat per visitor).
      if (pgErrorCode(err) === PG.uniqueViolation) {
        throw new AppError('CONFLICT', 'You already have an open conversation; continue there');
      }
      throw err;
    });
  await publishAll(deps, eventsForAppend(result, now));
  if (result.created && mentioned.length && caller.kind === 'user')
    await announceMentions(deps, caller.name, result.conversation, result.message, mentioned, now);
  if (caller.kind === 'user' && caller.agentId) deps.routing.agentActive(caller.agentId);
  if (result.conversation.status !== result.previousStatus) deps.routing.kick();
  return { message: toMessageDto(result.message), created: result.created };
}

// ---- starting -----------------------------------------------------------------------------------------

/** A new conversation's routing rule verdict and clocks: it waits in the queue from `now`. */
const routedFields = (routing: RoutingDecision | undefined, now: Date) => ({
  teamId: routing?.teamId ?? null,
  requiredSkills: routing?.requiredSkills ?? [],
  routingRuleId: routing?.routingRuleId ?? null,
  queuedAt: now,
  startedAt: now,
  createdAt: now,
  updatedAt: now,
});

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type StartInput = z.output<typeof StartChatBody>;

export interface VisitorIdentity {
  site: SiteRow;
  visitorId: string;
  customerId: string;
  customerVerified: boolean;
  /** Set when the caller's own token already stands for this identity. */
  reusedToken?: string;
}

/**
 * Who a public caller is: the visitor their token names (when it is for the same site and customer),
 * or a new visitor whose claimed customer id is verified against the site's identity secret.
 */
export async function resolveVisitorIdentity(
  deps: Pick<Deps, 'db'>,
  caller: Caller | null,
  claim: {
    siteKey?: string;
    customerId?: string;
    customerHash?: string;
    customerName?: string;
    customerEmail?: string;
  },
  ctx: RequestContext,
): Promise<VisitorIdentity> {
  const visitor: VisitorCaller | null = caller?.kind === 'visitor' ? caller : null;
  const site = await resolveSite(deps.db, claim.siteKey);
  assertOriginAllowed(site, ctx.origin, ctx.serverOrigin);
  if (
    visitor &&
    visitor.siteId === site.id &&
    (claim.customerId === undefined || claim.customerId === visitor.customerId) &&
    (claim.customerHash === undefined || visitor.customerVerified) &&
    !(await profileChanges(deps, visitor, claim))
  ) {
    return {
      site,
      visitorId: visitor.visitorId,
      customerId: visitor.customerId,
      customerVerified: visitor.customerVerified,
      reusedToken: ctx.presentedToken,
    };
  }
  const customerVerified = verifyIdentity(site, claim);
  return {
    site,
    visitorId: randomUUID(),
    customerId: claim.customerId ?? `anon_${randomUUID()}`,
    customerVerified,
  };
}

/**
 * Session fixation: a token planted in someone's browser (a tossed `sc_visitor` cookie) must not collect the
 * conversation they start as themselves. An anonymous visitor who now gives a name or email other than the one
 * their token last chatted under becomes a new visitor with a fresh token; verified customers are covered by
 * their hash. A returning visitor who gives the same details keeps their token and history.
 */
async function profileChanges(
  deps: Pick<Deps, 'db'>,
  visitor: VisitorCaller,
  claim: { customerName?: string; customerEmail?: string },
) {
  if (visitor.customerVerified || (claim.customerName === undefined && claim.customerEmail === undefined)) return false;
  const [last] = await deps.db
    .select({ name: conversations.customerName, email: conversations.customerEmail })
    .from(conversations)
    .where(eq(conversations.visitorId, visitor.visitorId))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  if (!last) return true;
  return (
    (claim.customerName !== undefined && claim.customerName !== last.name) ||
    (claim.customerEmail !== undefined && claim.customerEmail.toLowerCase() !== last.email?.toLowerCase())
  );
}

export async function issueVisitorToken(deps: Pick<Deps, 'db' | 'clock' | 'config'>, identity: VisitorIdentity) {
  if (identity.reusedToken) return identity.reusedToken;
  const { token } = await createVisitorSession(
    deps,
    {
      siteId: identity.site.id,
      visitorId: identity.visitorId,
      customerId: identity.customerId,
      customerVerified: identity.customerVerified,
    },
    deps.config.visitorTokenTtlMs,
  );
  return token;
}

export async function startConversation(deps: Deps, caller: Caller | null, body: StartInput, ctx: RequestContext) {
  const identity = await resolveVisitorIdentity(deps, caller, body, ctx);
  const now = deps.clock.now();
  const channel = body.channel ?? 'web';

  // Routing rules decide team, required skills and priority from what the customer tells us up front.
  const routing = await deps.routing.decide({
    channel,
    subject: body.subject ?? null,
    firstMessage: body.message,
    metadata: body.metadata ?? {},
  });
  const { conversation, created, appended } = await deps.db.transaction(async (tx) => {
    let row: ConversationRow | undefined;
    let created = false;
    const profile = {
      ...(body.customerName !== undefined ? { customerName: body.customerName } : {}),
      ...(body.customerEmail !== undefined ? { customerEmail: body.customerEmail } : {}),
    };
    [row] = await tx
      .insert(conversations)
      .values({
        siteId: identity.site.id,
        visitorId: identity.visitorId,
        customerId: identity.customerId,
        customerVerified: identity.customerVerified,
        customerName: body.customerName ?? visitorDisplayName(identity.customerId),
        customerEmail: body.customerEmail ?? null,
        subject: body.subject ?? null,
        channel,
        priority: routing?.priority ?? body.priority ?? 'medium',
        tags: body.tags ?? [],
        metadata: body.metadata ?? {},
        ...routedFields(routing, now),
      })
      // A visitor has one open web conversation; a second start (or twenty at once) returns it.
      .onConflictDoNothing()
      .returning();
    if (row) {
      created = true;
    } else {
      [row] = await tx
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.visitorId, identity.visitorId),
            inArray(conversations.status, ['queued', 'active']),
            eq(conversations.channel, 'web'),
          ),
        )
        .for('update')
        .limit(1);
      if (!row) throw new AppError('CONFLICT', 'The conversation changed while starting; try again');
      if (Object.keys(profile).length) {
        [row] = await tx.update(conversations).set(profile).where(eq(conversations.id, row.id)).returning();
      }
    }
    let appended: AppendResult | undefined;
    if (body.message !== undefined) {
      appended = await appendMessage(
        tx,
        row!,
        { type: 'customer', id: row!.customerId, name: row!.customerName },
        { content: body.message, messageType: 'text', attachments: [] },
        now,
      );
      row = appended.conversation;
    }
    if (created)
      await deps.integrations.emit(
        tx,
        [{ type: 'conversation.created', conversationId: row!.id, data: { conversation: toConversationDto(row!) } }],
        now,
      );
    await afterAppend(deps.integrations, tx, [appended], now);
    return { conversation: row!, created, appended };
  });

  const visitorToken = await issueVisitorToken(deps, identity);
  if (appended) await publishAll(deps, eventsForAppend(appended, now));
  if (created) deps.routing.kick();
  return { conversation: toConversationDto(conversation), visitorToken, created };
}

/**
 * A conversation on the email channel, opened by mail to the support address: it routes like any chat (the rules see
 * the subject and first words), with no message yet (the caller sends the email's text and files as the first one).
 */
export async function openEmailConversation(
  deps: Deps,
  mail: { siteId: string; address: string; name: string | null; subject: string | null; firstWords: string },
) {
  const now = deps.clock.now();
  const routing = await deps.routing.decide({
    channel: 'email',
    subject: mail.subject,
    firstMessage: mail.firstWords,
    metadata: {},
  });
  const conversation = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conversations)
      .values({
        siteId: mail.siteId,
        customerId: `email:${mail.address}`,
        customerName: mail.name || mail.address,
        customerEmail: mail.address,
        subject: mail.subject,
        channel: 'email',
        priority: routing?.priority ?? 'medium',
        ...routedFields(routing, now),
      })
      .returning();
    await deps.integrations.emit(
      tx,
      [{ type: 'conversation.created', conversationId: row!.id, data: { conversation: toConversationDto(row!) } }],
      now,
    );
    return row!;
  });
  return conversation;
}

// ---- updating -----------------------------------------------------------------------------------------

/** What a change of agent or status owes the integrations (webhooks; on resolve, the summary and the CRM sync). */
export async function conversationChangeEffects(
  deps: Pick<Deps, 'integrations'>,
  tx: Tx,
  before: ConversationRow,
  after: ConversationRow,
  now: Date,
) {
  const conversation = toConversationDto(after);
  const events: Parameters<Deps['integrations']['emit']>[1] = [];
  if (after.agentId !== before.agentId && after.agentId)
    events.push({ type: 'conversation.assigned', conversationId: after.id, data: { conversation } });
  if (after.status !== before.status)
    events.push({
      type: 'conversation.status_changed',
      conversationId: after.id,
      data: { conversation, previousStatus: before.status },
    });
  if (events.length) await deps.integrations.emit(tx, events, now);
  if (after.status === 'resolved' && before.status !== 'resolved') await deps.integrations.afterResolve(tx, after, now);
}

const transitions: Record<ConversationStatus, readonly ConversationStatus[]> = {
  queued: ['active', 'resolved', 'closed'],
  active: ['queued', 'resolved', 'closed'],
  resolved: ['active', 'queued', 'closed'],
  closed: [],
};

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type UpdateInput = z.output<typeof UpdateConversationBody>;

/** Which of the details without an event of their own (status and agent have theirs) a change touched. */
function detailsChanged(before: ConversationRow, after: ConversationRow) {
  const fields: ConversationDetail[] = [];
  if (before.tags.join('\u0000') !== after.tags.join('\u0000')) fields.push('tags');
  if (before.priority !== after.priority) fields.push('priority');
  if (before.subject !== after.subject) fields.push('subject');
  if (before.teamId !== after.teamId) fields.push('teamId');
  const time = (d: Date | null) => d?.getTime() ?? null;
  if (
    time(before.snoozedAt) !== time(after.snoozedAt) ||
    time(before.snoozedUntil) !== time(after.snoozedUntil) ||
    time(before.unsnoozedAt) !== time(after.unsnoozedAt)
  )
    fields.push('snooze');
  return fields;
}

const YEAR_MS = 366 * 24 * 3600_000;

/** A conversation neither snoozed nor marked back from one (ending it by hand, moving it, closing it by merge). */
export const snoozeOff = { snoozedAt: null, snoozedUntil: null, unsnoozedAt: null } as const;

/**
 * What a snooze request (or a change of status or agent) does to the snooze columns. Only an active conversation is
 * snoozed; taking it out of active, or handing it to someone else, ends the snooze and its marker.
 */
function snoozePatch(
  before: ConversationRow,
  patch: Partial<typeof conversations.$inferInsert>,
  snooze: UpdateInput['snooze'],
  now: Date,
): Partial<typeof conversations.$inferInsert> {
  const moved = (patch.status !== undefined && patch.status !== 'active') || patch.agentId !== undefined;
  if (snooze === undefined || snooze === null) {
    const snoozed = before.snoozedAt !== null || before.unsnoozedAt !== null;
    return snoozed && (moved || snooze === null) ? snoozeOff : {};
  }
  if ((patch.status ?? before.status) !== 'active' || moved) {
    throw new AppError('INVALID_STATUS_TRANSITION', 'Only an active conversation with its agent can be snoozed', [
      { path: 'snooze', message: `the conversation is ${patch.status ?? before.status}` },
    ]);
  }
  const until = 'until' in snooze ? new Date(snooze.until) : null;
  if (until && (until.getTime() <= now.getTime() || until.getTime() > now.getTime() + YEAR_MS)) {
    throw new AppError('VALIDATION_ERROR', 'A snooze ends in the future, at most a year from now', [
      { path: 'snooze.until', message: 'must be after now and within a year' },
    ]);
  }
  return { snoozedAt: now, snoozedUntil: until, unsnoozedAt: null };
}

export async function updateConversation(deps: Deps, caller: Caller, id: string, body: UpdateInput) {
  if (caller.kind === 'visitor') {
    // A customer may end their own chat, and nothing else.
    const keys = Object.keys(body);
    if (keys.length !== 1 || body.status !== 'resolved') {
      throw new AppError('FORBIDDEN', 'Customers can only mark their conversation resolved');
    }
  }
  const now = deps.clock.now();
  const timestamp = now.toISOString();
  const { before, after } = await deps.db.transaction(async (tx) => {
    const before = await findConversation(tx, caller, id, true);
    if (before.status === 'closed') throw new AppError('CONVERSATION_CLOSED', 'This conversation is closed');
    if (
      caller.kind === 'user' &&
      (body.agentId !== undefined || body.status !== undefined || body.teamId !== undefined)
    ) {
      assertMayMove({ agentId: caller.agentId, isAdmin: caller.role === 'admin' }, before, body.agentId);
    }
    if (body.agentId && body.agentId !== before.agentId) {
      await agentExists(tx, body.agentId);
      // The same lock and limit as the router and accept: nobody goes past max_concurrent_chats.
      await lockAgentWithRoom(tx, body.agentId);
    }
    if (body.teamId) await teamExists(tx, body.teamId);

    const patch: Partial<typeof conversations.$inferInsert> = {};
    if (body.subject !== undefined) patch.subject = body.subject;
    if (body.tags !== undefined) patch.tags = body.tags;
    if (body.priority !== undefined) patch.priority = body.priority;
    if (body.teamId !== undefined) patch.teamId = body.teamId;

    let agentId = before.agentId;
    let status = body.status ?? before.status;
    if (body.agentId !== undefined && body.agentId !== before.agentId) {
      agentId = body.agentId;
      patch.agentId = agentId;
      patch.assignedAt = agentId ? now : null;
      // Assigning takes a waiting chat live; unassigning puts a live one back in the queue.
      if (body.status === undefined) {
        if (agentId && before.status === 'queued') status = 'active';
        if (!agentId && before.status === 'active') status = 'queued';
      }
    }
    if (status !== before.status) {
      if (!transitions[before.status].includes(status)) {
        throw new AppError('INVALID_STATUS_TRANSITION', `Cannot go from ${before.status} to ${status}`);
      }
      if (status === 'active' && !agentId) {
        throw new AppError('INVALID_STATUS_TRANSITION', 'An active conversation needs an agent', [
          { path: 'agentId', message: 'required to make the conversation active' },
        ]);
      }
      patch.status = status;
      if (status === 'resolved') patch.resolvedAt = now;
      if (status === 'closed') {
        patch.closedAt = now;
        patch.resolvedAt = before.resolvedAt ?? now;
      }
      if (status === 'active' || status === 'queued') patch.resolvedAt = null;
      if (status === 'queued') patch.queuedAt = now;
      Object.assign(patch, leftQueue(before, now));
    }
    Object.assign(patch, snoozePatch(before, patch, body.snooze, now));
    if (Object.keys(patch).length === 0) return { before, after: before };
    patch.updatedAt = now;
    const [after] = await tx.update(conversations).set(patch).where(eq(conversations.id, id)).returning();
    if (patch.agentId) {
      await tx
        .update(agents)
        .set({ totalChats: sql`${agents.totalChats} + 1`, lastAssignedAt: now })
        .where(eq(agents.id, patch.agentId));
    }
    await refreshActiveChats(tx, [before.agentId, after!.agentId]);
    await conversationChangeEffects(deps, tx, before, after!, now);
    return { before, after: after! };
  });

  const topic = topics.conversation(id);
  const events: TopicEvent[] = [];
  if (after.agentId !== before.agentId) {
    const [agent] = after.agentId
      ? await deps.db.select({ name: agents.name }).from(agents).where(eq(agents.id, after.agentId)).limit(1)
      : [];
    events.push({
      topic,
      event: {
        type: 'agent_assigned',
        conversationId: id,
        timestamp,
        data: { agentId: after.agentId, agentName: agent?.name ?? null, conversation: toConversationDto(after) },
      },
    });
  }
  if (after.status !== before.status) events.push({ topic, event: statusEvent(after, before.status, timestamp) });
  const fields = detailsChanged(before, after);
  if (fields.length && !events.length) events.push(detailsEvent(after, fields, timestamp));
  await publishAll(deps, events);
  if (after.status !== before.status || after.agentId !== before.agentId || after.priority !== before.priority)
    deps.routing.kick();
  return toConversationDto(after);
}
