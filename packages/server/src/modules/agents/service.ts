// Agents (with their login users) and teams. Admin-only writes; the routing issue builds on these rows.
import { firstOrThrow } from '../../db/rows.js';
import type { z } from 'zod';
import type {
  Agent,
  CreateAgentBody,
  CreateTeamBody,
  Team,
  UpdateAgentBody,
  UpdateTeamBody,
  User,
} from '@support-chat/protocol';
import { and, asc, count, eq, gte, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import {
  agents,
  cannedResponses,
  conversations,
  messages,
  routingRules,
  teamMembers,
  teams,
  tickets,
  users,
} from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { defaultNotificationSettings } from '@support-chat/protocol';
import { PG, pgErrorCode } from '../../lib/db-errors.js';
import { hashPassword, randomSecret } from '../../lib/secrets.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { announceRevocation, revokeUserSessions } from '../../identity/sessions.js';

type AgentRow = typeof agents.$inferSelect;
type TeamRow = typeof teams.$inferSelect;
type UserRow = typeof users.$inferSelect;

export const toAgentDto = (
  a: AgentRow,
  teamIds: string[],
  login: { active: boolean; role: User['role'] } = { active: true, role: 'agent' },
): Agent => ({
  id: a.id,
  userId: a.userId,
  name: a.name,
  email: a.email,
  avatarUrl: a.avatarUrl,
  phone: a.phone,
  status: a.status,
  teamId: a.teamId,
  teamName: a.teamName,
  skills: a.skills,
  teamIds,
  maxConcurrentChats: a.maxConcurrentChats,
  activeChats: a.activeChats,
  totalChats: a.totalChats,
  averageRating: a.averageRating,
  averageResponseTime: a.averageResponseTime,
  lastActiveAt: isoOrNull(a.lastActiveAt),
  lastSeenAt: isoOrNull(a.lastSeenAt),
  active: login.active,
  role: login.role,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

export const toUserDto = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  agentId: u.agentId,
  // Settings added later than the row: their default.
  notifications: { ...defaultNotificationSettings, ...u.notifications },
  createdAt: iso(u.createdAt),
});

const toTeamDto = (t: TeamRow, memberIds: string[]): Team => ({
  id: t.id,
  name: t.name,
  description: t.description,
  assignmentMode: t.assignmentMode,
  memberIds,
  defaultSkills: t.defaultSkills,
  createdAt: iso(t.createdAt),
  updatedAt: iso(t.updatedAt),
});

async function membershipsOf(db: Executor, by: 'agent' | 'team', ids: string[]) {
  const map = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const col = by === 'agent' ? teamMembers.agentId : teamMembers.teamId;
  const rows = await db.select().from(teamMembers).where(inArray(col, ids)).orderBy(asc(teamMembers.createdAt));
  for (const r of rows) map.get(by === 'agent' ? r.agentId : r.teamId)?.push(by === 'agent' ? r.teamId : r.agentId);
  return map;
}

/** Unknown ids in a body are the caller's mistake: 400 naming the field, not a foreign-key 500. */
async function assertAllExist(db: Executor, table: typeof agents | typeof teams, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await db.select({ id: table.id }).from(table).where(inArray(table.id, unique));
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) {
    throw new AppError('VALIDATION_ERROR', `Unknown ${field}`, [
      { path: field, message: `unknown ids: ${missing.join(', ')}` },
    ]);
  }
}

/**
 * An agent's teams and primary team from a body: the primary (when given) is joined if missing; when not given it is
 * the first listed team. `primary === null` means no primary team.
 */
function teamsFor(teamIds: string[], primary: string | null | undefined) {
  const unique = [...new Set(teamIds)];
  if (primary && !unique.includes(primary)) unique.push(primary);
  return { teamIds: unique, primary: primary === undefined ? (unique[0] ?? null) : primary };
}

/** After team memberships change: each agent keeps a primary team they still belong to, else their first one. */
async function refreshPrimaryTeams(db: Executor, agentIds: string[]) {
  const ids = [...new Set(agentIds)];
  if (ids.length === 0) return;
  await db
    .update(agents)
    .set({
      teamId: sql`coalesce(
      (select tm.team_id from ${teamMembers} tm where tm.agent_id = ${agents.id} and tm.team_id = ${agents.teamId}),
      (select tm.team_id from ${teamMembers} tm where tm.agent_id = ${agents.id} order by tm.created_at, tm.team_id limit 1))`,
    })
    .where(inArray(agents.id, ids));
}

export async function agentExists(db: Executor, id: string, field = 'agentId') {
  await assertAllExist(db, agents, [id], field);
}
export async function teamExists(db: Executor, id: string, field = 'teamId') {
  await assertAllExist(db, teams, [id], field);
}

