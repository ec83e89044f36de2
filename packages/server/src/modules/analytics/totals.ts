// Totals: the sums and counts every analytics figure divides, computed straight from the live tables for a time
// interval. Each event counts on the instant it happened (a conversation when it started, a first reply when it was
// sent, a resolution when it ended…), so a finished day's totals do not move and the roll-up job can keep them; the
// same function writes the roll-ups and answers for the parts of a range that have none, which is why both give
// the same numbers. Definitions in words: docs/analytics.md.
import { sql, type SQL } from 'drizzle-orm';
import type { Channel } from '@support-chat/protocol';
import { rowsOf, type Executor } from '../../db/client.js';
import { chatSpan } from '../../db/schema/index.js';

/** Every measure, summed. Times are milliseconds so that sums stay exact integers. */
export const measures = [
  'conversations',
  'messages',
  'firstResponses',
  'firstResponseMs',
  'replies',
  'replyMs',
  'resolved',
  'resolutionMs',
  'resolvedMessages',
  'firstContactResolved',
  'waits',
  'waitMs',
  'abandoned',
  'abandonedWaitMs',
  'ratings',
  'ratingSum',
  'rating1',
  'rating2',
  'rating3',
  'rating4',
  'rating5',
  'chatMs',
  'capacityMs',
] as const;
export type Measure = (typeof measures)[number];
export type Totals = Record<Measure, number>;

export const dimensions = ['siteId', 'teamId', 'agentId', 'channel'] as const;
export type Dimension = (typeof dimensions)[number];
/** Each dimension's column, named the same in conversations, the streams below and chat_analytics. */
export const dimensionColumn: Record<Dimension, string> = {
  siteId: 'site_id',
  teamId: 'team_id',
  agentId: 'agent_id',
  channel: 'channel',
};
const column = dimensionColumn;

/** `col = value` for each filter given (on `alias.col` when an alias is named): the one place filters become SQL. */
export function dimensionMatches(filters: Filters = {}, alias?: string): SQL[] {
  return dimensions
    .filter((d) => filters[d] !== undefined)
    .map((d) =>
      alias
        ? sql`${sql.identifier(alias)}.${sql.identifier(column[d])} = ${filters[d]}`
        : sql`${sql.identifier(column[d])} = ${filters[d]}`,
    );
}

export interface Filters {
  siteId?: string;
  teamId?: string;
  agentId?: string;
  channel?: Channel;
}

export type TotalsRow = Totals & Partial<Record<Dimension, string | null>>;

export const zeroTotals = (): Totals => Object.fromEntries(measures.map((m) => [m, 0])) as Totals;

export function addTotals(into: Totals, more: Partial<Totals>) {
  for (const m of measures) into[m] += more[m] ?? 0;
  return into;
}

const ms = (later: SQL, earlier: SQL) => sql`round(extract(epoch from (${later} - ${earlier})) * 1000)`;

/** One stream of events: its keys, the measures it adds (the rest are 0), and where its rows come from. */
interface Stream {
  keys: SQL;
  add: Partial<Record<Measure, SQL>>;
  body: SQL;
}

