// Start-up's migration check: a database at this build's newest migration is left alone (drizzle's migrator is not
// run), one behind it gets what it lacks — on both drivers.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { createTestDatabase, driver, type TestDatabase } from './helpers.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(() => tdb.drop());

const applied = async () =>
  rowsOf<{ n: number }>(
    await tdb.handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  )[0]!.n;
const hasTable = async (name: string) =>
  rowsOf<{ t: string | null }>(await tdb.handle.db.execute(sql`select to_regclass(${name})::text as t`))[0]!.t !== null;

it(`a database behind this build gets the migrations it lacks; one at it is left as it is (${driver})`, async () => {
  const all = await applied();
  expect(all).toBeGreaterThan(20);
  await tdb.handle.migrate();
  expect(await applied()).toBe(all);

  // Back to before the newest migration (0030: the merged_into_id columns of conversations and tickets, their foreign
  // keys and the visitors' "merged into" index).
  // A new migration changes this undo: it must take the database back to exactly the state before the newest one.
  await tdb.handle.db.execute(sql`drop index conversations_merged_into_idx`);
  await tdb.handle.db.execute(sql`alter table conversations drop column merged_into_id`);
  await tdb.handle.db.execute(sql`alter table tickets drop column merged_into_id`);
  await tdb.handle.db.execute(
    sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
  );
  expect(await hasTable('conversations_merged_into_idx')).toBe(false);

  await tdb.handle.migrate();
  expect(await hasTable('conversations_merged_into_idx')).toBe(true);
  const columns = rowsOf<{ t: string; c: string }>(
    await tdb.handle.db.execute(
      sql`select table_name as t, column_name as c from information_schema.columns where column_name = 'merged_into_id' order by 1`,
    ),
  );
  expect(columns).toEqual([
    { t: 'conversations', c: 'merged_into_id' },
    { t: 'tickets', c: 'merged_into_id' },
  ]);
  const keys = rowsOf<{ n: string }>(
    await tdb.handle.db.execute(
      sql`select conname as n from pg_constraint where conname like '%merged_into_id%' order by 1`,
    ),
  ).map((r) => r.n);
  expect(keys).toEqual(['conversations_merged_into_id_conversations_id_fk', 'tickets_merged_into_id_tickets_id_fk']);
  expect(await applied()).toBe(all);
});
