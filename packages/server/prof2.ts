import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { PgDialect } from 'drizzle-orm/pg-core';
import { streams, selectOf } from './src/modules/analytics/totals.js';
const client = postgres(process.env.DB!, { max: 1, connection: { jit: 'off' } });
const db = drizzle({ client }) as any;
const day = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const dialect = new PgDialect();
const ss = streams(day.from, day.to, day.to);
for (let k = 0; k < 2; k++)
  for (const [i, s] of ss.entries()) {
    const q = selectOf(s);
    const st = performance.now();
    await db.execute(q);
    const ms = performance.now() - st;
    const name = Object.keys(s.add).join(',');
    if (k === 1) console.log(i, name.slice(0, 40), ms.toFixed(0), 'ms');
    if (k === 1 && ms > 15) {
      const { sql: text, params } = dialect.sqlToQuery(q);
      const plan = await client.unsafe('explain analyze ' + text, params as any);
      console.log(
        plan
          .map((r: any) => r['QUERY PLAN'])
          .join('\n')
          .slice(0, 3000),
      );
    }
  }
await client.end();
