// Canned responses: saved replies, shared with every agent (admins manage those) or private to one agent.
// Shortcuts are unique per scope (partial unique indexes); placeholders are checked when saved and filled
// from the conversation and the agent when used, and each use is counted.
import { firstOrThrow } from '../../db/rows.js';
import { and, asc, desc, eq, ilike, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  fillPlaceholders,
  type CannedPlaceholder,
  type CannedResponse,
  type CreateCannedResponseBody,
  type UpdateCannedResponseBody,
} from '@support-chat/protocol';
import { generatedVisitorName } from '@support-chat/protocol/constants';
import { agents, apiKeys, cannedResponses, conversations } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { PG, pgErrorCode } from '../../lib/db-errors.js';
import { containsPattern } from '../../lib/like.js';
import { iso } from '../../lib/time.js';

type Row = typeof cannedResponses.$inferSelect;

const toDto = (r: Row): CannedResponse => ({
  id: r.id,
  title: r.title,
  content: r.content,
  shortcut: r.shortcut,
  category: r.category,
  tags: r.tags,
  agentId: r.agentId,
  usageCount: r.usageCount,
  createdBy: r.createdBy,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** What a caller can see: every shared response and their own. */
function visibleTo(caller: UserCaller): SQL {
  return caller.agentId
    ? or(isNull(cannedResponses.agentId), eq(cannedResponses.agentId, caller.agentId))!
    : isNull(cannedResponses.agentId);
}

/** What a caller can change: their own; shared ones only as an admin. */
function editableBy(caller: UserCaller, row: Row) {
  return row.agentId === null ? caller.role === 'admin' : row.agentId === caller.agentId;
}

export async function listCanned(
  deps: Pick<Deps, 'db'>,
  caller: UserCaller,
  q: { q?: string; category?: string; scope: 'all' | 'shared' | 'mine' },
) {
  const pattern = q.q ? containsPattern(q.q) : undefined;
  const rows = await deps.db
    .select()
    .from(cannedResponses)
    .where(
      and(
        visibleTo(caller),
        q.scope === 'shared' ? isNull(cannedResponses.agentId) : undefined,
        q.scope === 'mine' ? (caller.agentId ? eq(cannedResponses.agentId, caller.agentId) : sql`false`) : undefined,
        q.category ? eq(cannedResponses.category, q.category) : undefined,
        pattern
          ? or(
              ilike(cannedResponses.title, pattern),
              ilike(cannedResponses.content, pattern),
              ilike(cannedResponses.shortcut, pattern),
            )
          : undefined,
      ),
    )
    .orderBy(desc(cannedResponses.usageCount), asc(cannedResponses.title), asc(cannedResponses.id))
    .limit(1000);
  return rows.map(toDto);
}

async function find(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string) {
  const [row] = await deps.db
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.id, id), visibleTo(caller)))
    .limit(1);
  // Another agent's private response answers like a missing one.
  if (!row) throw new AppError('CANNED_RESPONSE_NOT_FOUND', 'Canned response not found');
  return row;
}

export async function getCanned(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string) {
  return toDto(await find(deps, caller, id));
}

function shortcutTaken(err: unknown, shortcut: string | null | undefined): never {
  if (pgErrorCode(err) === PG.uniqueViolation) {
    throw new AppError('SHORTCUT_TAKEN', `The shortcut /${shortcut} is already used in this scope`, [
      { path: 'shortcut', message: 'already used' },
    ]);
  }
  throw err;
}