/** Agents with whether their login is enabled (deactivation disables the user, the one place sign-in checks). */
const withLogin = (db: Executor) =>
  db
    .select({ agent: agents, disabled: users.disabled, role: users.role })
    .from(agents)
    .leftJoin(users, eq(users.id, agents.userId));
const loginOf = (r: { disabled: boolean | null; role: User['role'] | null }) => ({
  active: !r.disabled,
  role: r.role ?? 'agent',
});

export async function getAgentDto(db: Executor, id: string): Promise<Agent> {
  const [row] = await withLogin(db).where(eq(agents.id, id)).limit(1);
  if (!row) throw new AppError('AGENT_NOT_FOUND', 'Agent not found');
  return toAgentDto(row.agent, (await membershipsOf(db, 'agent', [id])).get(id) ?? [], loginOf(row));
}

export async function listAgents(db: Executor): Promise<Agent[]> {
  const rows = await withLogin(db).orderBy(asc(agents.name), asc(agents.createdAt));
  const teamsByAgent = await membershipsOf(
    db,
    'agent',
    rows.map((r) => r.agent.id),
  );
  return rows.map((r) => toAgentDto(r.agent, teamsByAgent.get(r.agent.id) ?? [], loginOf(r)));
}

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type CreateAgentInput = z.output<typeof CreateAgentBody>;

/** Creates the agent row and its login in one transaction; returns a generated password once if none was given. */
export async function createAgent(deps: Pick<Deps, 'db'>, input: CreateAgentInput) {
  const email = input.email.toLowerCase();
  const initialPassword = input.password === undefined ? randomSecret(12) : undefined;
  const passwordHash = await hashPassword(input.password ?? initialPassword!);
  try {
    return await deps.db.transaction(async (tx) => {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
      if (taken) throw new AppError('EMAIL_TAKEN', 'A user with this email already exists');
      const { teamIds, primary } = teamsFor(input.teamIds ?? [], input.teamId);
      await assertAllExist(tx, teams, teamIds, input.teamId ? 'teamId' : 'teamIds');
      // The login first: the agent row names its user (NOT NULL), and the user then points back at the agent.
      const created = firstOrThrow(
        await tx.insert(users).values({ email, name: input.name, passwordHash, role: input.role }).returning(),
        'user',
      );
      const agent = firstOrThrow(
        await tx
          .insert(agents)
          .values({
            userId: created.id,
            name: input.name,
            email,
            skills: input.skills ?? [],
            maxConcurrentChats: input.maxConcurrentChats,
            avatarUrl: input.avatarUrl ?? null,
            phone: input.phone ?? null,
            teamId: primary,
          })
          .returning(),
        'agent',
      );
      const user = firstOrThrow(
        await tx.update(users).set({ agentId: agent.id }).where(eq(users.id, created.id)).returning(),
        'user',
      );
      if (teamIds.length) await tx.insert(teamMembers).values(teamIds.map((teamId) => ({ teamId, agentId: agent.id })));
      const dto = toAgentDto(agent, teamIds, { active: true, role: user.role });
      return { agent: dto, user: toUserDto(user), initialPassword };
    });
  } catch (err) {
    // Two admins creating the same email at once: the unique index decides.
    if (pgErrorCode(err) === PG.uniqueViolation)
      throw new AppError('EMAIL_TAKEN', 'A user with this email already exists');
    throw err;
  }
}

/** The route's body as its schema parsed it (defaults applied): one contract, no hand-written copy. */
export type UpdateAgentInput = z.output<typeof UpdateAgentBody>;

export async function updateAgent(
  deps: Pick<Deps, 'db' | 'clock' | 'bus' | 'log'>,
  id: string,
  input: UpdateAgentInput,
): Promise<Agent> {
  const { teamIds, teamId, role, password, ...fields } = input;
  const passwordHash = password === undefined ? undefined : await hashPassword(password);
  let revokedUserId: string | undefined;
  const agent = await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(agents).where(eq(agents.id, id)).for('update').limit(1);
    if (!row) throw new AppError('AGENT_NOT_FOUND', 'Agent not found');
    if (Object.keys(fields).length) await tx.update(agents).set(fields).where(eq(agents.id, id));
    const userFields = {
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(role !== undefined ? { role } : {}),
      ...(passwordHash !== undefined ? { passwordHash } : {}),
    };
    if (Object.keys(userFields).length) {
      const [before] = await tx.select().from(users).where(eq(users.agentId, id)).limit(1);
      if (before) {
        await tx.update(users).set(userFields).where(eq(users.id, before.id));
        // A new password or role must not leave old sessions running with the old rights.
        if ((role !== undefined && role !== before.role) || passwordHash !== undefined) {
          await revokeUserSessions({ db: tx, clock: deps.clock }, before.id);
          revokedUserId = before.id;
        }
      }
    }
    if (teamIds || teamId !== undefined) {
      const current = teamIds ?? (await membershipsOf(tx, 'agent', [id])).get(id) ?? [];
      const next = teamsFor(
        current,
        teamId !== undefined ? teamId : current.includes(row.teamId ?? '') ? row.teamId : undefined,
      );
      await assertAllExist(tx, teams, next.teamIds, teamId ? 'teamId' : 'teamIds');
      await tx.delete(teamMembers).where(eq(teamMembers.agentId, id));
      if (next.teamIds.length)
        await tx.insert(teamMembers).values(next.teamIds.map((t) => ({ teamId: t, agentId: id })));
      await tx.update(agents).set({ teamId: next.primary }).where(eq(agents.id, id));
    }
    return getAgentDto(tx, id);
  });
  if (revokedUserId) await announceRevocation(deps, { type: 'user_sessions_revoked', userId: revokedUserId });
  return agent;
}

