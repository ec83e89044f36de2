// A deterministic support history for demos, screenshots and the analytics benchmark: teams, agents with online
// hours, conversations spread over the days (more on weekdays and in office hours), their messages, waits, first
// replies and resolutions, abandoned chats, ratings with comments, and tickets that meet or miss their SLA. Every
// "random" choice is md5 of the row number and a salt, so the same options give the same history on PGlite and
// PostgreSQL. Written in set-based SQL (generate_series), so 200,000 conversations take seconds, not hours.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Executor } from '../db/client.js';
import { hashPassword } from '../lib/secrets.js';

export interface HistoryOptions {
  conversations: number;
  days: number;
  /** The history ends here (now, by default); its last day's chats may still be going on. */
  end?: Date;
  agents?: number;
}

/** A number in [0, 1) from the row expression and a salt, the same on every run and every database. */
const rnd = (expr: string, salt: string) =>
  `((('x' || substr(md5((${expr})::text || '${salt}'), 1, 7))::bit(28)::int)::float8 / 268435456.0)`;
const pick = (list: string[], r: string) =>
  `(array[${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}])[1 + floor(${r} * ${list.length})::int]`;

const TEAMS = ['Support', 'Billing', 'Sales'];
const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Farid',
  'Grace',
  'Hugo',
  'Ines',
  'Jon',
  'Kai',
  'Lena',
  'Mo',
  'Nia',
  'Omar',
  'Pia',
];
const LAST = [
  'Lovelace',
  'Okafor',
  'Martin',
  'Patel',
  'Yilmaz',
  'Haddad',
  'Hopper',
  'Silva',
  'Moreau',
  'Berg',
  'Tanaka',
  'Novak',
  'Reyes',
  'Kim',
  'Ali',
  'Weber',
];
const CUSTOMERS = [
  'Alex',
  'Sam',
  'Jordan',
  'Taylor',
  'Morgan',
  'Casey',
  'Riley',
  'Jamie',
  'Robin',
  'Avery',
  'Quinn',
  'Drew',
];
const SUBJECTS = [
  'Refund for my last invoice',
  'Cannot log in to my account',
  'Where is my order',
  'Change my billing address',
  'Password reset email not arriving',
  'Upgrade to the annual plan',
  'Invoice shows the wrong amount',
  'Cancel my subscription',
  'App crashes on startup',
  'Add a team member',
  'Export my data',
  'Discount for nonprofits',
  'Payment failed',
  'Shipping to Canada',
  'Two-factor code not accepted',
  'Delete my account',
];
const TAGS = ['billing', 'login', 'shipping', 'bug', 'account', 'pricing', 'refund', 'feature-request'];
const CATEGORIES = ['Billing', 'Technical', 'Account', 'Shipping', 'Sales'];
const CUSTOMER_LINES = [
  'Hi, can you help?',
  'Any update on this?',
  'Thanks, that helps.',
  'It still does not work.',
  'Here is the order number: 48213',
];
const AGENT_LINES = [
  'Happy to help — one moment.',
  'I have checked your account.',
  'That is fixed now.',
  'Could you send a screenshot?',
  'Anything else I can do?',
];
const GOOD = ['Quick and friendly, thanks!', 'Solved in minutes.', 'Very helpful agent.', 'Great service as always.'];
const SO_SO = ['Took a while but sorted.', 'Fine, but I had to wait.', 'OK in the end.'];
const BAD = ['Had to explain twice.', 'Not resolved yet.', 'Waited far too long.', 'The answer did not help.'];

async function one<T = Record<string, unknown>>(db: Executor, q: SQL): Promise<T | undefined> {
  return rowsOf<T>(await db.execute(q))[0];
}

