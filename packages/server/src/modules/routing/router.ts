// The router: assigns queued conversations to agents (policy.ts decides who, assign.ts makes it race-free),
// keeps waiting visitors told where they stand, and runs the presence sweep. It runs when kicked (a new chat, an
// agent online, capacity freed) and on a timer on every node; the row locks make concurrent runs safe.
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Availability } from '@support-chat/protocol';
import type { Tx } from '../../db/client.js';
import { agents, conversations, teamMembers, teams, users } from '../../db/schema/index.js';
import { announceRevocation, revokeUserSessions } from '../../identity/sessions.js';
import type { Deps } from '../../deps.js';
import { AppError, conversationNotFound } from '../../errors.js';
import { topics } from '../../bus/bus.js';
import { publishAll, type TopicEvent } from '../../bus/publish.js';
import { toConversationDto, toMessageDto, type ConversationRow } from '../chat/dto.js';
import { appendMessage, systemLine, systemSender, systemText, type SystemLine } from '../chat/messages.js';
import { assertMayMove } from '../chat/scope.js';
import { assignTx, publishAssignment, type Assignment } from './assign.js';
import { refreshActiveChats } from '../agents/counters.js';
import { canTake, estimateWaitSeconds, pickAgent, type Capacity, type CandidateAgent } from './policy.js';
import type { Presence } from './presence.js';