export async function listTeams(db: Executor): Promise<Team[]> {
  const rows = await db.select().from(teams).orderBy(asc(teams.name));
  const members = await membershipsOf(
    db,
    'team',
    rows.map((r) => r.id),
  );
  return rows.map((r) => toTeamDto(r, members.get(r.id) ?? []));
}

export async function getTeam(db: Executor, id: string): Promise<Team> {
  const [row] = await db.select().from(teams).where(eq(teams.id, id)).limit(1);
  if (!row) throw new AppError('TEAM_NOT_FOUND', 'Team not found');
  return toTeamDto(row, (await membershipsOf(db, 'team', [id])).get(id) ?? []);
}

async function nameTaken(db: Executor, name: string, exceptId?: string) {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.name, name)).limit(1);
  return Boolean(row && row.id !== exceptId);
}

export async function createTeam(db: Executor, input: z.output<typeof CreateTeamBody>) {
  const teamConflict = () =>
    new AppError('CONFLICT', 'A team with this name already exists', [{ path: 'name', message: 'taken' }]);
  try {
    return await db.transaction(async (tx) => {
      if (await nameTaken(tx, input.name)) throw teamConflict();
      await assertAllExist(tx, agents, input.memberIds ?? [], 'memberIds');
      await assertKnownSkills(tx, input.defaultSkills, 'defaultSkills');
      const team = firstOrThrow(
        await tx
          .insert(teams)
          .values({
            name: input.name,
            description: input.description ?? null,
            assignmentMode: input.assignmentMode ?? 'auto',
            defaultSkills: input.defaultSkills ?? [],
          })
          .returning(),
        'team',
      );
      const memberIds = [...new Set(input.memberIds ?? [])];
      if (memberIds.length)
        await tx.insert(teamMembers).values(memberIds.map((agentId) => ({ teamId: team.id, agentId })));
      await refreshPrimaryTeams(tx, memberIds);
      return toTeamDto(team, memberIds);
    });
  } catch (err) {
    if (pgErrorCode(err) === PG.uniqueViolation) throw teamConflict();
    throw err;
  }
}

export async function updateTeam(db: Executor, id: string, input: z.output<typeof UpdateTeamBody>) {
  return db.transaction(async (tx) => {
    const { memberIds, ...fields } = input;
    await assertKnownSkills(tx, fields.defaultSkills, 'defaultSkills');
    const [row] = await tx.select().from(teams).where(eq(teams.id, id)).for('update').limit(1);
    if (!row) throw new AppError('TEAM_NOT_FOUND', 'Team not found');
    if (fields.name !== undefined && (await nameTaken(tx, fields.name, id))) {
      throw new AppError('CONFLICT', 'A team with this name already exists', [{ path: 'name', message: 'taken' }]);
    }
    if (Object.keys(fields).length)
      await tx
        .update(teams)
        .set({ ...fields, updatedAt: sql`now()` })
        .where(eq(teams.id, id));
    if (memberIds) {
      await assertAllExist(tx, agents, memberIds, 'memberIds');
      const removed = await tx
        .delete(teamMembers)
        .where(eq(teamMembers.teamId, id))
        .returning({ agentId: teamMembers.agentId });
      const unique = [...new Set(memberIds)];
      if (unique.length) await tx.insert(teamMembers).values(unique.map((agentId) => ({ teamId: id, agentId })));
      await refreshPrimaryTeams(tx, [...removed.map((r) => r.agentId), ...unique]);
    }
    return getTeam(tx, id);
  });
}

/**
 * Skills must be ones some agent has: a rule or a team asking for a typo would strand chats until the fallback drops
 * the skills. `path` names the field in the refusal.
 */