/** Writes the history; refuses a database that already holds conversations (it is for fresh installs). */
export async function generateHistory(db: Executor, opts: HistoryOptions) {
  const N = Math.floor(opts.conversations);
  const D = Math.max(1, Math.floor(opts.days));
  const K = Math.max(1, Math.floor(opts.agents ?? 12));
  const end = opts.end ?? new Date();
  const endIso = end.toISOString();
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate() - (D - 1)));
  const startIso = start.toISOString();
  const existing = await one<{ n: unknown }>(db, sql`select count(*) as n from conversations`);
  if (Number(existing?.n ?? 0) > 0) throw new Error('generateHistory: the database already has conversations');
  const site = await one<{ id: string }>(db, sql`select id from sites order by created_at limit 1`);
  if (!site) throw new Error('generateHistory: no site (start the server once first)');
  const passwordHash = await hashPassword('demo-password-1');

  // Teams and agents; each agent's user can sign in with demo-password-1 (agent1@example.com …).
  for (const name of TEAMS)
    await db.execute(sql`insert into teams (name) values (${name}) on conflict (name) do nothing`);
  await db.execute(
    sql.raw(`
    insert into users (email, name, password_hash, role)
    select 'agent' || k || '@example.com',
      (array['${FIRST.join("','")}'])[1 + (k - 1) % ${FIRST.length}] || ' ' || (array['${LAST.join("','")}'])[1 + ((k - 1) * 7) % ${LAST.length}],
      '${passwordHash}', 'agent'
    from generate_series(1, ${K}) k`),
  );
  await db.execute(
    sql.raw(`
    insert into agents (user_id, name, email, team_id, max_concurrent_chats, created_at, updated_at)
    select u.id, u.name, u.email,
      (select id from teams where name = (array['${TEAMS.join("','")}'])[1 + (x.k % ${TEAMS.length})]),
      3 + (x.k % 3), '${startIso}'::timestamptz, '${startIso}'::timestamptz
    from users u cross join lateral (select substring(u.email from 'agent([0-9]+)@')::int as k) x
    where u.email like 'agent%@example.com' and u.agent_id is null`),
  );
  await db.execute(sql`update users u set agent_id = a.id from agents a where a.user_id = u.id and u.agent_id is null`);
  await db.execute(sql`insert into team_members (team_id, agent_id) select team_id, id from agents
    where email like 'agent%@example.com' on conflict do nothing`);

  // Online hours: weekdays, from about 08:00 to about 16:30 UTC; Saturdays a short shift for a third of the team.
  await db.execute(
    sql.raw(`
    insert into agent_status_periods (agent_id, status, started_at, ended_at)
    select a.id, 'online', s.start_at, least(s.start_at + s.len, '${endIso}'::timestamptz)
    from (select id, row_number() over (order by email) as k from agents where email like 'agent%@example.com') a
    cross join generate_series(0, ${D - 1}) d
    cross join lateral (select '${startIso}'::timestamptz + d * interval '1 day'
        + interval '8 hours' + ${rnd("a.k || ':' || d", 'on')} * interval '90 minutes' as start_at,
      interval '7 hours' + ${rnd("a.k || ':' || d", 'len')} * interval '3 hours' as len) s
    where (extract(isodow from '${startIso}'::timestamptz + d * interval '1 day') < 6
        or (extract(isodow from '${startIso}'::timestamptz + d * interval '1 day') = 6 and a.k % 3 = 0))
      and s.start_at < '${endIso}'::timestamptz`),
  );

  // Conversations: a day from the row number, an hour weighted to office hours, most weekend chats moved to Monday;
  // a time after the end moves a week back (same weekday and hour).
  await db.execute(
    sql.raw(`
    with agent_list as (
      select id, team_id, row_number() over (order by email) - 1 as k from agents where email like 'agent%@example.com'
    ), base as (
      select i,
        '${startIso}'::timestamptz + floor(i::float8 * ${D} / ${N}) * interval '1 day'
          + (case when ${rnd('i', 'h1')} < 0.78 then 8 + floor(${rnd('i', 'h2')} * 9) else floor(${rnd('i', 'h2')} * 24) end) * interval '1 hour'
          + floor(${rnd('i', 'mi')} * 3600) * interval '1 second' as at0,
        ${rnd('i', 'ab')} < 0.06 as abandoned,
        floor(${rnd('i', 'ag')} * ${K})::int as k
      from generate_series(0, ${N - 1}) i
    ), timed as (
      select b.*, (select case when x > '${endIso}'::timestamptz - interval '1 minute' then x - interval '7 days' else x end
          from (select case when extract(isodow from at0) >= 6 and ${rnd('i', 'we')} < 0.6
            then at0 + (8 - extract(isodow from at0)) * interval '1 day' else at0 end as x) w) as created,
        case when abandoned then 30 + floor(${rnd('i', 'q')} * 420) else 5 + floor(power(${rnd('i', 'q')}, 2) * 900) end::int as queued,
        10 + floor(${rnd('i', 'fr')} * 240)::int as fr,
        180 + floor(power(${rnd('i', 'rs')}, 2) * 5400)::int as rs
      from base b
    )
    insert into conversations (id, site_id, customer_id, customer_name, customer_email, agent_id, team_id, status, channel,
      subject, priority, tags, queued_at, queued_seconds, last_seq, last_message_at, started_at, first_response_at,
      assigned_at, resolved_at, closed_at, created_at, updated_at, metadata)
    select overlay(overlay(md5('conv' || t.i) placing '4' from 13) placing '8' from 17)::uuid, '${site.id}',
      'cust-' || floor(${rnd('t.i', 'cu')} * ${Math.max(1, Math.floor(N / 3))})::int,
      ${pick(CUSTOMERS, rnd('t.i', 'cn'))} || ' ' || chr(65 + floor(${rnd('t.i', 'ci')} * 26)::int) || '.',
      null,
      case when t.abandoned then null else a.id end,
      case when t.abandoned then (select id from teams where name = 'Support') else a.team_id end,
      case when t.abandoned then 'resolved'
        when t.created + (t.queued + t.fr + t.rs) * interval '1 second' > '${endIso}'::timestamptz then 'active'
        else 'resolved' end,
      case when ${rnd('t.i', 'ch')} < 0.74 then 'web' when ${rnd('t.i', 'ch')} < 0.93 then 'mobile' else 'email' end,
      ${pick(SUBJECTS, rnd('t.i', 'su'))},
      case when ${rnd('t.i', 'pr')} < 0.05 then 'urgent' when ${rnd('t.i', 'pr')} < 0.25 then 'high'
        when ${rnd('t.i', 'pr')} < 0.9 then 'medium' else 'low' end,
      array[${pick(TAGS, rnd('t.i', 'tg'))}],
      t.created, t.queued, 0, null, t.created,
      case when t.abandoned then null else least(t.created + (t.queued + t.fr) * interval '1 second', '${endIso}'::timestamptz) end,
      case when t.abandoned then null else least(t.created + t.queued * interval '1 second', '${endIso}'::timestamptz) end,
      case when t.abandoned then least(t.created + t.queued * interval '1 second', '${endIso}'::timestamptz)
        when t.created + (t.queued + t.fr + t.rs) * interval '1 second' > '${endIso}'::timestamptz then null
        else t.created + (t.queued + t.fr + t.rs) * interval '1 second' end,
      null, t.created, t.created, '{"generated": true}'::jsonb
    from timed t join agent_list a on a.k = t.k`),
  );
  // Conversations still going on count against their agent's load.
  await db.execute(sql`update agents a set active_chats = x.n from (select agent_id, count(*)::int as n
    from conversations where status = 'active' group by agent_id) x where x.agent_id = a.id`);

  // Messages: the customer opens, the agent's first reply at first_response_at, then turns until the end (2-18).
  await db.execute(
    sql.raw(`
    insert into messages (conversation_id, seq, sender_type, sender_id, sender_name, content, created_at)
    select c.id, k,
      case when k % 2 = 1 then 'customer' else 'agent' end,
      case when k % 2 = 1 then c.customer_id else c.agent_id::text end,
      case when k % 2 = 1 then c.customer_name else coalesce(c.agent_name, 'Agent') end,
      case when k % 2 = 1 then ${pick(CUSTOMER_LINES, rnd("c.id || ':' || k", 'cl'))} else ${pick(AGENT_LINES, rnd("c.id || ':' || k", 'al'))} end,
      case when k = 1 then c.created_at when k = 2 then c.first_response_at
        else c.first_response_at + (coalesce(c.resolved_at, '${endIso}'::timestamptz) - c.first_response_at) * ((k - 2)::float8 / m.n)
      end
    from conversations c
    cross join lateral (select case when c.agent_id is null then 1
      else 2 + floor(${rnd('c.id', 'mn')} * 17)::int end as n) m
    cross join lateral generate_series(1, m.n) k`),
  );
  await db.execute(sql`update conversations c set last_seq = x.n, last_message_at = x.at
    from (select conversation_id, max(seq) as n, max(created_at) as at from messages group by conversation_id) x
    where x.conversation_id = c.id`);

  // Ratings: four in ten resolved chats, mostly good; a third with a comment.
  await db.execute(
    sql.raw(`
    insert into conversation_ratings (conversation_id, rating, comment, created_at, updated_at)
    select c.id, x.rating,
      case when ${rnd('c.id', 'cm')} < 0.33 then case when x.rating >= 4 then ${pick(GOOD, rnd('c.id', 'cx'))}
        when x.rating = 3 then ${pick(SO_SO, rnd('c.id', 'cx'))} else ${pick(BAD, rnd('c.id', 'cx'))} end end,
      c.resolved_at + interval '2 minutes', c.resolved_at + interval '2 minutes'
    from conversations c
    cross join lateral (select case when ${rnd('c.id', 'rt')} < 0.5 then 5 when ${rnd('c.id', 'rt')} < 0.75 then 4
        when ${rnd('c.id', 'rt')} < 0.85 then 3 when ${rnd('c.id', 'rt')} < 0.93 then 2 else 1 end as rating) x
    where c.agent_id is not null and c.resolved_at is not null and ${rnd('c.id', 'rr')} < 0.4
      and c.resolved_at + interval '2 minutes' <= '${endIso}'::timestamptz`),
  );

  // Tickets from one chat in twenty: first answers and resolutions around their targets, some late.
  await db.execute(
    sql.raw(`
    insert into tickets (conversation_id, customer_id, customer_name, subject, description, status, priority, category,
      tags, assigned_agent_id, assigned_team_id, sla_due_at, first_response_due_at, first_response_at, resolved_at,
      created_at, updated_at)
    select c.id, c.customer_id, c.customer_name, c.subject, 'Follow-up from chat', x.status, c.priority,
      ${pick(CATEGORIES, rnd('c.id', 'cat'))}, c.tags, c.agent_id, c.team_id,
      x.created + x.hours * interval '1 hour', x.created + x.minutes * interval '1 minute',
      case when x.created + x.minutes * x.fr * interval '1 minute' <= '${endIso}'::timestamptz
        then x.created + x.minutes * x.fr * interval '1 minute' end,
      case when x.status = 'resolved' then x.created + x.hours * x.res * interval '1 hour' end,
      x.created, x.created
    from conversations c
    cross join lateral (select coalesce(c.resolved_at, c.created_at) + interval '5 minutes' as created,
      case c.priority when 'urgent' then 1 when 'high' then 4 when 'medium' then 24 else 72 end as hours,
      case c.priority when 'urgent' then 30 when 'high' then 60 when 'medium' then 240 else 1440 end as minutes,
      -- As a share of the target: about one first answer in ten and one resolution in fifteen are late.
      0.1 + 1.1 * power(${rnd('c.id', 'tf')}, 2) as fr, 0.1 + 1.05 * power(${rnd('c.id', 'tr')}, 2) as res,
      case when coalesce(c.resolved_at, c.created_at) + interval '5 minutes'
        + (case c.priority when 'urgent' then 1 when 'high' then 4 when 'medium' then 24 else 72 end)
          * (0.1 + 1.05 * power(${rnd('c.id', 'tr')}, 2)) * interval '1 hour' <= '${endIso}'::timestamptz
        then 'resolved' else 'open' end as status) x
    where c.agent_id is not null and ${rnd('c.id', 'tk')} < 0.05 and x.created <= '${endIso}'::timestamptz`),
  );
  // What the SLA watcher would have marked by now.
  await db.execute(sql`update tickets set
      first_response_breached_at = first_response_due_at
        where (first_response_at > first_response_due_at or (first_response_at is null and first_response_due_at <= ${endIso}::timestamptz))`);
  await db.execute(sql`update tickets set resolution_breached_at = sla_due_at
      where (resolved_at > sla_due_at or (resolved_at is null and sla_due_at <= ${endIso}::timestamptz))`);
  await db.execute(sql`update tickets set sla_breached_at = least(first_response_breached_at, resolution_breached_at),
      sla_breached_target = case when first_response_breached_at is not null
        and (resolution_breached_at is null or first_response_breached_at <= resolution_breached_at)
        then 'first_response' else 'resolution' end
      where first_response_breached_at is not null or resolution_breached_at is not null`);

  // What autovacuum would do next: statistics for the planner, dead row versions of the bulk updates gone.
  await db.execute(sql`vacuum analyze`);

  const counts = await one<{ c: unknown; m: unknown; r: unknown; t: unknown }>(
    db,
    sql`select (select count(*) from conversations) as c, (select count(*) from messages) as m,
      (select count(*) from conversation_ratings) as r, (select count(*) from tickets) as t`,
  );
  return {
    conversations: Number(counts?.c),
    messages: Number(counts?.m),
    ratings: Number(counts?.r),
    tickets: Number(counts?.t),
    from: startIso,
    to: endIso,
  };
}
