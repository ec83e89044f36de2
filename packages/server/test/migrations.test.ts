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

  // Back to before the newest migration (0027: search in its own table).
  await tdb.handle.db.execute(sql`drop table message_search`);
  await tdb.handle.db.execute(
    sql`create index messages_content_search_idx on messages using gin (to_tsvector('simple', content))`,
  );
  await tdb.handle.db.execute(
    sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
  );
  expect(await hasTable('message_search')).toBe(false);

  await tdb.handle.migrate();
  expect(await hasTable('message_search')).toBe(true);
  expect(await hasTable('messages_content_search_idx')).toBe(false);
  expect(await applied()).toBe(all);
});
