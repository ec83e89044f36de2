// The admin audit log: every change an admin makes, who made it, and the record before and after. Written by the
// route once the change has succeeded, so it never claims a change that failed; secrets are never written.
import type { AuditEntry, ListAuditQuery } from '@support-chat/protocol';
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/client.js';
import { auditLog } from '../../db/schema/index.js';
import type { UserCaller } from '../../identity/caller.js';
import { iso } from '../../lib/time.js';

export interface AuditChange {
  /** `agent.create`, `agent.deactivate`, `team.delete`, … */
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Fields never written to the log, whatever record they are in. */
const secret = new Set(['password', 'passwordHash', 'identitySecret', 'key', 'keyHash', 'initialPassword', 'token']);

function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (!v || typeof v !== 'object') return v ?? null;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, secret.has(k) ? '[redacted]' : redact(x)]),
  );
}

export async function recordAudit(db: Executor, actor: UserCaller, change: AuditChange) {
  await db.insert(auditLog).values({
    actorUserId: actor.userId,
    actorName: actor.apiKeyId && !actor.userId ? `API key ${actor.name}` : actor.name,
    action: change.action,
    targetType: change.targetType,
    targetId: change.targetId ?? null,
    before: redact(change.before),
    after: redact(change.after),
  });
}

export async function listAudit(
  db: Executor,
  q: z.output<typeof ListAuditQuery>,
): Promise<{ entries: AuditEntry[]; total: number }> {
  const where: SQL[] = [];
  if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
  const filter = where.length ? and(...where) : undefined;
  const rows = await db
    .select()
    .from(auditLog)
    .where(filter)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(q.limit)
    .offset(q.offset);
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(auditLog).where(filter);
  return {
    entries: rows.map((r) => ({
      id: r.id,
      actorUserId: r.actorUserId,
      actorName: r.actorName,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      before: r.before ?? null,
      after: r.after ?? null,
      createdAt: iso(r.createdAt),
    })),
    total: n,
  };
}
