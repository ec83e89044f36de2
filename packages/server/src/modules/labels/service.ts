// The label catalogue: names and colours for the tags on conversations and tickets. A rename or a delete carries
// through to every conversation and ticket with that tag, in the same transaction, so filters and "common issues"
// never count one label under two names.
import { asc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateLabelBody, Label, UpdateLabelBody } from '@support-chat/protocol';
import type { Executor } from '../../db/client.js';
import { firstOrThrow } from '../../db/rows.js';
import { conversations, labels, tickets } from '../../db/schema/index.js';
import { AppError, notFound } from '../../errors.js';
import { unlessTaken } from '../../lib/db-errors.js';
import { iso } from '../../lib/time.js';

type Row = typeof labels.$inferSelect;

const toDto = (r: Row): Label => ({
  id: r.id,
  name: r.name,
  color: r.color,
  description: r.description,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

const nameTaken = () =>
  new AppError('CONFLICT', 'A label with this name already exists', [{ path: 'name', message: 'taken' }]);

/** A write that may hit the case-insensitive unique name: a 409 on `name`. */
const uniqueName = <T>(write: () => Promise<T>) => unlessTaken(write, nameTaken);

export async function listLabels(db: Executor): Promise<Label[]> {
  const rows = await db
    .select()
    .from(labels)
    .orderBy(asc(sql`lower(${labels.name})`));
  return rows.map(toDto);
}

export async function getLabel(db: Executor, id: string): Promise<Label> {
  const [row] = await db.select().from(labels).where(eq(labels.id, id)).limit(1);
  if (!row) throw notFound('LABEL_NOT_FOUND', 'Label');
  return toDto(row);
}

export async function createLabel(db: Executor, input: z.output<typeof CreateLabelBody>): Promise<Label> {
  const row = await uniqueName(async () =>
    firstOrThrow(
      await db
        .insert(labels)
        .values({ name: input.name, color: input.color, description: input.description ?? null })
        .returning(),
      'label',
    ),
  );
  return toDto(row);
}

/** Conversations and tickets whose tags hold `from`: that tag replaced by `to` (or dropped when `to` is null). */
async function retag(tx: Executor, from: string, to: string | null): Promise<number> {
  const replaced = (col: typeof conversations.tags | typeof tickets.tags) =>
    to === null
      ? sql`array_remove(${col}, ${from})`
      : // A conversation that already had both keeps one: the rename must not leave a duplicate tag.
        sql`array(select t from unnest(array_replace(${col}, ${from}, ${to})) with ordinality as u(t, n)
          group by t order by min(n))`;
  const has = (col: typeof conversations.tags | typeof tickets.tags) => sql`${col} @> array[${from}]::text[]`;
  const c = await tx
    .update(conversations)
    .set({ tags: replaced(conversations.tags) })
    .where(has(conversations.tags))
    .returning({ id: conversations.id });
  const t = await tx
    .update(tickets)
    .set({ tags: replaced(tickets.tags) })
    .where(has(tickets.tags))
    .returning({ id: tickets.id });
  return c.length + t.length;
}

export async function updateLabel(
  db: Executor,
  id: string,
  input: z.output<typeof UpdateLabelBody>,
): Promise<{ before: Label; after: Label }> {
  return uniqueName(() =>
    db.transaction(async (tx) => {
      const before = await getLabel(tx, id);
      const patch: Partial<typeof labels.$inferInsert> = { updatedAt: new Date() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.color !== undefined) patch.color = input.color;
      if (input.description !== undefined) patch.description = input.description;
      const row = firstOrThrow(await tx.update(labels).set(patch).where(eq(labels.id, id)).returning(), 'label');
      if (input.name !== undefined && input.name !== before.name) await retag(tx, before.name, input.name);
      return { before, after: toDto(row) };
    }),
  );
}

/** Deletes the label and takes its tag off every conversation and ticket; returns how many lost it. */
export async function deleteLabel(db: Executor, id: string): Promise<{ before: Label; untagged: number }> {
  return db.transaction(async (tx) => {
    const before = await getLabel(tx, id);
    await tx.delete(labels).where(eq(labels.id, id));
    return { before, untagged: await retag(tx, before.name, null) };
  });
}
