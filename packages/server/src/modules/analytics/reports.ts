// The reports: each reads totals (roll-ups plus live data, rollups.ts) or, for what roll-ups cannot hold
// (percentiles, the weekday × hour grid, words, the SLA of tickets), the tables directly with indexed ranges.
import { sql, type SQL } from 'drizzle-orm';
import { DateTime } from 'luxon';
import {
  agentStatuses,
  priorities,
  type AgentStatus,
  type AgentsReport,
  type CsatReport,
  type HeatmapReport,
  type IssuesReport,
  type LiveOverview,
  type OverviewReport,
  type SlaReport,
  type TeamsReport,
} from '@support-chat/protocol';
import { rowsOf, type Executor } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { summarize } from './metrics.js';
import { topIssues } from './issues.js';
import { dailyTotals, issueCountsOver, totalsOver } from './rollups.js';
import { addTotals, dimensionMatches, rawTotals, zeroTotals, type Filters, type Totals } from './totals.js';

type ReportDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'settings'>;

export interface Range {
  from: Date;
  to: Date;
}

const DEFAULT_DAYS = 7;

/** The range asked for; by default the last seven days up to now. */
export function rangeOf(q: { from?: string; to?: string }, now: Date): Range {
  const to = q.to ? new Date(q.to) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  return { from, to };
}

const rangeDto = (r: Range, timeZone: string) => ({ from: r.from.toISOString(), to: r.to.toISOString(), timeZone });

/** `and c.site_id = … and c.team_id = …` for the filters, on the conversation alias given. */
function conversationFilter(filters: Filters, alias = 'c'): SQL {
  const parts = dimensionMatches(filters, alias);
  return parts.length ? sql`and ${sql.join(parts, sql` and `)}` : sql``;
}

const between = (col: SQL, r: Range) =>
  sql`${col} >= ${r.from.toISOString()}::timestamptz and ${col} < ${r.to.toISOString()}::timestamptz`;

/** p50 and p90 (continuous percentiles) of first response, resolution and wait, from the conversations' columns. */
export async function percentiles(db: Executor, r: Range, filters: Filters) {
  const f = conversationFilter(filters);
  // Three queries rather than one with three sub-selects: on PostgreSQL they run side by side on the pool.
  const pct = async (expr: SQL, where: SQL) => {
    const [row] = rowsOf<{ p: number[] | string | null }>(
      await db.execute(
        sql`select percentile_cont(array[0.5, 0.9]) within group (order by ${expr}) as p from conversations c where ${where} ${f}`,
      ),
    );
    return row?.p ?? null;
  };
  const [fr, res, wait] = await Promise.all([
    pct(sql`extract(epoch from (c.first_response_at - c.created_at))`, between(sql`c.first_response_at`, r)),
    pct(
      sql`extract(epoch from (c.resolved_at - c.created_at))`,
      sql`${between(sql`c.resolved_at`, r)} and c.assigned_at is not null`,
    ),
    pct(sql`c.queued_seconds`, between(sql`c.assigned_at`, r)),
  ]);
  const two = (v: unknown) => {
    const a =
      typeof v === 'string' ? (v.replace(/[{}]/g, '').split(',').map(Number) as number[]) : (v as number[] | null);
    const round = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? null : Math.round(n * 10) / 10);
    return { p50: a ? round(Number(a[0])) : null, p90: a ? round(Number(a[1])) : null };
  };
  return { firstResponse: two(fr), resolution: two(res), wait: two(wait) };
}

function point(date: string, t: Totals) {
  const s = summarize(t);
  return {
    date,
    conversations: s.conversations,
    resolved: s.resolved,
    abandoned: s.abandoned,
    averageFirstResponseSeconds: s.averageFirstResponseSeconds,
    averageReplySeconds: s.averageReplySeconds,
    averageResolutionSeconds: s.averageResolutionSeconds,
    averageWaitSeconds: s.averageWaitSeconds,
    csatAverage: s.csat.average,
    ratings: s.csat.ratings,
  };
}

async function totalOf(deps: ReportDeps, r: Range, filters: Filters) {
  const [row] = await totalsOver(deps, { ...r, filters });
  return row ?? zeroTotals();
}