export async function createCanned(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: UserCaller,
  body: CreateCannedResponseBody & { shortcut?: string | null },
) {
  // Agents keep their own by default; a shared one is an admin's call (it appears in everyone's picker).
  const shared = body.shared ?? (caller.role === 'admin' || !caller.agentId);
  if (shared && caller.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only admins can create shared canned responses');
  if (!shared && !caller.agentId) {
    throw new AppError('FORBIDDEN', 'Private canned responses belong to an agent; this account has no agent profile');
  }
  const createdBy = await authorOf(deps, caller);
  const now = deps.clock.now();
  const rows = await deps.db
    .insert(cannedResponses)
    .values({
      createdBy,
      title: body.title,
      content: body.content,
      shortcut: body.shortcut ?? null,
      category: body.category ?? null,
      tags: body.tags ?? [],
      agentId: shared ? null : caller.agentId,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .catch((err: unknown) => shortcutTaken(err, body.shortcut));
  return toDto(firstOrThrow(rows, 'canned response'));
}

/** The user behind a write: the session's user, or the admin who made the API key in use. */
async function authorOf(deps: Pick<Deps, 'db'>, caller: UserCaller) {
  if (caller.userId) return caller.userId;
  const [key] = caller.apiKeyId
    ? await deps.db.select({ by: apiKeys.createdBy }).from(apiKeys).where(eq(apiKeys.id, caller.apiKeyId)).limit(1)
    : [];
  if (!key?.by)
    throw new AppError('FORBIDDEN', 'Canned responses are written by a user; this API key has no owner left');
  return key.by;
}

export async function updateCanned(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: UserCaller,
  id: string,
  body: UpdateCannedResponseBody,
) {
  const row = await find(deps, caller, id);
  if (!editableBy(caller, row)) throw new AppError('FORBIDDEN', 'Only admins can change shared canned responses');
  const updated = await deps.db
    .update(cannedResponses)
    .set({
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(body.shortcut !== undefined ? { shortcut: body.shortcut } : {}),
      ...(body.category !== undefined ? { category: body.category } : {}),
      ...(body.tags !== undefined ? { tags: body.tags as string[] } : {}),
      updatedAt: deps.clock.now(),
    })
    .where(eq(cannedResponses.id, id))
    .returning()
    .catch((err: unknown) => shortcutTaken(err, body.shortcut));
  return toDto(firstOrThrow(updated, 'canned response'));
}

export async function deleteCanned(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string) {
  const row = await find(deps, caller, id);
  if (!editableBy(caller, row)) throw new AppError('FORBIDDEN', 'Only admins can delete shared canned responses');
  await deps.db.delete(cannedResponses).where(eq(cannedResponses.id, id));
}

const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? null;

/**
 * Using a response: its text with the placeholders filled for this conversation and agent, and one more use
 * counted (atomically, so parallel uses all count). Nothing is sent: the agent still edits and sends it.
 */
export async function useCanned(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string, conversationId?: string) {
  await find(deps, caller, id);
  const [conversation] = conversationId
    ? await deps.db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1)
    : [];
  if (conversationId && !conversation) throw conversationNotFound();
  const [agent] = caller.agentId
    ? await deps.db
        .select({ name: agents.name, email: agents.email })
        .from(agents)
        .where(eq(agents.id, caller.agentId))
        .limit(1)
    : [];
  const [row] = await deps.db
    .update(cannedResponses)
    .set({ usageCount: sql`${cannedResponses.usageCount} + 1` })
    .where(eq(cannedResponses.id, id))
    .returning();
  const agentName = agent?.name ?? caller.name;
  // "Hi Visitor 4821" greets no one: a generated name counts as no name, so `{{customer.firstName|there}}` falls back.
  const customerName =
    conversation && !generatedVisitorName.test(conversation.customerName) ? conversation.customerName : null;
  const values: Record<CannedPlaceholder, string | null> = {
    'customer.name': customerName,
    'customer.firstName': firstName(customerName),
    'customer.email': conversation?.customerEmail ?? null,
    'customer.id': conversation?.customerId ?? null,
    'agent.name': agentName,
    'agent.firstName': firstName(agentName),
    'agent.email': agent?.email ?? null,
    'conversation.subject': conversation?.subject ?? null,
    'conversation.id': conversation?.id ?? null,
  };
  return { content: fillPlaceholders(row!.content, values), cannedResponse: toDto(row!) };
}
