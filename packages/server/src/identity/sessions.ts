// Session storage for users and visitors: random tokens, stored as SHA-256, revocable.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { apiKeys, sessions, users } from '../db/schema/index.js';
import type { Clock } from '../lib/clock.js';
import { topics, type Bus, type BusEvent, type ControlEvent } from '../bus/bus.js';
import { hashToken, newToken, tokenPrefixes } from '../lib/secrets.js';
import type { Caller, UserCaller, VisitorCaller } from './caller.js';
import type { CallerCache } from './caller-cache.js';

export interface SessionDeps {
  db: Executor;
  clock: Clock;
  /** Resolved callers for a few seconds, dropped on revocation (caller-cache.ts); absent, every token is read. */
  callers?: CallerCache;
}

export async function createUserSession(deps: SessionDeps, userId: string, ttlMs: number) {
  const token = newToken(tokenPrefixes.session);
  const expiresAt = new Date(deps.clock.now().getTime() + ttlMs);
  await deps.db.insert(sessions).values({ tokenHash: hashToken(token), kind: 'user', userId, expiresAt });
  return { token, expiresAt };
}

export interface VisitorIdentity {
  siteId: string;
  visitorId: string;
  customerId: string;
  customerVerified: boolean;
}

export async function createVisitorSession(deps: SessionDeps, identity: VisitorIdentity, ttlMs: number) {
  const token = newToken(tokenPrefixes.visitor);
  const expiresAt = new Date(deps.clock.now().getTime() + ttlMs);
  await deps.db.insert(sessions).values({ tokenHash: hashToken(token), kind: 'visitor', ...identity, expiresAt });
  return { token, expiresAt };
}

/** Whether a revocation ends what `caller` may do: its session, every session of its user, or its API key. */
export function revokes(event: BusEvent, caller: Caller): boolean {
  return (
    (event.type === 'session_revoked' &&
      caller.sessionId !== undefined &&
      event.sessionIds.includes(caller.sessionId)) ||
    (event.type === 'user_sessions_revoked' && caller.kind === 'user' && caller.userId === event.userId) ||
    (event.type === 'api_key_revoked' && caller.kind === 'user' && caller.apiKeyId === event.apiKeyId)
  );
}

/** Tells every node, so sockets opened with a revoked session close at once (SECURITY.md item 2). */
export async function announceRevocation(
  deps: { bus: Bus; log: { warn(o: object, m: string): void }; callers?: CallerCache },
  event: ControlEvent,
) {
  // This node forgets at once, before the next request can race the event round trip.
  deps.callers?.forget(event);
  await deps.bus
    .publish(topics.control, event)
    .catch((err) => deps.log.warn({ err }, 'could not announce a revocation'));
}

export async function revokeSession(deps: SessionDeps, sessionId: string) {
  await deps.db.update(sessions).set({ revokedAt: deps.clock.now() }).where(eq(sessions.id, sessionId));
}

export async function revokeUserSessions(deps: SessionDeps, userId: string) {
  await deps.db
    .update(sessions)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Resolves a bearer token or cookie value to a caller; null for anything unknown, expired or revoked. */
export async function resolveToken(deps: SessionDeps, token: string): Promise<Caller | null> {
  if (token.length > 200) return null;
  const now = deps.clock.now();
  const hash = hashToken(token);
  const cached = deps.callers?.get(hash, now);
  if (cached) return cached;
  const caller = await readToken(deps, token, hash, now);
  if (caller) deps.callers?.set(hash, caller);
  return caller;
}

async function readToken(deps: SessionDeps, token: string, hash: string, now: Date): Promise<Caller | null> {
  if (token.startsWith(tokenPrefixes.apiKey)) {
    const [row] = await deps.db
      .select({ id: apiKeys.id, createdBy: apiKeys.createdBy, name: apiKeys.name, scope: apiKeys.scope })
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)))
      .limit(1);
    if (!row) return null;
    await deps.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
    const caller: UserCaller = {
      kind: 'user',
      apiKeyId: row.id,
      userId: row.createdBy,
      role: row.scope === 'agent' ? 'agent' : 'admin',
      agentId: null,
      name: `API key ${row.name}`,
      ...(row.scope === 'read' ? { readOnly: true } : {}),
    };
    return caller;
  }
  const kind = token.startsWith(tokenPrefixes.session)
    ? 'user'
    : token.startsWith(tokenPrefixes.visitor)
      ? 'visitor'
      : null;
  if (!kind) return null;
  const [row] = await deps.db
    .select({ session: sessions, user: users })
    .from(sessions)
    .leftJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, hash),
        eq(sessions.kind, kind),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
      ),
    )
    .limit(1);
  if (!row) return null;
  const s = row.session;
  if (kind === 'visitor') {
    if (!s.siteId || !s.visitorId || !s.customerId) return null;
    const caller: VisitorCaller = {
      kind: 'visitor',
      sessionId: s.id,
      visitorId: s.visitorId,
      siteId: s.siteId,
      customerId: s.customerId,
      customerVerified: s.customerVerified,
      expiresAt: s.expiresAt,
    };
    return caller;
  }
  const u = row.user;
  if (!u || u.disabled) return null;
  return {
    kind: 'user',
    sessionId: s.id,
    userId: u.id,
    role: u.role,
    agentId: u.agentId,
    name: u.name,
    expiresAt: s.expiresAt,
  };
}