export async function assertKnownSkills(db: Executor, skills: string[] | undefined, path: string) {
  if (!skills?.length) return;
  const rows = await db
    .select({ skill: sql<string>`lower(s)` })
    .from(sql`${agents}, unnest(${agents.skills}) as s`)
    .groupBy(sql`lower(s)`);
  const known = new Set(rows.map((r) => r.skill));
  const unknown = skills.filter((s) => !known.has(s.toLowerCase()));
  if (unknown.length) {
    throw new AppError('VALIDATION_ERROR', 'Unknown skills', [
      { path, message: `no agent has: ${unknown.join(', ')}` },
    ]);
  }
}

/** What each agent has done since `since`: chats taken, chats resolved, replies to customers. */
export async function agentActivity(db: Executor, since: Date) {
  const [taken, resolved, replies, known] = await Promise.all([
    db
      .select({ id: conversations.agentId, n: count() })
      .from(conversations)
      .where(and(isNotNull(conversations.agentId), gte(conversations.assignedAt, since)))
      .groupBy(conversations.agentId),
    db
      .select({ id: conversations.agentId, n: count() })
      .from(conversations)
      .where(and(isNotNull(conversations.agentId), gte(conversations.resolvedAt, since)))
      .groupBy(conversations.agentId),
    db
      .select({ id: messages.senderId, n: count() })
      .from(messages)
      .where(and(eq(messages.senderType, 'agent'), eq(messages.isPrivate, false), gte(messages.createdAt, since)))
      .groupBy(messages.senderId),
    db.select({ id: agents.id }).from(agents),
  ]);
  const counts = new Map(known.map((a) => [a.id, { agentId: a.id, assigned: 0, resolved: 0, replies: 0 }]));
  for (const [rows, key] of [
    [taken, 'assigned'],
    [resolved, 'resolved'],
    [replies, 'replies'],
  ] as const) {
    // Replies sent with an API key or by an admin without an agent profile have no agent to count for.
    for (const r of rows) {
      const c = r.id ? counts.get(r.id) : undefined;
      if (c) c[key] = r.n;
    }
  }
  return [...counts.values()].filter((c) => c.assigned || c.resolved || c.replies);
}

/**
 * Deletes a team. One with members, open chats, open tickets, routing rules or canned responses is refused
 * (TEAM_NOT_EMPTY, with the counts) unless `reassignTo` names the team its open chats, open tickets, rules and canned
 * responses move to, in the same transaction; members simply leave it. Returns the team as it was and what moved.
 */
export async function deleteTeam(db: Executor, id: string, reassignTo?: string) {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(teams).where(eq(teams.id, id)).for('update').limit(1);
    if (!row) throw new AppError('TEAM_NOT_FOUND', 'Team not found');
    if (reassignTo === id)
      throw new AppError('VALIDATION_ERROR', 'Invalid query', [
        { path: 'reassignTo', message: 'must be another team' },
      ]);
    if (reassignTo) await assertAllExist(tx, teams, [reassignTo], 'reassignTo');
    const before = await getTeam(tx, id);
    const openChat = and(eq(conversations.teamId, id), inArray(conversations.status, ['queued', 'active']));
    const openTicket = and(eq(tickets.assignedTeamId, id), notInArray(tickets.status, ['resolved', 'closed']));
    const counted = async (q: Promise<{ n: number }[]>) => (await q)[0]?.n ?? 0;
    const held = {
      members: before.memberIds.length,
      conversations: await counted(tx.select({ n: count() }).from(conversations).where(openChat)),
      tickets: await counted(tx.select({ n: count() }).from(tickets).where(openTicket)),
      rules: await counted(tx.select({ n: count() }).from(routingRules).where(eq(routingRules.teamId, id))),
      cannedResponses: await counted(
        tx.select({ n: count() }).from(cannedResponses).where(eq(cannedResponses.teamId, id)),
      ),
    };
    if (!reassignTo && Object.values(held).some((n) => n > 0))
      throw new AppError(
        'TEAM_NOT_EMPTY',
        `${row.name} still has members, open chats, tickets, rules or canned responses`,
        held,
      );
    if (reassignTo) {
      await tx.update(conversations).set({ teamId: reassignTo }).where(openChat);
      await tx.update(tickets).set({ assignedTeamId: reassignTo }).where(openTicket);
      await tx.update(routingRules).set({ teamId: reassignTo }).where(eq(routingRules.teamId, id));
      await tx.update(cannedResponses).set({ teamId: reassignTo }).where(eq(cannedResponses.teamId, id));
    }
    await tx.delete(teams).where(eq(teams.id, id));
    await refreshPrimaryTeams(tx, before.memberIds);
    const { members: _, ...moved } = held;
    return { before, moved };
  });
}
