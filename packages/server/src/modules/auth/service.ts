// Login, logout and API keys.
import { firstOrThrow } from '../../db/rows.js';
import { and, desc, eq, isNull, ne } from 'drizzle-orm';
import { defaultNotificationSettings, type ApiKey, type ApiKeyScope, type UpdateMeBody } from '@support-chat/protocol';
import type { z } from 'zod';
import { agents, apiKeys, users } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import type { FailureCounter } from '../../lib/shared-limits.js';
import {
  dummyPasswordHash,
  hashPassword,
  hashToken,
  newToken,
  tokenPrefixes,
  verifyPassword,
} from '../../lib/secrets.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { getAgentDto, toUserDto } from '../agents/service.js';
import { announceRevocation, createUserSession } from '../../identity/sessions.js';
import { sessions } from '../../db/schema/index.js';

export async function login(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  limiter: FailureCounter,
  email: string,
  password: string,
  source: string,
) {
  const account = email.toLowerCase();
  // Per account *and* source: someone guessing from one address is stopped, but cannot lock the real owner
  // (or the admin) out from everywhere else. The per-IP rate limit on the route still caps every source.
  const key = `${account}\u0000${source}`;
  const wait = await limiter.retryAfter(key);
  if (wait > 0) {
    throw new AppError(
      'RATE_LIMITED',
      'Too many failed logins for this account from here; try again later',
      { retryAfterSeconds: wait },
      {
        'retry-after': String(wait),
      },
    );
  }
  const [user] = await deps.db.select().from(users).where(eq(users.email, account)).limit(1);
  // Unknown emails cost a full hash too, so timing does not tell which emails exist.
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.disabled) {
    await limiter.fail(key);
    throw new AppError('INVALID_CREDENTIALS', 'Email or password is wrong');
  }
  await limiter.reset(key);
  const session = await createUserSession(deps, user.id, deps.config.sessionTtlMs);
  if (user.agentId) {
    await deps.db.update(agents).set({ lastActiveAt: deps.clock.now() }).where(eq(agents.id, user.agentId));
  }
  return { ...session, user: toUserDto(user) };
}

export async function me(deps: Pick<Deps, 'db'>, userId: string | null, agentId: string | null) {
  if (!userId) throw new AppError('FORBIDDEN', 'API keys have no user');
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError('UNAUTHORIZED', 'Authentication is required');
  return { user: toUserDto(user), agent: agentId ? await getAgentDto(deps.db, agentId) : null };
}

/**
 * A user changes their own name or password. A new password needs the current one, and ends every other session of
 * theirs (on every node); the one making the change stays signed in.
 */
export async function updateMe(
  deps: Pick<Deps, 'db' | 'clock' | 'bus' | 'log'> & Partial<Pick<Deps, 'callers'>>,
  caller: { userId: string | null; agentId: string | null; sessionId?: string },
  body: z.output<typeof UpdateMeBody>,
) {
  if (!caller.userId) throw new AppError('FORBIDDEN', 'API keys have no user');
  const [user] = await deps.db.select().from(users).where(eq(users.id, caller.userId)).limit(1);
  if (!user) throw new AppError('UNAUTHORIZED', 'Authentication is required');
  let passwordHash: string | undefined;
  if (body.password !== undefined) {
    if (!(await verifyPassword(body.currentPassword ?? '', user.passwordHash)))
      throw new AppError('VALIDATION_ERROR', 'Invalid body', [
        { path: 'body.currentPassword', message: 'is not your current password' },
      ]);
    passwordHash = await hashPassword(body.password);
  }
  const now = deps.clock.now();
  const ended = await deps.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({
        ...(body.name ? { name: body.name } : {}),
        ...(passwordHash ? { passwordHash } : {}),
        ...(body.notifications
          ? { notifications: { ...defaultNotificationSettings, ...user.notifications, ...body.notifications } }
          : {}),
        updatedAt: now,
      })
      .where(eq(users.id, user.id));
    if (body.name && caller.agentId)
      await tx.update(agents).set({ name: body.name }).where(eq(agents.id, caller.agentId));
    if (passwordHash) {
      const others = caller.sessionId
        ? and(eq(sessions.userId, user.id), isNull(sessions.revokedAt), ne(sessions.id, caller.sessionId))
        : and(eq(sessions.userId, user.id), isNull(sessions.revokedAt));
      return tx.update(sessions).set({ revokedAt: now }).where(others).returning({ id: sessions.id });
    }
    return [];
  });
  // Announced once committed: other nodes close those sockets.
  if (ended.length) await announceRevocation(deps, { type: 'session_revoked', sessionIds: ended.map((r) => r.id) });
  // The new name signs this node's next messages at once (other nodes' cached callers lapse within seconds).
  if (body.name) deps.callers?.forgetUser(user.id);
  return me(deps, user.id, caller.agentId);
}

const toApiKeyDto = (k: typeof apiKeys.$inferSelect): ApiKey => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scope: k.scope,
  lastUsedAt: isoOrNull(k.lastUsedAt),
  revokedAt: isoOrNull(k.revokedAt),
  createdAt: iso(k.createdAt),
});

export async function createApiKey(
  deps: Pick<Deps, 'db'>,
  body: { name: string; scope: ApiKeyScope },
  createdBy: string | null,
) {
  const key = newToken(tokenPrefixes.apiKey);
  const row = firstOrThrow(
    await deps.db
      .insert(apiKeys)
      .values({ ...body, prefix: key.slice(0, 10), keyHash: hashToken(key), createdBy })
      .returning(),
    'api key',
  );
  return { apiKey: toApiKeyDto(row), key };
}

export async function listApiKeys(deps: Pick<Deps, 'db'>) {
  return (await deps.db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(toApiKeyDto);
}

export async function revokeApiKey(deps: Pick<Deps, 'db' | 'clock'>, id: string) {
  const [row] = await deps.db
    .update(apiKeys)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) throw new AppError('API_KEY_NOT_FOUND', 'API key not found or already revoked');
  return toApiKeyDto(row);
}
