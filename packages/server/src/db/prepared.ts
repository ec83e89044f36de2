// drizzle's postgres.js driver runs every query unprepared. For a query with parameters postgres.js then sends
// Parse + Describe and waits for the parameter types before it can Bind: two round trips each, and nothing behind
// it in the pipeline — so the group-commit writer's `Promise.all` ran its statements one after another, each twice
// over the wire. Prepared, a statement seen before on the connection is one Bind + Execute, pipelined with the
// next. postgres.js keeps one prepared statement per distinct text per connection (and drops them with the
// connection, which it recycles after 30–60 minutes), so the hot paths keep their statements' text fixed.
//
// Transactions: postgres.js's own `begin` waits for BEGIN's answer before it runs the callback, one round trip
// that carries nothing. Here BEGIN goes out in the same write as the transaction's first statements (postgres.js
// sends everything queued in one turn of the event loop together). A round trip is dear where PostgreSQL runs
// on the same few cores: each one wakes its backend, and in the writer's profile those socket writes cost more
// CPU than building the queries (see docs/benchmarks.md).
import type { ReservedSql, Sql } from 'postgres';

type Unsafe = Sql['unsafe'];
type Callback = (sql: Sql) => unknown;

/** `client` with every query prepared, including inside transactions and savepoints drizzle opens on it. */
export function preparedStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') return preparedUnsafe(target);
      if (prop === 'begin') {
        // begin(options?, fn): the callback comes last.
        return (...args: unknown[]) => {
          const fn = args.pop() as Callback;
          return pipelinedTransaction(target, typeof args[0] === 'string' ? args[0] : '', fn);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function preparedUnsafe(target: Sql): Unsafe {
  return (query, params, options) => target.unsafe(query, params, { ...options, prepare: true });
}

/** BEGIN, the callback's statements, then COMMIT (ROLLBACK if it throws) on one reserved connection. */
async function pipelinedTransaction(client: Sql, options: string, fn: Callback): Promise<unknown> {
  const connection = await client.reserve();
  const state = { savepoints: 0, lost: false };
  try {
    // Not awaited before the callback runs: if BEGIN fails, so do the statements queued behind it.
    const began = connection.unsafe(`begin ${options.replace(/[^a-z ]/gi, '')}`);
    began.catch(() => {});
    return await inTransaction(connection, fn, began, state);
  } finally {
    // A connection that closed under us is already back in postgres.js's pool as closed (it reconnects on
    // demand); releasing it would list it as open.
    if (!state.lost) connection.release();
  }
}

interface TransactionState {
  savepoints: number;
  /** The COMMIT the callback sent itself, if it did. */
  committed?: Promise<{ command: string }>;
  /** The connection closed during the transaction. */
  lost: boolean;
}

async function inTransaction(
  connection: ReservedSql,
  fn: Callback,
  opened: Promise<unknown>,
  state: TransactionState,
  savepoint?: string,
): Promise<unknown> {
  try {
    const returned = fn(transactionScope(connection, state));
    const result = await (Array.isArray(returned) ? Promise.all(returned) : returned);
    await opened;
    // A transaction the callback committed itself (db/client.ts commitPipelined) is over: no second COMMIT.
    const ended = await (savepoint
      ? connection.unsafe(`release savepoint ${savepoint}`)
      : (state.committed ?? connection.unsafe('commit')));
    // COMMIT in a transaction that a statement nobody awaited had aborted answers ROLLBACK, not an error.
    if (!savepoint && ended.command !== 'COMMIT') throw new Error(`the transaction ended in ${ended.command}`);
    return result;
  } catch (err) {
    if (isConnectionError(err)) state.lost = true;
    else await connection.unsafe(savepoint ? `rollback to savepoint ${savepoint}` : 'rollback').catch(() => {});
    throw err;
  }
}

/**
 * The connection, not the transaction, failed: postgres.js's own CONNECTION_* and CONNECT_TIMEOUT, a socket error
 * (ECONNRESET, EPIPE, …), or the server ending the session (FATAL, PANIC). Nothing more can be sent on it — a
 * ROLLBACK written to a socket that errored is never answered — and postgres.js has already taken it back.
 */
function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; syscall?: unknown; severity?: unknown; cause?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  return (
    (typeof e.code === 'string' && /^CONNECT(ION)?_/.test(e.code)) ||
    typeof e.syscall === 'string' ||
    e.severity === 'FATAL' ||
    e.severity === 'PANIC' ||
    // drizzle wraps the driver's error (DrizzleQueryError) and keeps it as the cause.
    (e.cause !== err && isConnectionError(e.cause))
  );
}

/** What drizzle's transaction sees: the reserved connection, prepared, with savepoints for nested transactions. */
function transactionScope(connection: ReservedSql, state: TransactionState): Sql {
  return new Proxy(connection, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        const prepared = preparedUnsafe(target);
        return ((query, params, options) => {
          const pending = prepared(query, params, options);
          if (/^\s*commit\s*$/i.test(query)) state.committed = pending as Promise<{ command: string }>;
          return pending;
        }) as Unsafe;
      }
      if (prop === 'savepoint') {
        return (...args: unknown[]) => {
          const fn = args.pop() as Callback;
          const name = `s${state.savepoints++}`;
          const opened = target.unsafe(`savepoint ${name}`);
          opened.catch(() => {});
          return inTransaction(connection, fn, opened, state, name);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Sql;
}