/** The days' totals added up: the range's own (the series covers it exactly, so no second pass is needed). */
const sumOf = (days: { totals: Totals }[]) => days.reduce((acc, d) => addTotals(acc, d.totals), zeroTotals());

/**
 * The period just before, as long as the range. A range that starts at midnight (roll-up zone) is compared with whole
 * days — "the last 7 days" (six days and today so far) with the seven days before — so the previous period reads from
 * roll-ups only.
 */
export function previousRange(r: Range, timeZone: string): Range {
  const start = DateTime.fromJSDate(r.from, { zone: timeZone });
  const length = r.to.getTime() - r.from.getTime();
  if (start.equals(start.startOf('day'))) {
    const days = Math.ceil(length / 86_400_000 - 1e-9);
    return { from: start.minus({ days }).toJSDate(), to: r.from };
  }
  return { from: new Date(r.from.getTime() - length), to: r.from };
}

export async function overviewReport(deps: ReportDeps, r: Range, filters: Filters): Promise<OverviewReport> {
  const tz = deps.config.analytics.timeZone;
  const previous = previousRange(r, tz);
  const [before, days, pct] = await Promise.all([
    totalOf(deps, previous, filters),
    dailyTotals(deps, { ...r, filters }),
    percentiles(deps.db, r, filters),
  ]);
  const now = sumOf(days);
  return {
    range: rangeDto(r, tz),
    previousRange: rangeDto(previous, tz),
    summary: summarize(now),
    previous: summarize(before),
    percentiles: pct,
    series: days.map((d) => point(d.date, d.totals)),
  };
}

/** The summary alone (the seed's `GET /api/chat/analytics`). */
export async function summaryFor(deps: ReportDeps, r: Range, filters: Filters) {
  return summarize(await totalOf(deps, r, filters));
}

export async function agentsReport(deps: ReportDeps, r: Range, filters: Filters): Promise<AgentsReport> {
  const [rows, people] = await Promise.all([
    totalsOver(deps, { ...r, filters, by: ['agentId'] }),
    deps.db.execute(sql`select a.id, a.name, a.team_name, a.status, a.active_chats, a.max_concurrent_chats,
        u.disabled from agents a join users u on u.id = a.user_id
        ${filters.agentId ? sql`where a.id = ${filters.agentId}` : sql``}`),
  ]);
  const byAgent = new Map(rows.map((row) => [row.agentId ?? null, row]));
  type Person = {
    id: string;
    name: string;
    team_name: string | null;
    status: AgentStatus;
    active_chats: number;
    max_concurrent_chats: number;
    disabled: boolean;
  };
  const agents = rowsOf<Person>(people)
    // Deactivated agents stay in the report for the ranges they worked in.
    .filter((a) => !a.disabled || byAgent.has(a.id))
    .map((a) => ({
      agentId: a.id,
      name: a.name,
      teamName: a.team_name,
      status: a.status,
      activeChats: Number(a.active_chats),
      maxConcurrentChats: Number(a.max_concurrent_chats),
      summary: summarize(byAgent.get(a.id) ?? zeroTotals()),
    }))
    .sort((a, b) => b.summary.conversations - a.summary.conversations || a.name.localeCompare(b.name));
  return { range: rangeDto(r, deps.config.analytics.timeZone), agents };
}

