// Daily roll-ups: chat_analytics holds each finished day's totals (modules/analytics/totals.ts) per site, team,
// agent and channel, cut in ANALYTICS_TIME_ZONE. Every node runs the job; a day is rewritten whole under an advisory
// lock in one transaction (delete, insert, mark), so two nodes or a rerun leave the same rows — recomputing is how
// late changes (a rating edited, a ticket opened from yesterday's chat) reach a finished day.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { chatAnalytics, chatAnalyticsDays } from '../../db/schema/index.js';
import { rowsOf, type Executor } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { issueKinds, rawIssueCounts, type IssueKind, type IssueRow } from './issues.js';
import {
  addTotals,
  dimensionMatches,
  dimensions,
  measures,
  rawTotals,
  zeroTotals,
  type Dimension,
  type Filters,
  type Totals,
  type TotalsRow,
} from './totals.js';

/** A calendar day (YYYY-MM-DD) in a zone, as the instant it starts and the instant the next one does. */
export function dayBounds(day: string, timeZone: string) {
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

export const dayOf = (at: Date, timeZone: string) => DateTime.fromJSDate(at, { zone: timeZone }).toISODate()!;

const nextDay = (day: string) => DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;

/** How many missing older days one pass writes. */
const BACKFILL_DAYS = 31;

/** The earliest thing analytics counts (a conversation or an agent's online time): before it, every total is 0. */
export async function firstActivity(db: Executor): Promise<Date | undefined> {
  const [row] = rowsOf<{ at: string | Date | null }>(
    await db.execute(sql`select least((select min(created_at) from conversations),
      (select min(started_at) from agent_status_periods)) as at`),
  );
  return row?.at ? new Date(row.at) : undefined;
}

const whole = (ms: number, n: number) => (n > 0 ? Math.round(ms / n / 1000) : 0);

/** The seed's columns for one row of totals; the totals themselves go in metadata. */
function rowOf(day: string, r: TotalsRow) {
  const totals: Record<string, number> = {};
  for (const m of measures) if (r[m] !== 0) totals[m] = r[m];
  return {
    date: day,
    siteId: r.siteId ?? null,
    teamId: r.teamId ?? null,
    agentId: r.agentId ?? null,
    channel: (r.channel as Filters['channel']) ?? null,
    totalConversations: r.conversations,
    totalMessages: r.messages,
    averageResponseTime: whole(r.firstResponseMs, r.firstResponses),
    averageResolutionTime: whole(r.resolutionMs, r.resolved),
    customerSatisfactionScore: r.ratings > 0 ? Math.round((r.ratingSum / r.ratings) * 100) / 100 : null,
    firstContactResolutionRate:
      r.resolved > 0 ? Math.round((r.firstContactResolved / r.resolved) * 10_000) / 10_000 : 0,
    resolvedConversations: r.resolved,
    metadata: totals,
    issues: {} as Record<string, number>,
  };
}

export class RollupJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<string[]>;

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>) {}

  private first?: NodeJS.Timeout;

  start() {
    const pass = () => void this.tick().catch((err) => this.deps.log.warn({ err }, 'analytics roll-up pass failed'));
    // A minute after start (not during it), then on the interval.
    this.first = setTimeout(pass, Math.min(60_000, this.deps.config.analytics.rollupMs));
    this.first.unref();
    this.timer = setInterval(pass, this.deps.config.analytics.rollupMs);
    this.timer.unref();
  }

  async stop() {
    clearTimeout(this.first);
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  /** Rewrites the last finished days (yesterday first); passes never overlap on one node. */
  tick(): Promise<string[]> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass() {
    const { timeZone, recomputeDays } = this.deps.config.analytics;
    const today = DateTime.fromJSDate(this.deps.clock.now(), { zone: timeZone }).startOf('day');
    const days: string[] = [];
    for (let i = 1; i <= recomputeDays; i++) days.push(today.minus({ days: i }).toISODate()!);
    // Older finished days never written (history from before roll-ups, a node that was down): a month per pass,
    // newest first, back to the first activity, until every day is covered.
    const first = await firstActivity(this.deps.db);
    if (first) {
      const oldest = dayOf(first, timeZone);
      const last = today.minus({ days: recomputeDays + 1 }).toISODate()!;
      if (oldest <= last) {
        const written = new Set(
          (
            await this.deps.db
              .select({ date: chatAnalyticsDays.date })
              .from(chatAnalyticsDays)
              .where(
                and(
                  sql`${chatAnalyticsDays.date} between ${oldest} and ${last}`,
                  eq(chatAnalyticsDays.timeZone, timeZone),
                ),
              )
          ).map((r) => r.date),
        );
        for (
          let d = DateTime.fromISO(last);
          d.toISODate()! >= oldest && days.length < recomputeDays + BACKFILL_DAYS;
          d = d.minus({ days: 1 })
        )
          if (!written.has(d.toISODate()!)) days.push(d.toISODate()!);
      }
    }
    for (const day of days) await this.recompute(day);
    return days;
  }

  /** Rewrites one finished day; a day that has not ended yet is refused (its totals would still move). */
  async recompute(day: string) {
    const { timeZone } = this.deps.config.analytics;
    const { from, to } = dayBounds(day, timeZone);
    const now = this.deps.clock.now();
    if (to.getTime() > now.getTime()) return false;
    const [totals, issues] = await Promise.all([
      rawTotals(this.deps.db, { from, to, now, by: dimensions }),
      rawIssueCounts(this.deps.db, { from, to, by: dimensions }),
    ]);
    // One row per combination of dimensions: its totals, and its issue counts beside them in metadata.
    const byKey = new Map(totals.map((r) => [keyOf(r, dimensions), rowOf(day, r)]));
    for (const i of issues) {
      const key = keyOf(i, dimensions);
      let row = byKey.get(key);
      if (!row) byKey.set(key, (row = rowOf(day, { ...zeroTotals(), ...i })));
      row.issues[`${i.kind}:${i.name}`] = i.count;
    }
    const rows = [...byKey.values()];
    await this.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`analytics-rollup:${day}`}))`);
      await tx.delete(chatAnalytics).where(eq(chatAnalytics.date, day));
      if (rows.length) await tx.insert(chatAnalytics).values(rows);
      await tx
        .insert(chatAnalyticsDays)
        .values({ date: day, timeZone, computedAt: now })
        .onConflictDoUpdate({ target: chatAnalyticsDays.date, set: { timeZone, computedAt: now } });
    });
    return true;
  }
}

/** The days of [from, to) the roll-ups cover whole (written in this zone after the day ended). */
async function coveredDays(db: Executor, from: Date, to: Date, timeZone: string): Promise<Set<string>> {
  const first = dayOf(from, timeZone);
  const last = dayOf(to, timeZone);
  const rows = await db
    .select()
    .from(chatAnalyticsDays)
    .where(and(sql`${chatAnalyticsDays.date} between ${first} and ${last}`, eq(chatAnalyticsDays.timeZone, timeZone)));
  const out = new Set<string>();
  for (const r of rows) {
    const b = dayBounds(r.date, timeZone);
    if (b.from >= from && b.to <= to && r.computedAt >= b.to) out.add(r.date);
  }
  return out;
}

const rollupColumns = {
  siteId: chatAnalytics.siteId,
  teamId: chatAnalytics.teamId,
  agentId: chatAnalytics.agentId,
  channel: chatAnalytics.channel,
};

const keyOf = (r: Partial<Record<Dimension, string | null>>, by: readonly Dimension[]) =>
  JSON.stringify(by.map((d) => r[d] ?? null));

/** Sums roll-up rows of these days, filtered, grouped by `by` (and by day when `perDay`). */
async function rolledTotals(
  db: Executor,
  days: string[],
  filters: Filters,
  by: readonly Dimension[],
  perDay: boolean,
): Promise<(TotalsRow & { date?: string })[]> {
  if (!days.length) return [];
  const cols = rollupColumns;
  const where = and(inArray(chatAnalytics.date, days), ...dimensionMatches(filters));
  const rows = await db
    .select({
      date: chatAnalytics.date,
      siteId: cols.siteId,
      teamId: cols.teamId,
      agentId: cols.agentId,
      channel: cols.channel,
      metadata: chatAnalytics.metadata,
    })
    .from(chatAnalytics)
    .where(where);
  const out = new Map<string, TotalsRow & { date?: string }>();
  for (const r of rows) {
    const key = (perDay ? r.date : '') + keyOf(r, by);
    let acc = out.get(key);
    if (!acc) {
      acc = { ...zeroTotals(), ...Object.fromEntries(by.map((d) => [d, r[d] ?? null])) } as TotalsRow & {
        date?: string;
      };
      if (perDay) acc.date = r.date;
      out.set(key, acc);
    }
    addTotals(acc, r.metadata as Partial<Totals>);
  }
  return [...out.values()];
}

export interface TotalsQuery {
  from: Date;
  to: Date;
  filters: Filters;
  by?: readonly Dimension[];
}

/**
 * Totals over any range: whole finished days from the roll-ups, the rest (today, the ragged ends of the range, days
 * not rolled up yet) straight from the tables. Same function either way, so the same figures.
 */
/**
 * How a range is read: whole finished days from the roll-ups, the rest (today, the ragged ends of the range, days not
 * rolled up yet) straight from the tables. Nothing happened before the first activity, so no gap reaches before it.
 */
async function coverage(deps: Pick<Deps, 'db' | 'config'>, q: { from: Date; to: Date }) {
  const { timeZone } = deps.config.analytics;
  const [covered, first] = await Promise.all([coveredDays(deps.db, q.from, q.to, timeZone), firstActivity(deps.db)]);
  const gaps: { from: Date; to: Date }[] = [];
  let cursor = first && first > q.from ? first : q.from;
  for (const day of [...covered].sort()) {
    const b = dayBounds(day, timeZone);
    if (b.from > cursor) gaps.push({ from: cursor, to: b.from });
    if (b.to > cursor) cursor = b.to;
  }
  if (cursor < q.to) gaps.push({ from: cursor, to: q.to });
  return { covered: [...covered], gaps: first ? gaps.filter((g) => g.to > g.from && g.to > first) : [] };
}

/** Totals over any range (see coverage): the same function either way, so the same figures. */
export async function totalsOver(deps: Pick<Deps, 'db' | 'clock' | 'config'>, q: TotalsQuery): Promise<TotalsRow[]> {
  const by = q.by ?? [];
  const now = deps.clock.now();
  const { covered, gaps } = await coverage(deps, q);
  const parts = await Promise.all([
    rolledTotals(deps.db, covered, q.filters, by, false),
    ...gaps.map((g) => rawTotals(deps.db, { ...g, now, filters: q.filters, by })),
  ]);
  return merge(parts.flat(), by);
}

/** Common issues over any range, read the same way as totals. */
export async function issueCountsOver(
  deps: Pick<Deps, 'db' | 'config'>,
  q: { from: Date; to: Date; filters: Filters },
): Promise<IssueRow[]> {
  const { covered, gaps } = await coverage(deps, q);
  const rolled = async (): Promise<IssueRow[]> => {
    if (!covered.length) return [];
    const rows = await deps.db
      .select({ issues: chatAnalytics.issues })
      .from(chatAnalytics)
      .where(and(inArray(chatAnalytics.date, covered), ...dimensionMatches(q.filters)));
    const out: IssueRow[] = [];
    for (const r of rows)
      for (const [key, count] of Object.entries(r.issues)) {
        const at = key.indexOf(':');
        const kind = key.slice(0, at) as IssueKind;
        if (at > 0 && issueKinds.includes(kind)) out.push({ kind, name: key.slice(at + 1), count });
      }
    return out;
  };
  const parts = await Promise.all([
    rolled(),
    ...gaps.map((g) => rawIssueCounts(deps.db, { ...g, filters: q.filters })),
  ]);
  return parts.flat();
}

/** Totals per calendar day of the roll-up zone, every day of the range present (zeros on quiet days). */
export async function dailyTotals(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  q: Omit<TotalsQuery, 'by'>,
): Promise<{ date: string; totals: Totals }[]> {
  const { timeZone } = deps.config.analytics;
  const now = deps.clock.now();
  const [covered, first] = await Promise.all([coveredDays(deps.db, q.from, q.to, timeZone), firstActivity(deps.db)]);
  const rolled = await rolledTotals(deps.db, [...covered], q.filters, [], true);
  const byDay = new Map(rolled.map((r) => [r.date!, r as Totals]));
  const out: Promise<{ date: string; totals: Totals }>[] = [];
  const last = dayOf(new Date(q.to.getTime() - 1), timeZone);
  for (let day = dayOf(q.from, timeZone); day <= last; day = nextDay(day)) {
    const b = dayBounds(day, timeZone);
    if (covered.has(day) || !first || b.to <= first) {
      out.push(Promise.resolve({ date: day, totals: byDay.get(day) ?? zeroTotals() }));
      continue;
    }
    const from = new Date(Math.max(b.from.getTime(), q.from.getTime()));
    const to = new Date(Math.min(b.to.getTime(), q.to.getTime()));
    out.push(
      rawTotals(deps.db, { from, to, now, filters: q.filters }).then(([row]) => ({
        date: day,
        totals: row ?? zeroTotals(),
      })),
    );
  }
  return Promise.all(out);
}

function merge(rows: TotalsRow[], by: readonly Dimension[]): TotalsRow[] {
  const out = new Map<string, TotalsRow>();
  for (const r of rows) {
    const key = keyOf(r, by);
    const acc = out.get(key);
    if (acc) addTotals(acc, r);
    else out.set(key, { ...zeroTotals(), ...Object.fromEntries(by.map((d) => [d, r[d] ?? null])), ...pick(r) });
  }
  if (by.length === 0 && out.size === 0) out.set('[]', zeroTotals());
  // A group with nothing but issue counts (a ticket's tags, say) has no figures: as from the tables, no row.
  return [...out.values()].filter((r) => by.length === 0 || measures.some((m) => r[m] !== 0));
}

const pick = (r: TotalsRow) => Object.fromEntries(measures.map((m) => [m, r[m]])) as Totals;
