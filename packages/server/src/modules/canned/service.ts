// Canned responses: saved replies, shared with every agent or with one team (admins manage those), or private to
// one agent. Shortcuts are unique per scope (partial unique indexes); placeholders are checked when saved and filled
// from the conversation and the agent when used, and each use is counted and dated.
import { firstOrThrow } from '../../db/rows.js';
import { and, asc, desc, eq, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import {
  fillPlaceholders,
  type CannedPlaceholder,
  type CannedResponse,
  type CreateCannedResponseBody,
  type UpdateCannedResponseBody,
} from '@support-chat/protocol';
import { generatedVisitorName } from '@support-chat/protocol/constants';
import { agents, apiKeys, cannedResponses, conversations, teamMembers, teams } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { PG, pgErrorCode } from '../../lib/db-errors.js';
import { containsPattern } from '../../lib/like.js';
import { iso } from '../../lib/time.js';
import type { ConversationRow } from '../chat/dto.js';

type Row = typeof cannedResponses.$inferSelect;
/** A row with the name of the team it is shared with (for the list and the picker). */
type Named = { r: Row; teamName: string | null };

const toDto = ({ r, teamName }: Named): CannedResponse => ({
  id: r.id,
  title: r.title,
  content: r.content,
  shortcut: r.shortcut,
  category: r.category,
  tags: r.tags,
  agentId: r.agentId,
  teamId: r.teamId,
  teamName,
  usageCount: r.usageCount,
  lastUsedAt: r.lastUsedAt ? iso(r.lastUsedAt) : null,
  createdBy: r.createdBy,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

const everyone = and(isNull(cannedResponses.agentId), isNull(cannedResponses.teamId))!;
const mine = (caller: UserCaller) => (caller.agentId ? eq(cannedResponses.agentId, caller.agentId) : sql`false`);
/** Responses shared with a team the caller is a member of (admins, who manage them, see every team's). */
const myTeams = (caller: UserCaller): SQL =>
  caller.role === 'admin'
    ? isNotNull(cannedResponses.teamId)
    : caller.agentId
      ? inArray(
          cannedResponses.teamId,
          sql`(select ${teamMembers.teamId} from ${teamMembers} where ${teamMembers.agentId} = ${caller.agentId})`,
        )
      : sql`false`;

/** What a caller can see: every response shared with everyone, their teams' and their own. */
function visibleTo(caller: UserCaller): SQL {
  return or(everyone, myTeams(caller), mine(caller))!;
}

/** What a caller can change: their own; shared ones (everyone's or a team's) only as an admin. */
function editableBy(caller: UserCaller, row: Row) {
  return row.agentId === null ? caller.role === 'admin' : row.agentId === caller.agentId;
}

/** Rows with their team's name, as the DTO needs them. */
const named = (deps: Pick<Deps, 'db'>) =>
  deps.db
    .select({ r: cannedResponses, teamName: teams.name })
    .from(cannedResponses)
    .leftJoin(teams, eq(teams.id, cannedResponses.teamId));

/** The team a shared response is for must exist. */
async function assertTeam(deps: Pick<Deps, 'db'>, teamId: string) {
  const [t] = await deps.db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId)).limit(1);
  if (!t) throw new AppError('VALIDATION_ERROR', 'Invalid body', [{ path: 'teamId', message: 'no such team' }]);
}

export async function listCanned(
  deps: Pick<Deps, 'db'>,
  caller: UserCaller,
  q: { q?: string; category?: string; scope: 'all' | 'shared' | 'team' | 'mine' },
) {
  const pattern = q.q ? containsPattern(q.q) : undefined;
  const rows = await named(deps)
    .where(
      and(
        visibleTo(caller),
        q.scope === 'shared' ? everyone : undefined,
        q.scope === 'team' ? myTeams(caller) : undefined,
        q.scope === 'mine' ? mine(caller) : undefined,
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

async function find(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string): Promise<Named> {
  const [row] = await named(deps)
    .where(and(eq(cannedResponses.id, id), visibleTo(caller)))
    .limit(1);
  // Another agent's private response, or another team's, answers like a missing one.
  if (!row) throw new AppError('CANNED_RESPONSE_NOT_FOUND', 'Canned response not found');
  return row;
}

export async function getCanned(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string) {
  return toDto(await find(deps, caller, id));
}

/** The response as the DTO shows it, after a write. */
async function reread(deps: Pick<Deps, 'db'>, id: string) {
  return toDto(firstOrThrow(await named(deps).where(eq(cannedResponses.id, id)).limit(1), 'canned response'));
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
  // Agents keep their own by default; a shared one (everyone's or a team's) is an admin's call: it appears in
  // other agents' pickers.
  const shared = body.teamId !== undefined || (body.shared ?? (caller.role === 'admin' || !caller.agentId));
  if (shared && caller.role !== 'admin')
    throw new AppError('FORBIDDEN', 'Only admins can create shared canned responses');
  if (body.teamId) await assertTeam(deps, body.teamId);
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
      teamId: body.teamId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .catch((err: unknown) => shortcutTaken(err, body.shortcut));
  return reread(deps, firstOrThrow(rows, 'canned response').id);
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
  const { r: row } = await find(deps, caller, id);
  if (!editableBy(caller, row)) throw new AppError('FORBIDDEN', 'Only admins can change shared canned responses');
  if (body.teamId !== undefined && row.agentId !== null) {
    throw new AppError('VALIDATION_ERROR', 'Invalid body', [
      { path: 'teamId', message: 'a private response stays private; save a shared copy instead' },
    ]);
  }
  if (body.teamId) await assertTeam(deps, body.teamId);
  const updated = await deps.db
    .update(cannedResponses)
    .set({
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(body.shortcut !== undefined ? { shortcut: body.shortcut } : {}),
      ...(body.category !== undefined ? { category: body.category } : {}),
      ...(body.tags !== undefined ? { tags: body.tags as string[] } : {}),
      ...(body.teamId !== undefined ? { teamId: body.teamId } : {}),
      updatedAt: deps.clock.now(),
    })
    .where(eq(cannedResponses.id, id))
    .returning()
    .catch((err: unknown) => shortcutTaken(err, body.shortcut));
  return reread(deps, firstOrThrow(updated, 'canned response').id);
}

/**
 * Renames a category on every response the caller may change (an admin: the shared ones and their own; an agent:
 * their own). Other agents' private responses keep their labels.
 */
export async function renameCategory(deps: Pick<Deps, 'db' | 'clock'>, caller: UserCaller, from: string, to: string) {
  const mayChange = caller.role === 'admin' ? or(isNull(cannedResponses.agentId), mine(caller))! : mine(caller);
  const rows = await deps.db
    .update(cannedResponses)
    .set({ category: to, updatedAt: deps.clock.now() })
    .where(and(eq(cannedResponses.category, from), mayChange))
    .returning({ id: cannedResponses.id });
  return rows.length;
}

export async function deleteCanned(deps: Pick<Deps, 'db'>, caller: UserCaller, id: string) {
  const { r: row } = await find(deps, caller, id);
  if (!editableBy(caller, row)) throw new AppError('FORBIDDEN', 'Only admins can delete shared canned responses');
  await deps.db.delete(cannedResponses).where(eq(cannedResponses.id, id));
}

const firstName = (name: string | null | undefined) => name?.trim().split(/\s+/)[0] ?? null;

/**
 * What the placeholders stand for in a conversation, written by this caller (canned responses and macros' replies).
 * A generated name ("Visitor 4821") counts as no name, so `{{customer.firstName|there}}` falls back.
 */
export async function placeholderValues(
  deps: Pick<Deps, 'db'>,
  caller: UserCaller,
  conversation: Pick<ConversationRow, 'id' | 'customerName' | 'customerEmail' | 'customerId' | 'subject'> | undefined,
): Promise<Record<CannedPlaceholder, string | null>> {
  const [agent] = caller.agentId
    ? await deps.db
        .select({ name: agents.name, email: agents.email })
        .from(agents)
        .where(eq(agents.id, caller.agentId))
        .limit(1)
    : [];
  const agentName = agent?.name ?? caller.name;
  const customerName =
    conversation && !generatedVisitorName.test(conversation.customerName) ? conversation.customerName : null;
  return {
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
}

/**
 * Using a response: its text with the placeholders filled for this conversation and agent, and one more use
 * counted (atomically, so parallel uses all count). Nothing is sent: the agent still edits and sends it.
 */
export async function useCanned(
  deps: Pick<Deps, 'db' | 'clock'>,
  caller: UserCaller,
  id: string,
  conversationId?: string,
) {
  await find(deps, caller, id);
  const [conversation] = conversationId
    ? await deps.db.select().from(conversations).where(eq(conversations.id, conversationId)).limit(1)
    : [];
  if (conversationId && !conversation) throw conversationNotFound();
  await deps.db
    .update(cannedResponses)
    .set({ usageCount: sql`${cannedResponses.usageCount} + 1`, lastUsedAt: deps.clock.now() })
    .where(eq(cannedResponses.id, id));
  const row = await reread(deps, id);
  const values = await placeholderValues(deps, caller, conversation);
  return { content: fillPlaceholders(row.content, values), cannedResponse: row };
}