export async function teamsReport(deps: ReportDeps, r: Range, filters: Filters): Promise<TeamsReport> {
  const [rows, teamRows] = await Promise.all([
    totalsOver(deps, { ...r, filters, by: ['teamId'] }),
    deps.db.execute(sql`select t.id, t.name,
        (select count(*) from conversations c where c.team_id = t.id and c.status = 'queued') as queued,
        (select count(*) from team_members m join agents a on a.id = m.agent_id
          where m.team_id = t.id and a.status = 'online') as online
      from teams t ${filters.teamId ? sql`where t.id = ${filters.teamId}` : sql``}`),
  ]);
  const byTeam = new Map(rows.map((row) => [row.teamId ?? null, row]));
  type TeamRow = { id: string; name: string; queued: string | number; online: string | number };
  const teams: TeamsReport['teams'] = rowsOf<TeamRow>(teamRows).map((t) => ({
    teamId: t.id,
    name: t.name,
    queueLength: Number(t.queued),
    onlineAgents: Number(t.online),
    summary: summarize(byTeam.get(t.id) ?? zeroTotals()),
  }));
  const none = byTeam.get(null);
  if (none && !filters.teamId) {
    const [extra] = rowsOf<{ queued: string | number; online: string | number }>(
      await deps.db.execute(sql`select
        (select count(*) from conversations where team_id is null and status = 'queued') as queued,
        (select count(*) from agents where team_id is null and status = 'online') as online`),
    );
    teams.push({
      teamId: null,
      name: 'No team',
      queueLength: Number(extra?.queued ?? 0),
      onlineAgents: Number(extra?.online ?? 0),
      summary: summarize(none),
    });
  }
  teams.sort((a, b) => b.summary.conversations - a.summary.conversations || a.name.localeCompare(b.name));
  return { range: rangeDto(r, deps.config.analytics.timeZone), teams };
}

/**
 * Tickets opened in the range. A target is breached when it was met late or is past due unmet (whatever the watcher
 * has marked yet); a ticket is met when it was resolved with neither target breached, and pending while it is open
 * and nothing is breached yet. Compliance: met ÷ (met + breached).
 */
export async function slaReport(deps: ReportDeps, r: Range, filters: Filters): Promise<SlaReport> {
  const now = deps.clock.now().toISOString();
  const policy = await deps.settings.sla();
  const scope = sql`${between(sql`t.created_at`, r)}
    ${filters.teamId ? sql`and t.assigned_team_id = ${filters.teamId}` : sql``}
    ${filters.agentId ? sql`and t.assigned_agent_id = ${filters.agentId}` : sql``}`;
  // coalesce: a comparison with a time not set yet is unknown, and "not unknown" would drop the ticket.
  const frLate = sql`coalesce(t.first_response_breached_at is not null or t.first_response_at > t.first_response_due_at
    or (t.first_response_at is null and t.resolved_at is null and t.first_response_due_at <= ${now}::timestamptz), false)`;
  const resLate = sql`coalesce(t.resolution_breached_at is not null or t.resolved_at > t.sla_due_at
    or (t.resolved_at is null and t.sla_due_at <= ${now}::timestamptz), false)`;
  const [grouped, breachedRows] = await Promise.all([
    deps.db.execute(sql`select t.priority, count(*) as tickets,
        count(*) filter (where ${frLate} or ${resLate}) as breached,
        count(*) filter (where not (${frLate} or ${resLate}) and t.resolved_at is not null) as met,
        sum(extract(epoch from (t.first_response_at - t.created_at))) as fr_sum,
        count(t.first_response_at) as fr_n,
        sum(extract(epoch from (t.resolved_at - t.created_at))) as res_sum,
        count(t.resolved_at) as res_n
      from tickets t where ${scope} group by t.priority`),
    deps.db.execute(sql`select t.id, t.subject, t.priority, t.status, t.assigned_agent_name,
        case when ${frLate} then 'first_response' else 'resolution' end as target,
        coalesce(t.sla_breached_at,
          case when ${frLate} then least(t.first_response_due_at, coalesce(t.first_response_at, ${now}::timestamptz))
            else least(t.sla_due_at, coalesce(t.resolved_at, ${now}::timestamptz)) end) as breached_at
      from tickets t where ${scope} and (${frLate} or ${resLate})
      order by breached_at desc limit 100`),
  ]);
  type G = {
    priority: (typeof priorities)[number];
    tickets: unknown;
    breached: unknown;
    met: unknown;
    fr_sum: unknown;
    fr_n: unknown;
    res_sum: unknown;
    res_n: unknown;
  };
  const byPriority = new Map(rowsOf<G>(grouped).map((g) => [g.priority, g]));
  const avg = (sum: unknown, n: unknown) => (Number(n) > 0 ? Math.round((Number(sum) / Number(n)) * 10) / 10 : null);
  const compliance = (met: number, breached: number) =>
    met + breached > 0 ? Math.round((met / (met + breached)) * 10_000) / 10_000 : null;
  const rows = priorities.map((priority) => {
    const g = byPriority.get(priority);
    const tickets = Number(g?.tickets ?? 0);
    const met = Number(g?.met ?? 0);
    const breached = Number(g?.breached ?? 0);
    return {
      priority,
      tickets,
      met,
      breached,
      pending: tickets - met - breached,
      complianceRate: compliance(met, breached),
      averageFirstResponseSeconds: avg(g?.fr_sum, g?.fr_n),
      firstResponseTargetSeconds: policy.firstResponseMinutes[priority] * 60,
      averageResolutionSeconds: avg(g?.res_sum, g?.res_n),
      resolutionTargetSeconds: policy.hours[priority] * 3600,
    };
  });
  const sum = (k: 'tickets' | 'met' | 'breached') => rows.reduce((a, x) => a + x[k], 0);
  const all = rowsOf<G>(grouped);
  const total = {
    tickets: sum('tickets'),
    met: sum('met'),
    breached: sum('breached'),
    pending: sum('tickets') - sum('met') - sum('breached'),
    complianceRate: compliance(sum('met'), sum('breached')),
    averageFirstResponseSeconds: avg(
      all.reduce((a, g) => a + Number(g.fr_sum ?? 0), 0),
      all.reduce((a, g) => a + Number(g.fr_n), 0),
    ),
    // Each ticket's own target, averaged: what the mix of priorities asked for.
    firstResponseTargetSeconds: weighted(rows, (x) => x.firstResponseTargetSeconds),
    averageResolutionSeconds: avg(
      all.reduce((a, g) => a + Number(g.res_sum ?? 0), 0),
      all.reduce((a, g) => a + Number(g.res_n), 0),
    ),
    resolutionTargetSeconds: weighted(rows, (x) => x.resolutionTargetSeconds),
  };
  type B = {
    id: string;
    subject: string;
    priority: (typeof priorities)[number];
    status: string;
    assigned_agent_name: string | null;
    target: 'first_response' | 'resolution';
    breached_at: string | Date;
  };
  return {
    range: rangeDto(r, deps.config.analytics.timeZone),
    total,
    byPriority: rows,
    breachedTickets: rowsOf<B>(breachedRows).map((b) => ({
      ticketId: b.id,
      subject: b.subject,
      priority: b.priority,
      status: b.status,
      target: b.target,
      breachedAt: new Date(b.breached_at).toISOString(),
      assignedAgentName: b.assigned_agent_name,
    })),
  };
}