export function streams(from: Date, to: Date, now: Date): Stream[] {
  const f = from.toISOString();
  const t = to.toISOString();
  const n = now.toISOString();
  const inRange = (col: SQL) => sql`${col} >= ${f}::timestamptz and ${col} < ${t}::timestamptz`;
  const conv = sql`c.site_id, c.team_id, c.agent_id, c.channel`;
  const spoken = sql`m.sender_type in ('customer', 'agent') and not m.is_private`;
  return [
    { keys: conv, add: { conversations: sql`1` }, body: sql`conversations c where ${inRange(sql`c.created_at`)}` },
    {
      keys: conv,
      add: { messages: sql`1` },
      body: sql`messages m join conversations c on c.id = m.conversation_id
        where ${inRange(sql`m.created_at`)} and ${spoken}`,
    },
    {
      keys: conv,
      add: { firstResponses: sql`1`, firstResponseMs: ms(sql`c.first_response_at`, sql`c.created_at`) },
      body: sql`conversations c where ${inRange(sql`c.first_response_at`)}`,
    },
    {
      // An agent's reply to a customer who was waiting: from the first customer message after the previous agent
      // reply (or the start) to this reply. Agent messages with no customer message before them are not replies.
      keys: conv,
      add: { replies: sql`1`, replyMs: ms(sql`r.reply_at`, sql`r.waiting_since`) },
      // Per conversation (LATERAL, through the (conversation_id, seq) index): with real statistics the planner
      // otherwise prefers one hash join over every message of the table.
      body: sql`(
          select distinct m.conversation_id from messages m
          where ${inRange(sql`m.created_at`)} and m.sender_type = 'agent' and not m.is_private
        ) ids
        cross join lateral (
          select min(x.created_at) filter (where x.sender_type = 'agent') as reply_at,
            min(x.created_at) filter (where x.sender_type = 'customer') as waiting_since
          from (
            select m.sender_type, m.created_at,
              count(*) filter (where m.sender_type = 'agent') over (order by m.seq) - (m.sender_type = 'agent')::int as turn
            from messages m where m.conversation_id = ids.conversation_id and ${spoken}
          ) x
          group by x.turn
        ) r
        join conversations c on c.id = ids.conversation_id
        where ${inRange(sql`r.reply_at`)} and r.waiting_since is not null`,
    },
    {
      // Ended with an agent: resolved. First contact: no ticket was opened from it for a follow-up.
      keys: conv,
      add: {
        resolved: sql`1`,
        resolutionMs: ms(sql`c.resolved_at`, sql`c.created_at`),
        resolvedMessages: sql`(select count(*) from messages m where m.conversation_id = c.id and ${spoken})`,
        firstContactResolved: sql`(not exists (select 1 from tickets k where k.conversation_id = c.id))::int`,
      },
      body: sql`conversations c where ${inRange(sql`c.resolved_at`)} and c.assigned_at is not null`,
    },
    {
      // Ended without an agent: the customer left the queue before anyone came.
      keys: conv,
      add: { abandoned: sql`1`, abandonedWaitMs: sql`c.queued_seconds::bigint * 1000` },
      body: sql`conversations c where ${inRange(sql`c.resolved_at`)} and c.assigned_at is null`,
    },
    {
      keys: conv,
      add: { waits: sql`1`, waitMs: sql`c.queued_seconds::bigint * 1000` },
      body: sql`conversations c where ${inRange(sql`c.assigned_at`)}`,
    },
    {
      keys: conv,
      add: {
        ratings: sql`1`,
        ratingSum: sql`r.rating`,
        rating1: sql`(r.rating = 1)::int`,
        rating2: sql`(r.rating = 2)::int`,
        rating3: sql`(r.rating = 3)::int`,
        rating4: sql`(r.rating = 4)::int`,
        rating5: sql`(r.rating = 5)::int`,
      },
      body: sql`conversation_ratings r join conversations c on c.id = r.conversation_id
        where ${inRange(sql`r.created_at`)}`,
    },
    {
      // Time the conversation's agent had it while online or busy, within the interval: from taking it to its end
      // (or now), cut to each of the agent's online periods — a chat left open overnight does not count the night.
      keys: conv,
      add: {
        chatMs: ms(
          sql`least(coalesce(c.resolved_at, ${n}::timestamptz), coalesce(p.ended_at, ${n}::timestamptz), ${t}::timestamptz)`,
          sql`greatest(c.assigned_at, p.started_at, ${f}::timestamptz)`,
        ),
      },
      body: sql`conversations c join agent_status_periods p on p.agent_id = c.agent_id and p.status in ('online', 'busy')
          and p.started_at < ${t}::timestamptz and (p.ended_at > ${f}::timestamptz or p.ended_at is null)
        where c.agent_id is not null and c.assigned_at is not null
        and ${chatSpan} && tstzrange(${f}::timestamptz, ${t}::timestamptz)
        and (c.resolved_at is not null or c.status = 'active')
        and greatest(c.assigned_at, p.started_at, ${f}::timestamptz)
          < least(coalesce(c.resolved_at, ${n}::timestamptz), coalesce(p.ended_at, ${n}::timestamptz), ${t}::timestamptz)`,
    },
    {
      // Capacity: time online or busy × the chats the agent may hold at once. Not per site or channel.
      keys: sql`null::uuid, a.team_id, a.id, null::text`,
      add: {
        capacityMs: sql`${ms(
          sql`least(coalesce(p.ended_at, ${n}::timestamptz), ${t}::timestamptz)`,
          sql`greatest(p.started_at, ${f}::timestamptz)`,
        )} * a.max_concurrent_chats`,
      },
      body: sql`agent_status_periods p join agents a on a.id = p.agent_id
        where p.status in ('online', 'busy') and p.started_at < ${t}::timestamptz
        and (p.ended_at > ${f}::timestamptz or p.ended_at is null)
        and p.started_at < least(coalesce(p.ended_at, ${n}::timestamptz), ${t}::timestamptz)`,
    },
  ];
}

export function selectOf(s: Stream): SQL {
  const cols = measures.map((m) => sql`${s.add[m] ?? sql`0`}::bigint as ${sql.identifier(m)}`);
  return sql`select ${s.keys}, ${sql.join(cols, sql`, `)} from ${s.body}`;
}

function filterOf(filters: Filters): SQL {
  const parts = dimensionMatches(filters);
  return parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``;
}

/**
 * The totals of events in [from, to), filtered, one row per combination of the `by` dimensions (one row in all
 * when `by` is empty; no rows when nothing happened). `now` ends the intervals still open (chats, online time).
 */
export async function rawTotals(
  db: Executor,
  opts: {
    from: Date;
    to: Date;
    now: Date;
    filters?: Filters;
    by?: readonly Dimension[];
    /** Only the streams that add these (the rest stay 0): the live overview needs five. */
    only?: readonly Measure[];
  },
): Promise<TotalsRow[]> {
  const by = opts.by ?? [];
  if (opts.to.getTime() <= opts.from.getTime()) return [];
  const wanted = streams(opts.from, opts.to, opts.now).filter((s) => !opts.only || opts.only.some((m) => m in s.add));
  const union = sql.join(wanted.map(selectOf), sql` union all `);
  const keys = by.map((d) => sql`${sql.identifier(column[d])} as ${sql.identifier(d)}`);
  const sums = measures.map((m) => sql`coalesce(sum(${sql.identifier(m)}), 0)::float8 as ${sql.identifier(m)}`);
  const query = sql`select ${sql.join([...keys, ...sums], sql`, `)}
    from (${union}) as e(site_id, team_id, agent_id, channel, ${sql.raw(measures.map((m) => `"${m}"`).join(', '))})
    ${filterOf(opts.filters ?? {})}
    ${
      by.length
        ? sql`group by ${sql.join(
            by.map((d) => sql.identifier(column[d])),
            sql`, `,
          )}`
        : sql``
    }`;
  const rows = rowsOf(await db.execute(query));
  return rows
    .map((r) => {
      const out: Record<string, unknown> = {};
      for (const d of by) out[d] = (r[d] as string | null) ?? null;
      for (const m of measures) out[m] = Number(r[m]);
      return out as TotalsRow;
    })
    .filter((r) => by.length === 0 || measures.some((m) => r[m] !== 0));
}