const priorityRank = sql`case ${conversations.priority} when 'urgent' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
/** Waiting for an agent: chats, and email conversations (the offline form, mail to the support address) alike. */
const inQueue = and(eq(conversations.status, 'queued'), isNull(conversations.agentId));

export interface QueueEntry {
  conversation: ReturnType<typeof toConversationDto>;
  position: number;
  waitingSeconds: number;
  estimatedWaitSeconds: number | null;
}

export class Router {
  private running = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  /** What this node last told each waiting conversation, so unchanged positions are not re-sent. */
  private readonly told = new Map<string, string>();
  private availabilityCache?: {
    at: number;
    value: Omit<Availability, 'originAllowed' | 'withinBusinessHours' | 'nextOpenAt'>;
  };
  /** Something changed the queue since waiting visitors were last told (a kick, not just the timer). */
  private dirty = true;
  private lastPoolKey = '';

  constructor(
    private readonly deps: Deps,
    readonly presence: Presence,
  ) {}

  start() {
    this.timer = setInterval(() => void this.sweep(), this.deps.config.routing.sweepMs);
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /** Asks for a routing pass soon; passes never overlap on a node, and a kick during one causes another. */
  kick() {
    this.availabilityCache = undefined;
    this.dirty = true;
    this.schedule();
  }

  private schedule() {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    setImmediate(() => void this.loop());
  }

  /** Waits for the pass in progress (and any it caused) to finish: for tests and shutdown. */
  async idle() {
    while (this.running) await new Promise((r) => setTimeout(r, 5));
  }

  private async loop() {
    try {
      do {
        this.again = false;
        await this.route();
      } while (this.again);
    } catch (err) {
      this.deps.log.error({ err }, 'routing pass failed');
    } finally {
      this.running = false;
    }
  }

  async sweep() {
    try {
      await this.presence.sweep();
    } catch (err) {
      this.deps.log.error({ err }, 'presence sweep failed');
    }
    // A timed pass assigns what the fallbacks now allow; it re-tells the queue only if something changed.
    this.schedule();
  }

  // ---- assignment ---------------------------------------------------------------------------------------

  private async candidates(): Promise<CandidateAgent[]> {
    const rows = await this.deps.db.select().from(agents).where(eq(agents.status, 'online'));
    if (!rows.length) return [];
    const memberships = await this.deps.db
      .select()
      .from(teamMembers)
      .where(
        inArray(
          teamMembers.agentId,
          rows.map((r) => r.id),
        ),
      );
    return rows.map((a) => ({
      id: a.id,
      name: a.name,
      avatarUrl: a.avatarUrl,
      status: a.status,
      skills: a.skills,
      activeChats: a.activeChats,
      maxConcurrentChats: a.maxConcurrentChats,
      lastAssignedAt: a.lastAssignedAt,
      teamIds: memberships.filter((m) => m.agentId === a.id).map((m) => m.teamId),
    }));
  }

  /** One pass: walk the queue in order and give each conversation the best agent who can take it now. */
  async route() {
    const pool = await this.candidates();
    let assigned = 0;
    // Nobody has room: nothing to assign, so the queue is not even read for it.
    if (pool.some((a) => a.activeChats < a.maxConcurrentChats)) {
      const queued = await this.deps.db
        .select()
        .from(conversations)
        .where(inQueue)
        .orderBy(priorityRank, asc(conversations.queuedAt), asc(conversations.id))
        .limit(1000);
      const manual = new Set(
        (await this.deps.db.select({ id: teams.id }).from(teams).where(eq(teams.assignmentMode, 'manual'))).map(
          (t) => t.id,
        ),
      );
      const widening = this.deps.config.routing;
      const now = this.deps.clock.now();
      for (const c of queued) {
        if (!pool.some((a) => a.activeChats < a.maxConcurrentChats)) break;
        if (c.teamId && manual.has(c.teamId)) continue;
        const waited = Math.max(0, (now.getTime() - (c.queuedAt ?? c.createdAt).getTime()) / 1000);
        const agent = pickAgent(
          pool,
          { teamId: c.teamId, requiredSkills: c.requiredSkills, waitedSeconds: waited },
          widening,
        );
        if (!agent) continue;
        const result = await this.tryAssign(c.id, agent.id);
        if (result === 'assigned') {
          assigned++;
          agent.activeChats++;
          agent.lastAssignedAt = now;
        } else if (result === 'agent-unavailable') {
          // Another node filled this agent, or they just went away: stop offering them in this pass.
          agent.activeChats = agent.maxConcurrentChats;
        }
      }
    }
    const poolKey = pool
      .map((a) => `${a.id}:${a.activeChats}/${a.maxConcurrentChats}`)
      .sort()
      .join(',');
    if (this.dirty || assigned > 0 || poolKey !== this.lastPoolKey) {
      this.dirty = false;
      this.lastPoolKey = poolKey;
      await this.publishQueue(pool);
    }
  }

  private async tryAssign(
    conversationId: string,
    agentId: string,
  ): Promise<'assigned' | 'skipped' | 'agent-unavailable'> {
    const now = this.deps.clock.now();
    let assignment: Assignment | undefined;
    try {
      assignment = await this.deps.db.transaction(async (tx) => {
        // SKIP LOCKED: a conversation another node is assigning right now is that node's business.
        const [c] = await tx
          .select()
          .from(conversations)
          .where(and(eq(conversations.id, conversationId), inQueue))
          .for('update', { skipLocked: true })
          .limit(1);
        if (!c) return undefined;
        return assignTx(this.deps, tx, c, agentId, now, { mustBeOnline: true });
      });
    } catch (err) {
      if (
        err instanceof AppError &&
        (err.code === 'AGENT_AT_CAPACITY' || err.code === 'CONFLICT' || err.code === 'AGENT_NOT_FOUND')
      ) {
        return 'agent-unavailable';
      }
      throw err;
    }
    if (!assignment) return 'skipped';
    await publishAssignment(this.deps, assignment, now);
    return 'assigned';
  }

  // ---- manual moves -------------------------------------------------------------------------------------

  /** An agent takes a queued chat: 409 if someone just took it (with who) or if they are at their limit. */
  async accept(agentId: string, conversationId: string) {
    const now = this.deps.clock.now();
    const assignment = await this.deps.db.transaction(async (tx) => {
      const [c] = await tx
        .select()
        .from(conversations)
        .where(eq(conversations.id, conversationId))
        .for('update')
        .limit(1);
      if (!c) throw conversationNotFound();
      if (c.agentId || c.status !== 'queued') {
        throw new AppError(
          'ALREADY_ASSIGNED',
          c.agentId ? 'Another agent has taken this chat' : `The chat is ${c.status}`,
          {
            agentId: c.agentId,
            status: c.status,
          },
        );
      }
      return assignTx(this.deps, tx, c, agentId, now);
    });
    this.presence.markActive(agentId);
    await publishAssignment(this.deps, assignment, now);
    this.kick();
    return toConversationDto(assignment.after);
  }

  /** Hand a chat you hold to another agent (who must have room) or to a team's queue. Admins may move any chat. */
  async transfer(
    by: { agentId: string | null; isAdmin: boolean },
    conversationId: string,
    to: { agentId?: string; teamId?: string },
  ) {
    const now = this.deps.clock.now();
    const result = await this.deps.db.transaction(async (tx) => {
      const c = await this.lockHeld(tx, by, conversationId);
      if (to.agentId) {
        if (to.agentId === c.agentId) throw new AppError('CONFLICT', 'The chat is already with this agent');
        return { assignment: await assignTx(this.deps, tx, c, to.agentId, now) };
      }
      const [team] = await tx.select().from(teams).where(eq(teams.id, to.teamId!)).limit(1);
      if (!team) throw new AppError('VALIDATION_ERROR', 'Unknown team', [{ path: 'teamId', message: 'unknown team' }]);
      return { requeued: await this.requeue(tx, c, now, team.id, systemLine('transferred', team.name)) };
    });
    if (by.agentId) this.presence.markActive(by.agentId);
    if (result.assignment) await publishAssignment(this.deps, result.assignment, now);
    else await publishAll(this.deps, result.requeued!);
    this.kick();
    return toConversationDto(result.assignment?.after ?? (await this.reload(conversationId)));
  }

  /** Put a chat you hold back in the queue. */
  async returnToQueue(by: { agentId: string | null; isAdmin: boolean }, conversationId: string) {
    const now = this.deps.clock.now();
    const events = await this.deps.db.transaction(async (tx) => {
      const c = await this.lockHeld(tx, by, conversationId);
      return this.requeue(tx, c, now, c.teamId, systemLine('returned'));
    });
    await publishAll(this.deps, events);
    this.kick();
    return toConversationDto(await this.reload(conversationId));
  }

  /**
   * An admin deactivates an agent, in one transaction: every chat they hold goes back to its team's queue (each
   * with a line saying so), their login is disabled and their sessions revoked, and their status is offline. After
   * it, no path can give them a chat (lockAgentWithRoom refuses a disabled login); open sockets close at once.
   */
  async deactivate(agentId: string) {
    const now = this.deps.clock.now();
    const done = await this.deps.db.transaction(async (tx) => {
      const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId)).for('update').limit(1);
      if (!agent) throw new AppError('AGENT_NOT_FOUND', 'Agent not found');
      const held = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.agentId, agentId), inArray(conversations.status, ['active', 'queued'])))
        .orderBy(asc(conversations.createdAt))
        .for('update');
      const events: TopicEvent[] = [];
      for (const c of held)
        events.push(...(await this.requeue(tx, c, now, c.teamId, systemLine('unavailable', agent.name))));
      await tx.update(users).set({ disabled: true, updatedAt: now }).where(eq(users.id, agent.userId));
      await tx.update(agents).set({ status: 'offline', updatedAt: now }).where(eq(agents.id, agentId));
      await revokeUserSessions({ db: tx, clock: this.deps.clock }, agent.userId);
      return { events, userId: agent.userId, requeued: held.length };
    });
    await publishAll(this.deps, done.events);
    await announceRevocation(this.deps, { type: 'user_sessions_revoked', userId: done.userId });
    await this.presence.announceStatus(agentId);
    this.kick();
    return { requeued: done.requeued };
  }

  /** Lets a deactivated agent sign in again (offline until they go online themselves). */
  async reactivate(agentId: string) {
    const [agent] = await this.deps.db.select().from(agents).where(eq(agents.id, agentId)).limit(1);
    if (!agent) throw new AppError('AGENT_NOT_FOUND', 'Agent not found');
    await this.deps.db
      .update(users)
      .set({ disabled: false, updatedAt: this.deps.clock.now() })
      .where(eq(users.id, agent.userId));
  }

  private async lockHeld(tx: Tx, by: { agentId: string | null; isAdmin: boolean }, id: string) {
    const [c] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update').limit(1);
    if (!c) throw conversationNotFound();
    if (c.status === 'closed') throw new AppError('CONVERSATION_CLOSED', 'This conversation is closed');
    // Moving a chat needs it held: a waiting chat is taken with accept, not moved.
    assertMayMove(by, c, null);
    return c;
  }

  private async requeue(
    tx: Tx,
    c: ConversationRow,
    now: Date,
    teamId: string | null,
    note: SystemLine,
  ): Promise<TopicEvent[]> {
    const [after] = await tx
      .update(conversations)
      .set({ agentId: null, teamId, status: 'queued', queuedAt: now, assignedAt: null, updatedAt: now })
      .where(eq(conversations.id, c.id))
      .returning();
    await refreshActiveChats(tx, [c.agentId]);
    const note_ = await appendMessage(
      tx,
      after!,
      systemSender,
      { content: systemText(note), messageType: 'system', attachments: [], metadata: note },
      now,
    );
    const timestamp = now.toISOString();
    const conversation = toConversationDto(note_.conversation);
    const topic = topics.conversation(c.id);
    const events: TopicEvent[] = [
      {
        topic,
        event: {
          type: 'agent_assigned',
          conversationId: c.id,
          timestamp,
          data: { agentId: null, agentName: null, conversation },
        },
      },
      { topic, event: { type: 'message', conversationId: c.id, timestamp, data: toMessageDto(note_.message) } },
    ];
    if (c.status !== 'queued') {
      await this.deps.integrations.emit(
        tx,
        [
          {
            type: 'conversation.status_changed',
            conversationId: c.id,
            data: { conversation, previousStatus: c.status },
          },
        ],
        now,
      );
      events.splice(1, 0, {
        topic,
        event: {
          type: 'status_change',
          conversationId: c.id,
          timestamp,
          data: { status: 'queued', previousStatus: c.status, conversation },
        },
      });
    }
    return events;
  }

  private async reload(id: string) {
    const [c] = await this.deps.db.select().from(conversations).where(eq(conversations.id, id)).limit(1);
    return c!;
  }

  // ---- the queue, as waiting customers and agents see it ------------------------------------------------

  private async capacityFor(
    pool: CandidateAgent[],
    teamId: string | null,
    avgHandleSeconds: number,
  ): Promise<Capacity> {
    const eligible = pool.filter((a) => canTake({ ...a, activeChats: 0 }, { teamId, requiredSkills: [] }));
    return {
      freeSlots: eligible.reduce((n, a) => n + Math.max(0, a.maxConcurrentChats - a.activeChats), 0),
      totalSlots: eligible.reduce((n, a) => n + a.maxConcurrentChats, 0),
      avgHandleSeconds,
    };
  }

  /** Rolling average handling time: assignment to resolution over the last 100 resolved chats. */
  /** The median wait for a first reply over the last 100 answered chats; null with fewer than 5 (no honest figure). */
  private async typicalReplySeconds(): Promise<number | null> {
    const recent = this.deps.db
      .select({
        s: sql<number>`extract(epoch from (${conversations.firstResponseAt} - ${conversations.createdAt}))`.as('s'),
      })
      .from(conversations)
      .where(isNotNull(conversations.firstResponseAt))
      .orderBy(desc(conversations.firstResponseAt))
      .limit(100)
      .as('recent');
    const [row] = await this.deps.db
      .select({
        n: sql<number>`count(*)::int`,
        median: sql<number | null>`percentile_cont(0.5) within group (order by greatest(${recent.s}, 0))::float8`,
      })
      .from(recent);
    if (!row || Number(row.n) < 5 || row.median === null) return null;
    return Math.round(Number(row.median));
  }

  private async avgHandleSeconds(): Promise<number> {
    const recent = this.deps.db
      .select({
        s: sql<number>`extract(epoch from (${conversations.resolvedAt} - ${conversations.assignedAt}))`.as('s'),
      })
      .from(conversations)
      .where(and(isNotNull(conversations.resolvedAt), isNotNull(conversations.assignedAt)))
      .orderBy(desc(conversations.resolvedAt))
      .limit(100)
      .as('recent');
    const [row] = await this.deps.db.select({ avg: sql<number | null>`avg(${recent.s})::float8` }).from(recent);
    const avg = row?.avg === null || row?.avg === undefined ? NaN : Number(row.avg);
    return Number.isFinite(avg) && avg > 0 ? avg : this.deps.config.routing.defaultHandleSeconds;
  }

  /** Positions and estimates for queued conversations (already in queue order). */
  private async estimates<T extends { teamId: string | null }>(rows: T[], pool: CandidateAgent[]) {
    const handle = rows.length ? await this.avgHandleSeconds() : this.deps.config.routing.defaultHandleSeconds;
    const capacityByTeam = new Map<string | null, Capacity>();
    const competingByTeam = new Map<string | null, number>();
    const out: { row: T; position: number; estimatedWaitSeconds: number | null }[] = [];
    for (const [i, row] of rows.entries()) {
      if (!capacityByTeam.has(row.teamId))
        capacityByTeam.set(row.teamId, await this.capacityFor(pool, row.teamId, handle));
      // The estimate counts the chats ahead that compete for the same agents.
      const competing = (competingByTeam.get(row.teamId) ?? 0) + 1;
      competingByTeam.set(row.teamId, competing);
      out.push({
        row,
        position: i + 1,
        estimatedWaitSeconds: estimateWaitSeconds(competing, capacityByTeam.get(row.teamId)!),
      });
    }
    return out;
  }

  async queue(filter: { teamId?: string } = {}): Promise<QueueEntry[]> {
    const rows = await this.deps.db
      .select()
      .from(conversations)
      .where(and(inQueue, filter.teamId ? eq(conversations.teamId, filter.teamId) : undefined))
      .orderBy(priorityRank, asc(conversations.queuedAt), asc(conversations.id))
      .limit(1000);
    const now = this.deps.clock.now().getTime();
    return (await this.estimates(rows, await this.candidates())).map(({ row, position, estimatedWaitSeconds }) => ({
      conversation: toConversationDto(row),
      position,
      waitingSeconds: Math.max(0, Math.floor((now - (row.queuedAt ?? row.createdAt).getTime()) / 1000)),
      estimatedWaitSeconds,
    }));
  }

  /** One waiting conversation's place in the queue, for a visitor who has just started following it. */
  async positionOf(conversationId: string): Promise<{ position: number; estimatedWaitSeconds: number | null } | null> {
    const entry = (await this.estimates(await this.waitingRows(), await this.candidates())).find(
      (e) => e.row.id === conversationId,
    );
    return entry ? { position: entry.position, estimatedWaitSeconds: entry.estimatedWaitSeconds } : null;
  }

  /** The queue in routing order, only the columns estimates need (this runs often, and PGlite shares our thread). */
  private waitingRows() {
    return this.deps.db
      .select({ id: conversations.id, teamId: conversations.teamId })
      .from(conversations)
      .where(inQueue)
      .orderBy(priorityRank, asc(conversations.queuedAt), asc(conversations.id))
      .limit(1000);
  }

  /**
   * Tells each waiting visitor (and the consoles) their position and estimate when either changed. Runs after
   * every routing pass, so it reads only the columns it needs: on PGlite it shares the thread with everything.
   */
  private async publishQueue(pool: CandidateAgent[]) {
    const rows = await this.waitingRows();
    const timestamp = this.deps.clock.now().toISOString();
    const events: TopicEvent[] = [];
    const still = new Set<string>();
    for (const { row, position, estimatedWaitSeconds } of await this.estimates(rows, pool)) {
      still.add(row.id);
      const key = `${position}/${estimatedWaitSeconds}`;
      if (this.told.get(row.id) === key) continue;
      this.told.set(row.id, key);
      const event = {
        type: 'queue_update' as const,
        conversationId: row.id,
        timestamp,
        data: { position, estimatedWaitSeconds },
      };
      events.push({ topic: topics.conversation(row.id), event }, { topic: topics.queue, event });
    }
    for (const id of [...this.told.keys()]) if (!still.has(id)) this.told.delete(id);
    await publishAll(this.deps, events);
  }

  /** Whether a chat started now would be answered, and about when. Cached briefly: widgets poll it. */
  async availability(): Promise<Omit<Availability, 'originAllowed' | 'withinBusinessHours' | 'nextOpenAt'>> {
    const now = Date.now();
    if (this.availabilityCache && now - this.availabilityCache.at < 5000) return this.availabilityCache.value;
    const pool = await this.candidates();
    const [{ n } = { n: 0 }] = await this.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(conversations)
      .where(inQueue);
    const capacity = await this.capacityFor(pool, null, await this.avgHandleSeconds());
    const value: Omit<Availability, 'originAllowed' | 'withinBusinessHours' | 'nextOpenAt'> = {
      available: capacity.freeSlots > n,
      onlineAgents: pool.length,
      queueLength: n,
      estimatedWaitSeconds: estimateWaitSeconds(n + 1, capacity),
      email: this.deps.config.smtp !== undefined,
      // First names only: the widget's home screen shows who is there, not who they are.
      team: pool
        .slice(0, 5)
        .map((a) => ({ name: a.name.trim().split(/\s+/)[0] ?? a.name, avatarUrl: a.avatarUrl ?? null })),
      typicalReplySeconds: await this.typicalReplySeconds(),
    };
    this.availabilityCache = { at: now, value };
    return value;
  }
}
