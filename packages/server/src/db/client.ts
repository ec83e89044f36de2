// Chooses the driver: PGlite (embedded, persisted under DATA_DIR) without DATABASE_URL, postgres.js with it.
// Both speak the same schema and migrations; services only ever see `Database`.
import { serverDir } from '../lib/paths.js';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getTableColumns, sql, type SQL, type Table } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; services accept `Executor` so they can run inside or outside one. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Applies the committed migrations (see migrationsFolder). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball, to clone the database elsewhere. */
  dumpDataDir?(): Promise<Blob>;
}

export const migrationsFolder = path.join(serverDir, 'drizzle');

const PGLITE_SHARED_BUFFERS = '32MB';

// Any constant will do; it only has to be the same on every node so migrations run one node at a time.
const MIGRATION_LOCK = 4_200_417;

/**
 * The newest migration this build ships, as drizzle's journal stamps it (drizzle applies the ones stamped after the
 * newest row of drizzle.__drizzle_migrations). A start whose database already has it skips drizzle's migrator, which
 * reads and hashes every migration file and runs its DDL checks on each start (~0.2 s on PGlite).
 */
function newestMigration(): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return Math.max(...journal.entries.map((e) => e.when));
}

/** The newest migration the database has applied; undefined before the first (no table yet). */
async function appliedMigration(query: (text: string) => Promise<unknown>): Promise<number | undefined> {
  try {
    const [row] = rowsOf<{ at: string | number | null }>(
      await query('select max(created_at) as at from drizzle.__drizzle_migrations'),
    );
    return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
  } catch {
    return undefined;
  }
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; omit for an in-memory database. */
  dataDir?: string;
  /** PGlite: start from a dumped data directory (tests clone a migrated database this way). */
  loadDataDir?: Blob;
  /** postgres.js pool size. */
  maxConnections?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const client = postgres(opts.databaseUrl, {
      max: opts.maxConnections ?? 10,
      onnotice: () => {},
      // JIT compiles a plan when its estimated cost is high; our queries are small enough that compiling costs more
      // than it saves (an analytics day's totals: 95 ms with JIT, 25 ms without — docs/benchmarks.md).
      connection: { application_name: 'support-chat', jit: 'off' },
    });
    const { preparedStatements } = await import('./prepared.js');
    const db = drizzle({ client: preparedStatements(client), schema }) as unknown as Database;
    const migrate = async () => {
      // Migrations only move forward: a database that has this build's newest needs neither the lock nor drizzle.
      if (((await appliedMigration((text) => client.unsafe(text))) ?? 0) >= newestMigration()) return;
      const { migrate: run } = await import('drizzle-orm/postgres-js/migrator');
      // A session-level advisory lock held on one reserved connection while drizzle's migrator runs on
      // the pool: other nodes wait here, then find the migrations applied.
      const conn = await client.reserve();
      try {
        await conn`select pg_advisory_lock(${MIGRATION_LOCK})`;
        try {
          // Unprepared: DDL runs once, and a prepared statement may hold a single command only.
          await run(drizzle({ client }), { migrationsFolder });
        } finally {
          await conn`select pg_advisory_unlock(${MIGRATION_LOCK})`;
        }
      } finally {
        conn.release();
      }
    };
    return { db, kind: 'postgres', migrate, close: () => client.end({ timeout: 5 }) };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const open = () =>
    PGlite.create({
      dataDir: opts.dataDir,
      loadDataDir: opts.loadDataDir,
      // PostgreSQL's default 128 MB of shared buffers live in the WebAssembly heap, touched at start: with 32 MB the
      // idle server holds ~100 MB less and opens an existing database in 0.7 s instead of 1.7 s (docs/benchmarks.md).
      // The files under DATA_DIR are still cached by the operating system, as PostgreSQL expects.
      startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    });
  let client = await open();
  // drizzle holds this stand-in, so the instance behind it can be replaced after migrating (below).
  const current = new Proxy({} as PGliteInstance, {
    get(_, prop) {
      const value = Reflect.get(client, prop, client);
      return typeof value === 'function' ? value.bind(client) : value;
    },
  });
  const db = drizzle({ client: current, schema }) as unknown as Database;
  const migrate = async () => {
    const before = await appliedMigration((text) => client.query(text));
    const newest = newestMigration();
    if ((before ?? 0) >= newest) return;
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    await run(drizzle({ client }), { migrationsFolder });
    // The WebAssembly heap only grows: creating a database and running every migration leaves the instance holding
    // ~800 MB where one that opens the same files holds ~250 MB. A persisted database that just migrated is
    // reopened, so the first start idles like every later one. (In-memory databases would lose their data.)
    if (opts.dataDir) {
      await client.close();
      client = await open();
    }
  };
  const dumpDataDir = async () => (await client.dumpDataDir('none')) as Blob;
  return { db, kind: 'pglite', migrate, close: () => client.close(), dumpDataDir };
}

type PGliteInstance = Awaited<ReturnType<typeof import('@electric-sql/pglite')['PGlite']['create']>>;

/** The rows of `db.execute(sql…)`: postgres.js answers an array of rows, PGlite an object holding them. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * `select t.* …` rows from `db.execute` read back as drizzle would read them from `select().from(t)`: column names
 * to field names, each value through its column's decoder (timestamps come as text from both drivers).
 */
export function tableRowsOf<T extends Table>(table: T, result: unknown): T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table));
  return rowsOf(result).map((raw) => {
    const row: Record<string, unknown> = {};
    for (const [field, column] of columns) {
      const value = raw[column.name];
      row[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  });
}

/**
 * COMMIT `tx` now, in the same round trip as the statements issued before it, instead of after their answers. Only
 * once every statement of the transaction has been issued (and none issues another when answered): anything sent
 * later would run outside it. The caller awaits it with its writes; if one of them failed, the server ended the
 * transaction in ROLLBACK and that write's error is what the caller sees. Transactions then send no COMMIT of their
 * own (db/prepared.ts; PGlite's second COMMIT is a no-op).
 */
export function commitPipelined(tx: Tx): Promise<unknown> {
  return tx.execute(sql`commit`);
}

/**
 * `select * from table <rest>`, rows read as `select().from(table)` would read them. For hot paths: drizzle's
 * select builder spends more CPU building the statement and mapping each field (~0.2 ms for a row of every column)
 * than PostgreSQL spends running it. `rest` holds the where/order/limit (drizzle conditions render into it as usual).
 */
export async function selectRows<T extends Table>(db: Executor, table: T, rest: SQL): Promise<T['$inferSelect'][]> {
  return tableRowsOf(table, await db.execute(sql`select * from ${table} ${rest}`));
}
