// drizzle's postgres.js driver runs every query unprepared. For a query with parameters postgres.js then sends
// Parse + Describe and waits for the parameter types before it can Bind: two round trips each, and nothing behind
// it in the pipeline — so the group-commit writer's `Promise.all` ran its statements one after another, each twice
// over the wire. Prepared, a statement seen before on the connection is one Bind + Execute, pipelined with the
// next. postgres.js keeps one prepared statement per distinct text per connection (and drops them with the
// connection, which it recycles after 30–60 minutes), so the hot paths keep their statements' text fixed.
import type { Sql } from 'postgres';

type Unsafe = Sql['unsafe'];

/** `client` with every query prepared, including inside transactions and savepoints drizzle opens on it. */
export function preparedStatements<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        const unsafe: Unsafe = (query, params, options) => target.unsafe(query, params, { ...options, prepare: true });
        return unsafe;
      }
      if (prop === 'begin' || prop === 'savepoint') {
        const open = Reflect.get(target, prop, receiver) as (...args: unknown[]) => Promise<unknown>;
        // begin(options?, fn) and savepoint(name?, fn): the callback comes last.
        return (...args: unknown[]) => {
          const fn = args.pop() as (sql: Sql) => unknown;
          return open.call(target, ...args, (inner: Sql) => fn(preparedStatements(inner)));
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
