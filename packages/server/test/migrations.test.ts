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

  // Back to before the newest migration (0029: conversations' snooze columns and their index, proactive messages in
  // the sites' widget default, mentions in the users' notification default, the macros table, messages' reactions,
  // contacts and their notes).
  // A new migration changes this undo: it must take the database back to exactly the state before the newest one.
  await tdb.handle.db.execute(sql`drop table macros`);
  await tdb.handle.db.execute(sql`drop table contact_notes`);
  await tdb.handle.db.execute(sql`drop table contacts`);
  await tdb.handle.db.execute(sql`alter table messages drop column reactions`);
  await tdb.handle.db.execute(
    sql.raw(
      `alter table users alter column notifications set default '{"queued":true,"assigned":true,"messages":true,"sound":true,"email":true,"emailAfterMinutes":5}'::jsonb`,
    ),
  );
  await tdb.handle.db.execute(sql`drop index conversations_snoozed_until_idx`);
  await tdb.handle.db.execute(
    sql.raw(
      `alter table sites alter column widget set default '{"accentColor":"#2563eb","position":"right","teamName":"","greeting":"","launcherText":"","offlineMode":"form"}'::jsonb`,
    ),
  );
  await tdb.handle.db.execute(
    sql`alter table conversations drop column snoozed_at, drop column snoozed_until, drop column unsnoozed_at`,
  );
  await tdb.handle.db.execute(
    sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`,
  );
  expect(await hasTable('conversations_snoozed_until_idx')).toBe(false);

  await tdb.handle.migrate();
  expect(await hasTable('conversations_snoozed_until_idx')).toBe(true);
  expect(await hasTable('macros')).toBe(true);
  expect(await hasTable('contacts')).toBe(true);
  expect(await hasTable('contact_notes')).toBe(true);
  const columns = rowsOf<{ c: string }>(
    await tdb.handle.db.execute(
      sql`select column_name as c from information_schema.columns where table_name = 'conversations' and column_name like '%snoozed%' order by 1`,
    ),
  ).map((r) => r.c);
  expect(columns).toEqual(['snoozed_at', 'snoozed_until', 'unsnoozed_at']);
  const reactions = rowsOf<{ c: string }>(
    await tdb.handle.db.execute(
      sql`select column_name as c from information_schema.columns where table_name = 'messages' and column_name = 'reactions'`,
    ),
  );
  expect(reactions).toEqual([{ c: 'reactions' }]);
  const widgetDefault = rowsOf<{ d: string }>(
    await tdb.handle.db.execute(
      sql`select column_default as d from information_schema.columns where table_name = 'sites' and column_name = 'widget'`,
    ),
  )[0]!.d;
  expect(widgetDefault).toContain('"proactive": []');
  const notificationsDefault = rowsOf<{ d: string }>(
    await tdb.handle.db.execute(
      sql`select column_default as d from information_schema.columns where table_name = 'users' and column_name = 'notifications'`,
    ),
  )[0]!.d;
  expect(notificationsDefault).toContain('"mentions": true');
  expect(await applied()).toBe(all);
});
