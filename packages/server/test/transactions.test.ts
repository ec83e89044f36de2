// Transactions as drizzle's callers see them, on both drivers. On PostgreSQL they run through db/prepared.ts, which
// sends BEGIN together with the first statements and owns COMMIT, ROLLBACK and savepoints — so what postgres.js's
// own `begin` promised is proved again here: all or nothing, nested rollbacks, a statement nobody awaited, and a
// connection that dies mid-transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.js';
import { commitPipelined, openDatabase, rowsOf } from '../src/db/client.js';
import { teams } from '../src/db/schema/index.js';
import { createTestDatabase, driver, type TestDatabase } from './helpers.js';

let tdb: TestDatabase;
let db: Database;

beforeAll(async () => {
  tdb = await createTestDatabase();
  db = tdb.handle.db;
});
afterAll(() => tdb.drop());

const names = async (prefix: string) =>
  (await db.select({ name: teams.name }).from(teams))
    .map((r) => r.name)
    .filter((n) => n.startsWith(prefix))
    .sort();

describe(`transactions (${driver})`, () => {
  it('commits every statement, in order, and returns what the callback returned', async () => {
    const result = await db.transaction(async (tx) => {
      const [a, b] = await Promise.all([
        tx.insert(teams).values({ name: 'commit-a' }).returning(),
        tx.insert(teams).values({ name: 'commit-b' }).returning(),
      ]);
      return [a[0]!.name, b[0]!.name];
    });
    expect(result).toEqual(['commit-a', 'commit-b']);
    expect(await names('commit-')).toEqual(['commit-a', 'commit-b']);
  });

  it('stores nothing when the callback throws, and the error is the caller’s own', async () => {
    const err = await db
      .transaction(async (tx) => {
        await tx.insert(teams).values({ name: 'thrown-a' });
        throw new Error('changed my mind');
      })
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe('changed my mind');
    expect(await names('thrown-')).toEqual([]);
  });

  it('stores nothing when a statement fails, and reports that statement’s error', async () => {
    await db.insert(teams).values({ name: 'dup-x' });
    const err = await db
      .transaction(async (tx) => {
        await Promise.all([
          tx.insert(teams).values({ name: 'dup-y' }),
          tx.insert(teams).values({ name: 'dup-x' }),
          tx.insert(teams).values({ name: 'dup-z' }),
        ]);
      })
      .catch((e: unknown) => e);
    // 23505 unique_violation, not the 25P02 "transaction aborted" of the statement queued behind it.
    expect(JSON.stringify(err)).toContain('23505');
    expect(await names('dup-')).toEqual(['dup-x']);
  });

  it('a failing statement nobody awaited fails the transaction instead of committing half of it', async () => {
    await db.insert(teams).values({ name: 'loose-x' });
    const err = await db
      .transaction(async (tx) => {
        await tx.insert(teams).values({ name: 'loose-a' });
        void tx
          .insert(teams)
          .values({ name: 'loose-x' })
          .catch(() => {});
        await tx
          .insert(teams)
          .values({ name: 'loose-b' })
          .catch(() => {});
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(await names('loose-')).toEqual(['loose-x']);
  });

  it('a nested transaction rolls back alone; the outer one commits', async () => {
    await db.transaction(async (tx) => {
      await tx.insert(teams).values({ name: 'nest-outer' });
      await tx
        .transaction(async (inner) => {
          await inner.insert(teams).values({ name: 'nest-inner' });
          throw new Error('inner only');
        })
        .catch(() => {});
      await tx.transaction(async (inner) => {
        await inner.insert(teams).values({ name: 'nest-kept' });
      });
    });
    expect(await names('nest-')).toEqual(['nest-kept', 'nest-outer']);
  });

  it('commitPipelined: COMMIT sent behind the writes ends the transaction once; a failed write stores nothing', async () => {
    const value = await db.transaction(async (tx) => {
      const writes = Promise.all([
        tx.insert(teams).values({ name: 'early-a' }),
        tx.insert(teams).values({ name: 'early-b' }),
      ]);
      await Promise.all([writes, commitPipelined(tx)]);
      return 'done';
    });
    expect(value).toBe('done');
    expect(await names('early-')).toEqual(['early-a', 'early-b']);

    await db.insert(teams).values({ name: 'early-x' });
    const err = await db
      .transaction(async (tx) => {
        const writes = Promise.all([
          tx.insert(teams).values({ name: 'early-c' }),
          tx.insert(teams).values({ name: 'early-x' }),
        ]);
        writes.catch(() => {});
        await Promise.all([writes, commitPipelined(tx)]);
      })
      .catch((e: unknown) => e);
    expect(JSON.stringify(err)).toContain('23505');
    expect(await names('early-')).toEqual(['early-a', 'early-b', 'early-x']);
    // The connection is clean afterwards: a transaction on it commits as usual.
    await db.transaction((tx) => tx.insert(teams).values({ name: 'early-d' }));
    expect(await names('early-')).toEqual(['early-a', 'early-b', 'early-d', 'early-x']);
  });

  it('drizzle’s tx.rollback() stores nothing', async () => {
    await db
      .transaction(async (tx) => {
        await tx.insert(teams).values({ name: 'rolled-a' });
        tx.rollback();
      })
      .catch(() => {});
    expect(await names('rolled-')).toEqual([]);
  });

  it('reads inside see the transaction’s own writes; others see them only after commit', async () => {
    let seenOutside: string[] = ['unset'];
    await db.transaction(async (tx) => {
      await tx.insert(teams).values({ name: 'vis-a' });
      expect(await tx.select().from(teams).where(eq(teams.name, 'vis-a'))).toHaveLength(1);
      // PGlite has one connection: a read from outside would wait for this transaction, which waits for it.
      if (driver === 'postgres') seenOutside = await names('vis-');
    });
    if (driver === 'postgres') expect(seenOutside).toEqual([]);
    expect(await names('vis-')).toEqual(['vis-a']);
  });

  it.runIf(driver === 'postgres')(
    'a connection killed mid-transaction fails it, stores nothing, and the pool goes on working',
    async () => {
      const err = await db
        .transaction(async (tx) => {
          await tx.insert(teams).values({ name: 'killed-a' });
          const [me] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
          // From another connection: this transaction's backend goes away under it. pg_terminate_backend only signals
          // the backend; wait until it is gone, or under load the next statement can still run (and even commit).
          await db.execute(sql`select pg_terminate_backend(${me!.pid})`);
          for (let i = 0; i < 200; i++) {
            const [left] = rowsOf<{ n: number }>(
              await db.execute(sql`select count(*)::int as n from pg_stat_activity where pid = ${me!.pid}`),
            );
            if (left!.n === 0) break;
            await new Promise((r) => setTimeout(r, 10));
          }
          await tx.insert(teams).values({ name: 'killed-b' });
        })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(await names('killed-')).toEqual([]);
      // Every connection of the pool still answers, and transactions still commit.
      const pids = await Promise.all(
        Array.from({ length: 12 }, () =>
          db.transaction(async (tx) => rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`))),
        ),
      );
      expect(pids).toHaveLength(12);
      await db.transaction((tx) => tx.insert(teams).values({ name: 'killed-after' }));
      expect(await names('killed-')).toEqual(['killed-after']);
    },
  );
});

describe.runIf(driver === 'pglite')('a persisted PGlite database', () => {
  it('migrates on first open, is reopened behind the same handle, and keeps what it stores', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-reopen-'));
    try {
      const first = await openDatabase({ dataDir });
      await first.migrate();
      // The handle drizzle was given answers from the reopened instance.
      await first.db.insert(teams).values({ name: 'persisted' });
      expect((await first.db.select().from(teams)).map((t) => t.name)).toEqual(['persisted']);
      await first.close();
      const again = await openDatabase({ dataDir });
      await again.migrate();
      expect((await again.db.select().from(teams)).map((t) => t.name)).toEqual(['persisted']);
      await again.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