function weighted<R extends { tickets: number }>(rows: R[], target: (r: R) => number) {
  const n = rows.reduce((a, r) => a + r.tickets, 0);
  if (n === 0) return 0;
  return Math.round(rows.reduce((a, r) => a + r.tickets * target(r), 0) / n);
}

/** Conversations started, by weekday (Monday first) and hour, in the zone asked for. */
export async function heatmapReport(
  deps: ReportDeps,
  r: Range,
  filters: Filters,
  timeZone: string,
): Promise<HeatmapReport> {
  const rows = rowsOf<{ dow: unknown; hour: unknown; n: unknown }>(
    await deps.db.execute(sql`select extract(isodow from c.created_at at time zone ${timeZone}) as dow,
        extract(hour from c.created_at at time zone ${timeZone}) as hour, count(*) as n
      from conversations c where ${between(sql`c.created_at`, r)} ${conversationFilter(filters)}
      group by 1, 2`),
  );
  const days = Array.from({ length: 7 }, (_, i) => ({ weekday: i + 1, hours: Array<number>(24).fill(0) }));
  for (const row of rows) days[Number(row.dow) - 1]!.hours[Number(row.hour)] = Number(row.n);
  const dayTotals = days.map((d) => d.hours.reduce((a, b) => a + b, 0));
  const hourTotals = Array.from({ length: 24 }, (_, h) => days.reduce((a, d) => a + d.hours[h]!, 0));
  const argmax = (xs: number[]) => (Math.max(...xs) > 0 ? xs.indexOf(Math.max(...xs)) : null);
  const busiestDay = argmax(dayTotals);
  return {
    range: { ...rangeDto(r, timeZone) },
    days,
    busiestDay: busiestDay === null ? null : busiestDay + 1,
    busiestHour: argmax(hourTotals),
  };
}

