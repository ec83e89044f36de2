import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { eq } from 'drizzle-orm';
import type { ZodType } from 'zod';
import {
  AgentsReport,
  AnalyticsQuery,
  AnalyticsResponse,
  CsatReport,
  HeatmapQuery,
  HeatmapReport,
  IssuesReport,
  LiveOverviewResponse,
  OverviewReport,
  RecomputeRollupsBody,
  RecomputeRollupsResponse,
  ReportQuery,
  SlaReport,
  TeamsReport,
} from '@support-chat/protocol';
import { sites } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { staffCaller, type Caller } from '../../identity/caller.js';
import { recordAudit } from '../audit/service.js';
import { chatAnalytics } from './service.js';
import { reportCsv } from './csv.js';
import {
  agentsReport,
  csatReport,
  heatmapReport,
  issuesReport,
  liveOverview,
  overviewReport,
  rangeOf,
  slaReport,
  teamsReport,
  type Range,
} from './reports.js';
import type { RollupJob } from './rollups.js';
import type { Filters } from './totals.js';

const tags = ['analytics'];

/** The filters a caller may use: admins any; agents only their own figures (another agent's id is refused). */
export function scopedFilters(
  caller: Caller | null | undefined,
  q: { siteId?: string; teamId?: string; agentId?: string; channel?: Filters['channel'] },
): Filters {
  const user = staffCaller(caller);
  const filters: Filters = { siteId: q.siteId, teamId: q.teamId, agentId: q.agentId, channel: q.channel };
  if (user.role === 'admin') return filters;
  if (!user.agentId || (q.agentId && q.agentId !== user.agentId))
    throw new AppError('FORBIDDEN', 'Agents see their own figures only', { agentId: q.agentId });
  return { ...filters, agentId: user.agentId };
}

/** Mounted under /api/chat, so the seed's `GET /api/chat/analytics` is where it always was. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/analytics',
    {
      config: { auth: 'agent' },
      schema: {
        summary: 'Chat analytics for a period (agents: their own conversations)',
        tags,
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsResponse },
      },
    },
    async (req) => ({ analytics: await chatAnalytics(deps, req.query, scopedFilters(req.caller, req.query)) }),
  );
};

type Report = keyof typeof reportCsv;

function send<T>(reply: FastifyReply, name: Report, format: 'json' | 'csv', range: Range, body: T) {
  if (format === 'json') return void reply.send(body);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  void reply
    .type('text/csv; charset=utf-8')
    .header(
      'content-disposition',
      `attachment; filename="support-chat-${name}-${day(range.from)}-${day(range.to)}.csv"`,
    )
    .send((reportCsv[name] as (r: T) => string)(body));
}

/** The reports under /api/analytics; each answers JSON, or its table as CSV with `format=csv`. */
export const reportRoutes: FastifyPluginAsyncZod<{ deps: Deps; rollups: RollupJob }> = async (
  app,
  { deps, rollups },
) => {
  const csvNote = ' `format=csv` answers the table as CSV.';
  const report = <T>(
    name: Exclude<Report, 'heatmap'>,
    auth: 'agent' | 'admin',
    summary: string,
    response: ZodType,
    build: (deps: Deps, range: Range, filters: Filters) => Promise<T>,
  ) =>
    app.get(
      `/${name}`,
      {
        config: { auth },
        schema: { summary: `${summary}.${csvNote}`, tags, querystring: ReportQuery, response: { 200: response } },
      },
      async (req, reply) => {
        const range = rangeOf(req.query, deps.clock.now());
        const body = await build(deps, range, scopedFilters(req.caller, req.query));
        send(reply, name, req.query.format, range, body);
        return reply;
      },
    );
  report(
    'overview',
    'agent',
    'Overview: totals, the previous period, percentiles, a day-by-day series',
    OverviewReport,
    overviewReport,
  );
  report('agents', 'agent', "Every agent's figures (agents: their own row)", AgentsReport, agentsReport);
  report('teams', 'admin', "Every team's figures, its queue and who is online", TeamsReport, teamsReport);
  report(
    'sla',
    'agent',
    'SLA compliance of the tickets opened in the range, by priority; breached tickets',
    SlaReport,
    slaReport,
  );
  report('issues', 'agent', 'Common issues: tags, ticket categories and subject words', IssuesReport, issuesReport);
  report(
    'csat',
    'agent',
    'Customer satisfaction: average, distribution, response rate, trend, comments',
    CsatReport,
    csatReport,
  );

  app.get(
    '/heatmap',
    {
      config: { auth: 'agent' },
      schema: {
        summary: `Busiest hours and days: conversations started by weekday and hour.${csvNote}`,
        tags,
        querystring: HeatmapQuery,
        response: { 200: HeatmapReport },
      },
    },
    async (req, reply) => {
      const range = rangeOf(req.query, deps.clock.now());
      const filters = scopedFilters(req.caller, req.query);
      const timeZone = req.query.timeZone ?? (await siteZone(deps, filters.siteId)) ?? deps.config.analytics.timeZone;
      send(reply, 'heatmap', req.query.format, range, await heatmapReport(deps, range, filters, timeZone));
      return reply;
    },
  );

  app.get(
    '/live',
    {
      config: { auth: 'agent' },
      schema: {
        summary: "Right now: queue, longest wait, agents by status, active chats and today's counters",
        tags,
        response: { 200: LiveOverviewResponse },
      },
    },
    async () => ({ live: await liveOverview(deps) }),
  );

  app.post(
    '/rollups',
    {
      config: { auth: 'admin' },
      schema: {
        summary: 'Recompute the daily roll-ups of finished days (after correcting data)',
        tags,
        body: RecomputeRollupsBody,
        response: { 200: RecomputeRollupsResponse },
      },
    },
    async (req) => {
      const days: string[] = [];
      const skipped: string[] = [];
      for (let d = req.body.from; d <= req.body.to; d = nextDay(d))
        ((await rollups.recompute(d)) ? days : skipped).push(d);
      await recordAudit(deps.db, staffCaller(req.caller), {
        action: 'analytics.recompute',
        targetType: 'analytics',
        after: { from: req.body.from, to: req.body.to },
      });
      return { days, skipped };
    },
  );
};

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

async function siteZone(deps: Deps, siteId?: string) {
  if (!siteId) return undefined;
  const [site] = await deps.db.select({ hours: sites.businessHours }).from(sites).where(eq(sites.id, siteId)).limit(1);
  return site?.hours?.timeZone;
}
