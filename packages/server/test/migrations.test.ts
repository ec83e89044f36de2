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

  // Back to before the newest migration (0028: labels, saved views, the index on tags). A new migration changes
  // this undo: it must take the database back to exactly the state before the newest one.
  await tdb.handle.db.execute(sql`drop table saved_views`);
  await tdb.handle.db.execute(sql`drop table labels`);
  await tdb.handle.db.execute(sql`drop index conversations_tags_idx`);
  await tdb.handle.db.execute(
    sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
  );
  expect(await hasTable('labels')).toBe(false);

  await tdb.handle.migrate();
  expect(await hasTable('labels')).toBe(true);
  expect(await hasTable('saved_views')).toBe(true);
  expect(await hasTable('conversations_tags_idx')).toBe(true);
  expect(await applied()).toBe(all);
});
