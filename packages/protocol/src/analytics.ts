// Analytics and reports: the queries every report takes and what each answers. The figures are defined in words in
// docs/analytics.md; the server computes them in modules/analytics.
import { z } from 'zod';
import { AgentStatus, Channel, Priority, TimeZone } from './entities.js';
import { slaTargets } from './constants.js';
import { isoDateTime, uuid } from './text.js';

/** The longest range a report covers. */
export const MAX_REPORT_DAYS = 400;

const rangeFields = {
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  siteId: uuid.optional(),
  teamId: uuid.optional(),
  agentId: uuid.optional(),
  channel: Channel.optional(),
};
const rangeChecks = <T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) =>
  schema
    .refine((q) => !q.from || !q.to || Date.parse(q.to) > Date.parse(q.from), {
      message: 'must be after from',
      path: ['to'],
    })
    .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= MAX_REPORT_DAYS * 86_400_000, {
      message: `a report covers at most ${MAX_REPORT_DAYS} days`,
      path: ['to'],
    });

export const ReportFormat = z.enum(['json', 'csv']);
export const ReportQuery = rangeChecks(z.strictObject({ ...rangeFields, format: ReportFormat.default('json') }));
export type ReportQuery = z.input<typeof ReportQuery>;
export const HeatmapQuery = rangeChecks(
  z.strictObject({ ...rangeFields, format: ReportFormat.default('json'), timeZone: TimeZone.optional() }),
);
export type HeatmapQuery = z.input<typeof HeatmapQuery>;
/** The seed's `GET /api/chat/analytics`: a range and the same filters. */
export const AnalyticsQuery = rangeChecks(z.strictObject(rangeFields));

export const ReportRange = z.object({ from: isoDateTime, to: isoDateTime, timeZone: z.string() });

const seconds = z.number().nullable();
const share = z.number().nullable();

export const CsatSummary = z.object({
  average: z.number().nullable(),
  ratings: z.number().int(),
  responseRate: share,
  distribution: z.object({
    1: z.number().int(),
    2: z.number().int(),
    3: z.number().int(),
    4: z.number().int(),
    5: z.number().int(),
  }),
});

export const AnalyticsSummary = z.object({
  conversations: z.number().int(),
  messages: z.number().int(),
  resolved: z.number().int(),
  abandoned: z.number().int(),
  abandonRate: share,
  firstResponses: z.number().int(),
  averageFirstResponseSeconds: seconds,
  replies: z.number().int(),
  averageReplySeconds: seconds,
  averageResolutionSeconds: seconds,
  averageWaitSeconds: seconds,
  averageAbandonedWaitSeconds: seconds,
  firstContactResolutionRate: share,
  messagesPerConversation: z.number().nullable(),
  csat: CsatSummary,
  utilisation: share,
  chatSeconds: z.number().int(),
  capacitySeconds: z.number().int(),
});
export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;

export const Percentiles = z.object({ p50: seconds, p90: seconds });

export const OverviewPoint = z.object({
  date: z.string(),
  conversations: z.number().int(),
  resolved: z.number().int(),
  abandoned: z.number().int(),
  averageFirstResponseSeconds: seconds,
  averageReplySeconds: seconds,
  averageResolutionSeconds: seconds,
  averageWaitSeconds: seconds,
  csatAverage: z.number().nullable(),
  ratings: z.number().int(),
});
export const OverviewReport = z.object({
  range: ReportRange,
  previousRange: ReportRange,
  summary: AnalyticsSummary,
  previous: AnalyticsSummary,
  percentiles: z.object({ firstResponse: Percentiles, resolution: Percentiles, wait: Percentiles }),
  series: z.array(OverviewPoint),
});
export type OverviewReport = z.infer<typeof OverviewReport>;

export const AgentReportRow = z.object({
  agentId: uuid.nullable(),
  name: z.string(),
  teamName: z.string().nullable(),
  status: AgentStatus.nullable(),
  activeChats: z.number().int(),
  maxConcurrentChats: z.number().int(),
  summary: AnalyticsSummary,
});
export type AgentReportRow = z.infer<typeof AgentReportRow>;
export const AgentsReport = z.object({ range: ReportRange, agents: z.array(AgentReportRow) });
export type AgentsReport = z.infer<typeof AgentsReport>;

