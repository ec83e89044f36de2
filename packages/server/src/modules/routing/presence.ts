// Agent presence kept honest. Status is set explicitly, but an agent with no open socket (on any node) for a grace
// period goes offline, and an online agent idle for too long goes away. Nodes record what they see (sockets open,
// requests made, messages sent) in last_seen_at / last_active_at; a sweep on every node applies the rules with one
// UPDATE … RETURNING each, so exactly one node announces each change.
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { AgentStatus } from '@support-chat/protocol';
import { agents, users } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { topics } from '../../bus/bus.js';
import { publishAll } from '../../bus/publish.js';

type PresenceDeps = Pick<Deps, 'db' | 'bus' | 'clock' | 'config' | 'log'> & { routing: { kick(): void } };

export class Presence {
  private readonly sockets = new Map<string, number>();
  /** When this node last saw each agent (or saw them act), written by the next flush. */
  private readonly seen = new Map<string, Date>();
  private readonly active = new Map<string, Date>();

  constructor(private readonly deps: PresenceDeps) {}

  socketOpened(agentId: string) {
    this.sockets.set(agentId, (this.sockets.get(agentId) ?? 0) + 1);
    this.seen.set(agentId, this.deps.clock.now());
  }

  socketClosed(agentId: string) {
    const n = (this.sockets.get(agentId) ?? 1) - 1;
    if (n <= 0) this.sockets.delete(agentId);
    else this.sockets.set(agentId, n);
    // The grace period starts from the moment the last socket went.
    this.seen.set(agentId, this.deps.clock.now());
  }

  /** A request or frame from the agent: they are there. */
  markSeen(agentId: string) {
    this.seen.set(agentId, this.deps.clock.now());
  }

  /** Something the agent did (a message, an accept): they are not idle. */
  markActive(agentId: string) {
    const now = this.deps.clock.now();
    this.seen.set(agentId, now);
    this.active.set(agentId, now);
  }

  /** Writes what this node saw since the last flush; an open socket counts as seen now. */
  async flush() {
    const now = this.deps.clock.now();
    for (const agentId of this.sockets.keys()) this.seen.set(agentId, now);
    const seen = [...this.seen];
    const active = [...this.active];
    this.seen.clear();
    this.active.clear();
    await this.touch('last_seen_at', seen);
    await this.touch('last_active_at', active);
  }

  private async touch(column: 'last_seen_at' | 'last_active_at', entries: [string, Date][]) {
    if (!entries.length) return;
    const values = sql.join(
      entries.map(([id, at]) => sql`(${id}::uuid, ${at.toISOString()}::timestamptz)`),
      sql`, `,
    );
    const col = sql.identifier(column);
    await this.deps.db.execute(sql`update ${agents} as a set ${col} = greatest(coalesce(a.${col}, v.at), v.at)
      from (values ${values}) as v(id, at) where a.id = v.id`);
  }

  async setStatus(agentId: string, status: AgentStatus) {
    const now = this.deps.clock.now();
    if (status !== 'offline') {
      const [login] = await this.deps.db
        .select({ disabled: users.disabled, name: agents.name })
        .from(agents)
        .innerJoin(users, eq(users.id, agents.userId))
        .where(eq(agents.id, agentId))
        .limit(1);
      if (login?.disabled) throw new AppError('AGENT_DEACTIVATED', `${login.name} is deactivated`, { agentId });
    }
    const [row] = await this.deps.db
      .update(agents)
      .set({ status, lastActiveAt: now, lastSeenAt: now, updatedAt: now })
      .where(eq(agents.id, agentId))
      .returning();
    if (!row) throw new AppError('AGENT_NOT_FOUND', 'Agent not found');
    await this.announce([row]);
    // Any change moves capacity: who can be assigned (online), what availability answers widgets (its 5 s cache is
    // dropped) and the queue's estimates (away and busy agents count for less).
    this.deps.routing.kick();
    return row;
  }

  /** Tells every console an agent's current status (after a change made outside setStatus). */
  async announceStatus(agentId: string) {
    const rows = await this.deps.db.select().from(agents).where(eq(agents.id, agentId)).limit(1);
    await this.announce(rows);
  }

  /** Offline after the grace period without a socket or request; away after the idle time. */
  async sweep() {
    await this.flush();
    const now = this.deps.clock.now().getTime();
    const { offlineGraceMs, idleAwayMs } = this.deps.config.routing;
    const graceCutoff = new Date(now - offlineGraceMs);
    const gone = await this.deps.db
      .update(agents)
      .set({ status: 'offline', updatedAt: new Date(now) })
      .where(and(ne(agents.status, 'offline'), or(isNull(agents.lastSeenAt), lt(agents.lastSeenAt, graceCutoff))))
      .returning();
    const idle = await this.deps.db
      .update(agents)
      .set({ status: 'away', updatedAt: new Date(now) })
      .where(
        and(
          eq(agents.status, 'online'),
          or(isNull(agents.lastActiveAt), lt(agents.lastActiveAt, new Date(now - idleAwayMs))),
        ),
      )
      .returning();
    await this.announce([...gone, ...idle]);
    return { offline: gone.map((a) => a.id), away: idle.map((a) => a.id) };
  }

  private async announce(rows: (typeof agents.$inferSelect)[]) {
    const timestamp = this.deps.clock.now().toISOString();
    await publishAll(
      this.deps,
      rows.map((a) => ({
        topic: topics.presence,
        event: {
          type: 'presence' as const,
          timestamp,
          data: { agentId: a.id, status: a.status, lastActiveAt: a.lastActiveAt?.toISOString() ?? null },
        },
      })),
    );
  }
}