export async function issuesReport(deps: ReportDeps, r: Range, filters: Filters): Promise<IssuesReport> {
  const rows = await issueCountsOver(deps, { ...r, filters });
  return { range: rangeDto(r, deps.config.analytics.timeZone), ...topIssues(rows) };
}

export async function csatReport(deps: ReportDeps, r: Range, filters: Filters): Promise<CsatReport> {
  const [days, comments] = await Promise.all([
    dailyTotals(deps, { ...r, filters }),
    deps.db.execute(sql`select r.conversation_id, r.rating, r.comment, c.customer_name, c.agent_name, r.created_at
      from conversation_ratings r join conversations c on c.id = r.conversation_id
      where ${between(sql`r.created_at`, r)} ${conversationFilter(filters)}
        and r.comment is not null and length(trim(r.comment)) > 0
      order by r.created_at desc limit 50`),
  ]);
  type C = {
    conversation_id: string;
    rating: number;
    comment: string;
    customer_name: string;
    agent_name: string | null;
    created_at: string | Date;
  };
  return {
    range: rangeDto(r, deps.config.analytics.timeZone),
    csat: summarize(sumOf(days)).csat,
    series: days.map((d) => {
      const s = summarize(d.totals).csat;
      return { date: d.date, average: s.average, ratings: s.ratings };
    }),
    comments: rowsOf<C>(comments).map((c) => ({
      conversationId: c.conversation_id,
      rating: Number(c.rating),
      comment: c.comment,
      customerName: c.customer_name,
      agentName: c.agent_name,
      createdAt: new Date(c.created_at).toISOString(),
    })),
  };
}

/** Right now: the queue, who is in, the chats going on, and today's counters (today in the roll-up zone). */
export async function liveOverview(deps: ReportDeps): Promise<LiveOverview> {
  const now = deps.clock.now();
  const tz = deps.config.analytics.timeZone;
  const from = DateTime.fromJSDate(now, { zone: tz }).startOf('day').toJSDate();
  const [state, statuses, [today]] = await Promise.all([
    deps.db.execute(sql`select
        (select count(*) from conversations where status = 'queued') as queued,
        (select min(queued_at) from conversations where status = 'queued') as oldest,
        (select count(*) from conversations where status = 'active') as active`),
    deps.db.execute(sql`select a.status, count(*) as n from agents a join users u on u.id = a.user_id
      where not u.disabled group by a.status`),
    // Up to and including this instant (a range's end is exclusive).
    rawTotals(deps.db, {
      from,
      to: new Date(now.getTime() + 1),
      now,
      only: ['conversations', 'resolved', 'abandoned', 'firstResponses', 'waits'],
    }),
  ]);
  const [s] = rowsOf<{ queued: unknown; oldest: string | Date | null; active: unknown }>(state);
  const agentsByStatus = Object.fromEntries(agentStatuses.map((x) => [x, 0])) as Record<AgentStatus, number>;
  for (const row of rowsOf<{ status: AgentStatus; n: unknown }>(statuses)) agentsByStatus[row.status] = Number(row.n);
  const t = summarize(today ?? zeroTotals());
  return {
    at: now.toISOString(),
    queueLength: Number(s?.queued ?? 0),
    longestWaitSeconds: s?.oldest
      ? Math.max(0, Math.round((now.getTime() - new Date(s.oldest).getTime()) / 1000))
      : null,
    activeChats: Number(s?.active ?? 0),
    agentsByStatus,
    today: {
      from: from.toISOString(),
      conversations: t.conversations,
      resolved: t.resolved,
      abandoned: t.abandoned,
      averageFirstResponseSeconds: t.averageFirstResponseSeconds,
      averageWaitSeconds: t.averageWaitSeconds,
    },
  };
}
