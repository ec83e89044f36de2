// `tsx src/tools/explain-cli.ts`: the plans PostgreSQL (DATABASE_URL) runs for the analytics queries that matter most
// at scale — the time agents spent in chats during yesterday (one stream of a day's totals, found through the GiST
// range index) and a 90-day percentile — as EXPLAIN ANALYZE, for docs/benchmarks.md (the analytics benchmark runs it).
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../db/client.js';
import { selectOf, streams } from '../modules/analytics/totals.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must name the PostgreSQL database to explain');
const db = await openDatabase({ databaseUrl: url, maxConnections: 1 });
try {
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const [from, to] = [new Date(today - 86_400_000), new Date(today)];
  const chat = streams(from, to, to).find((s) => 'chatMs' in s.add)!;
  const since = new Date(today - 89 * 86_400_000).toISOString();
  const queries: [string, SQL][] = [
    ["Time in chats during yesterday (one stream of a day's totals)", selectOf(chat)],
    [
      'p50 and p90 of first response over the last 90 days',
      sql`select percentile_cont(array[0.5, 0.9]) within group (order by extract(epoch from (c.first_response_at - c.created_at)))
        from conversations c where c.first_response_at >= ${since}::timestamptz and c.first_response_at < ${now.toISOString()}::timestamptz`,
    ],
  ];
  for (const [title, query] of queries) {
    const plan = rowsOf<Record<string, string>>(await db.db.execute(sql`explain (analyze, buffers) ${query}`));
    process.stdout.write(`${title}:\n\n\`\`\`\n${plan.map((r) => Object.values(r)[0]).join('\n')}\n\`\`\`\n\n`);
  }
} finally {
  await db.close();
}
