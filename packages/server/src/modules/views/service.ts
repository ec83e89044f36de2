// Saved views: an agent's named list filters. Each belongs to the user who saved it; anyone else's answers as
// missing. Callers without a user (API keys) have none and cannot save any.
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateSavedViewBody, SavedView, UpdateSavedViewBody } from '@support-chat/protocol';
import type { Executor } from '../../db/client.js';
import { firstOrThrow } from '../../db/rows.js';
import { savedViews } from '../../db/schema/index.js';
import { AppError, notFound } from '../../errors.js';
import type { UserCaller } from '../../identity/caller.js';
import { unlessTaken } from '../../lib/db-errors.js';
import { iso } from '../../lib/time.js';

type Row = typeof savedViews.$inferSelect;

const toDto = (r: Row): SavedView => ({ id: r.id, name: r.name, query: r.query, createdAt: iso(r.createdAt) });

function owner(caller: UserCaller): string {
  if (!caller.userId) throw new AppError('FORBIDDEN', 'Saved views belong to a signed-in user, not an API key');
  return caller.userId;
}

/** A write that may hit the per-user unique name: a 409 on `name`. */
const uniqueName = <T>(write: () => Promise<T>) =>
  unlessTaken(
    write,
    () => new AppError('CONFLICT', 'You already have a view with this name', [{ path: 'name', message: 'taken' }]),
  );

export async function listViews(db: Executor, caller: UserCaller): Promise<SavedView[]> {
  if (!caller.userId) return [];
  const rows = await db
    .select()
    .from(savedViews)
    .where(eq(savedViews.userId, caller.userId))
    .orderBy(asc(savedViews.name));
  return rows.map(toDto);
}

export async function createView(
  db: Executor,
  caller: UserCaller,
  input: z.output<typeof CreateSavedViewBody>,
): Promise<SavedView> {
  const userId = owner(caller);
  return uniqueName(async () =>
    toDto(
      firstOrThrow(
        await db.insert(savedViews).values({ userId, name: input.name, query: input.query }).returning(),
        'saved view',
      ),
    ),
  );
}

export async function updateView(
  db: Executor,
  caller: UserCaller,
  id: string,
  input: z.output<typeof UpdateSavedViewBody>,
): Promise<SavedView> {
  const userId = owner(caller);
  const [row] = await uniqueName(() =>
    db
      .update(savedViews)
      .set(input)
      .where(and(eq(savedViews.id, id), eq(savedViews.userId, userId)))
      .returning(),
  );
  if (!row) throw notFound('VIEW_NOT_FOUND', 'View');
  return toDto(row);
}

export async function deleteView(db: Executor, caller: UserCaller, id: string): Promise<void> {
  const userId = owner(caller);
  const rows = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, id), eq(savedViews.userId, userId)))
    .returning({ id: savedViews.id });
  if (!rows.length) throw notFound('VIEW_NOT_FOUND', 'View');
}