export const TeamReportRow = z.object({
  teamId: uuid.nullable(),
  name: z.string(),
  queueLength: z.number().int(),
  onlineAgents: z.number().int(),
  summary: AnalyticsSummary,
});
export type TeamReportRow = z.infer<typeof TeamReportRow>;
export const TeamsReport = z.object({ range: ReportRange, teams: z.array(TeamReportRow) });
export type TeamsReport = z.infer<typeof TeamsReport>;

export const SlaReportRow = z.object({
  priority: Priority,
  tickets: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  complianceRate: share,
  averageFirstResponseSeconds: seconds,
  firstResponseTargetSeconds: z.number().int(),
  averageResolutionSeconds: seconds,
  resolutionTargetSeconds: z.number().int(),
});
export const BreachedTicket = z.object({
  ticketId: uuid,
  subject: z.string(),
  priority: Priority,
  target: z.enum(slaTargets),
  breachedAt: isoDateTime,
  assignedAgentName: z.string().nullable(),
  status: z.string(),
});
export const SlaReport = z.object({
  range: ReportRange,
  total: SlaReportRow.omit({ priority: true }),
  byPriority: z.array(SlaReportRow),
  breachedTickets: z.array(BreachedTicket),
});
export type SlaReport = z.infer<typeof SlaReport>;

export const HeatmapReport = z.object({
  range: ReportRange,
  /** Monday first; each day's 24 hours of conversations started, in `range.timeZone`. */
  days: z.array(z.object({ weekday: z.number().int(), hours: z.array(z.number().int()) })),
  busiestDay: z.number().int().nullable(),
  busiestHour: z.number().int().nullable(),
});
export type HeatmapReport = z.infer<typeof HeatmapReport>;

const Counted = z.object({ name: z.string(), count: z.number().int() });
export const IssuesReport = z.object({
  range: ReportRange,
  tags: z.array(Counted),
  categories: z.array(Counted),
  terms: z.array(Counted),
});
export type IssuesReport = z.infer<typeof IssuesReport>;

export const CsatComment = z.object({
  conversationId: uuid,
  rating: z.number().int(),
  comment: z.string(),
  customerName: z.string(),
  agentName: z.string().nullable(),
  createdAt: isoDateTime,
});
export const CsatReport = z.object({
  range: ReportRange,
  csat: CsatSummary,
  series: z.array(z.object({ date: z.string(), average: z.number().nullable(), ratings: z.number().int() })),
  comments: z.array(CsatComment),
});
export type CsatReport = z.infer<typeof CsatReport>;

export const LiveOverview = z.object({
  at: isoDateTime,
  queueLength: z.number().int(),
  longestWaitSeconds: z.number().int().nullable(),
  activeChats: z.number().int(),
  agentsByStatus: z.record(AgentStatus, z.number().int()),
  today: z.object({
    from: isoDateTime,
    conversations: z.number().int(),
    resolved: z.number().int(),
    abandoned: z.number().int(),
    averageFirstResponseSeconds: seconds,
    averageWaitSeconds: seconds,
  }),
});
export type LiveOverview = z.infer<typeof LiveOverview>;
export const LiveOverviewResponse = z.object({ live: LiveOverview });

export const RecomputeRollupsBody = z
  .strictObject({ from: z.iso.date(), to: z.iso.date() })
  .refine((b) => b.to >= b.from, { message: 'must not be before from', path: ['to'] })
  .refine((b) => Date.parse(b.to) - Date.parse(b.from) <= MAX_REPORT_DAYS * 86_400_000, {
    message: `at most ${MAX_REPORT_DAYS} days at once`,
    path: ['to'],
  });
export const RecomputeRollupsResponse = z.object({ days: z.array(z.string()), skipped: z.array(z.string()) });
export type AnalyticsParams = z.input<typeof AnalyticsQuery>;
export type LiveOverviewResponse = z.infer<typeof LiveOverviewResponse>;
