// The weekly report email (the seed's "review metrics weekly"): on Monday from 08:00 in ANALYTICS_TIME_ZONE, every
// admin gets last week's figures against the week before, from the same reports the console shows. Each node checks
// hourly; the idempotency key (week and address) makes it one email per admin per week, whichever node writes it.
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { serverOrigin } from '../../config.js';
import { users } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { enqueueEmail } from '../notifications/outbox.js';
import { overviewReport } from './reports.js';
import type { Summary } from './metrics.js';

const SEND_FROM_HOUR = 8;
const CHECK_MS = 3_600_000;

const duration = (s: number | null) => {
  if (s === null) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};
const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const change = (now: number, before: number) =>
  before === 0
    ? now === 0
      ? 'same as the week before'
      : 'none the week before'
    : `${now >= before ? '+' : '−'}${Math.round((Math.abs(now - before) / before) * 100)}% on the week before`;

/** The email's text: one figure per line, the week before beside the counts. */
export function weeklyText(
  s: Summary,
  before: Summary,
  p: { firstResponse: { p50: number | null; p90: number | null } },
) {
  return [
    `Conversations     ${s.conversations} (${change(s.conversations, before.conversations)})`,
    `Resolved          ${s.resolved} (${change(s.resolved, before.resolved)})`,
    `First response    average ${duration(s.averageFirstResponseSeconds)}; half within ${duration(p.firstResponse.p50)}, 9 in 10 within ${duration(p.firstResponse.p90)}`,
    `Resolution        average ${duration(s.averageResolutionSeconds)}`,
    `Wait in queue     average ${duration(s.averageWaitSeconds)}; ${percent(s.abandonRate)} gave up waiting`,
    `Satisfaction      ${s.csat.average === null ? 'no ratings' : `${s.csat.average} / 5 from ${s.csat.ratings} rating${s.csat.ratings === 1 ? '' : 's'}`}`,
    `Solved first time ${percent(s.firstContactResolutionRate)}`,
    `Utilisation       ${percent(s.utilisation)}`,
  ];
}

export class WeeklyReportJob {
  private timer?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;

  constructor(private readonly deps: Deps) {}

  start() {
    if (!this.deps.config.smtp || !this.deps.config.weeklyReport) return;
    const run = () => void this.tick().catch((err) => this.deps.log.error({ err }, 'weekly report failed'));
    this.first = setTimeout(run, 60_000);
    this.first.unref();
    this.timer = setInterval(run, CHECK_MS);
    this.timer.unref();
  }

  stop() {
    clearTimeout(this.first);
    clearInterval(this.timer);
  }

  /** Writes last week's report for every admin, once; returns how many emails it queued (0 when already done). */
  async tick(): Promise<number> {
    const { deps } = this;
    const now = deps.clock.now();
    const tz = deps.config.analytics.timeZone;
    const monday = DateTime.fromJSDate(now, { zone: tz }).startOf('week');
    if (now < monday.plus({ hours: SEND_FROM_HOUR }).toJSDate()) return 0;
    const week = { from: monday.minus({ weeks: 1 }).toJSDate(), to: monday.toJSDate() };
    const admins = await deps.db
      .select({ email: users.email, name: users.name })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.disabled, false)));
    if (!admins.length) return 0;
    const report = await overviewReport(deps, week, {});
    const first = monday.minus({ weeks: 1 });
    const last = monday.minus({ days: 1 });
    const span = `${first.toFormat('ccc d LLL')} – ${last.toFormat('ccc d LLL yyyy')}`;
    const subject = `Support last week (${span}): ${report.summary.conversations} conversations, ${report.summary.resolved} resolved`;
    const text = [
      `Your support team's week: ${span} (${tz}).`,
      '',
      ...weeklyText(report.summary, report.previous, report.percentiles),
      '',
      `Every figure, by agent and team, with charts: ${serverOrigin(deps.config)}/console/ (Reports).`,
      '',
    ].join('\n');
    let queued = 0;
    for (const a of admins) {
      const key = `weekly:${first.toISODate()}:${a.email.toLowerCase()}`;
      if (await enqueueEmail(deps.db, { to: a.email, subject, text, key, kind: 'weekly_report', automatic: true }, now))
        queued++;
    }
    return queued;
  }
}
