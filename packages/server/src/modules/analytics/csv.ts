// Each report's table as CSV: the rows a support lead would paste into a spreadsheet, times in seconds.
import type {
  AgentsReport,
  CsatReport,
  HeatmapReport,
  IssuesReport,
  OverviewReport,
  SlaReport,
  TeamsReport,
} from '@support-chat/protocol';
import { toCsv } from '../../lib/csv.js';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const reportCsv = {
  overview: (r: OverviewReport) =>
    toCsv(
      [
        'date',
        'conversations',
        'resolved',
        'abandoned',
        'avg_first_response_s',
        'avg_reply_s',
        'avg_resolution_s',
        'avg_wait_s',
        'csat_average',
        'ratings',
      ],
      r.series.map((p) => [
        p.date,
        p.conversations,
        p.resolved,
        p.abandoned,
        p.averageFirstResponseSeconds,
        p.averageReplySeconds,
        p.averageResolutionSeconds,
        p.averageWaitSeconds,
        p.csatAverage,
        p.ratings,
      ]),
    ),
  agents: (r: AgentsReport) =>
    toCsv(
      [
        'agent',
        'team',
        'status',
        'conversations',
        'resolved',
        'active_now',
        'avg_first_response_s',
        'avg_reply_s',
        'avg_resolution_s',
        'csat_average',
        'ratings',
        'first_contact_resolution_rate',
        'messages_per_conversation',
        'utilisation',
      ],
      r.agents.map((a) => [
        a.name,
        a.teamName,
        a.status,
        a.summary.conversations,
        a.summary.resolved,
        a.activeChats,
        a.summary.averageFirstResponseSeconds,
        a.summary.averageReplySeconds,
        a.summary.averageResolutionSeconds,
        a.summary.csat.average,
        a.summary.csat.ratings,
        a.summary.firstContactResolutionRate,
        a.summary.messagesPerConversation,
        a.summary.utilisation,
      ]),
    ),
  teams: (r: TeamsReport) =>
    toCsv(
      [
        'team',
        'conversations',
        'resolved',
        'abandoned',
        'queue_now',
        'online_agents_now',
        'avg_wait_s',
        'avg_first_response_s',
        'avg_resolution_s',
        'csat_average',
        'utilisation',
      ],
      r.teams.map((t) => [
        t.name,
        t.summary.conversations,
        t.summary.resolved,
        t.summary.abandoned,
        t.queueLength,
        t.onlineAgents,
        t.summary.averageWaitSeconds,
        t.summary.averageFirstResponseSeconds,
        t.summary.averageResolutionSeconds,
        t.summary.csat.average,
        t.summary.utilisation,
      ]),
    ),
  sla: (r: SlaReport) =>
    toCsv(
      [
        'priority',
        'tickets',
        'met',
        'breached',
        'pending',
        'compliance_rate',
        'avg_first_response_s',
        'first_response_target_s',
        'avg_resolution_s',
        'resolution_target_s',
      ],
      [...r.byPriority, { priority: 'all', ...r.total }].map((p) => [
        p.priority,
        p.tickets,
        p.met,
        p.breached,
        p.pending,
        p.complianceRate,
        p.averageFirstResponseSeconds,
        p.firstResponseTargetSeconds,
        p.averageResolutionSeconds,
        p.resolutionTargetSeconds,
      ]),
    ),
  heatmap: (r: HeatmapReport) =>
    toCsv(
      ['weekday', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)],
      r.days.map((d) => [WEEKDAYS[d.weekday - 1], ...d.hours]),
    ),
  issues: (r: IssuesReport) =>
    toCsv(
      ['kind', 'name', 'count'],
      [
        ...r.tags.map((x) => ['tag', x.name, x.count]),
        ...r.categories.map((x) => ['category', x.name, x.count]),
        ...r.terms.map((x) => ['subject_term', x.name, x.count]),
      ],
    ),
  csat: (r: CsatReport) =>
    toCsv(
      ['rated_at', 'rating', 'comment', 'customer', 'agent', 'conversation_id'],
      r.comments.map((c) => [c.createdAt, c.rating, c.comment, c.customerName, c.agentName, c.conversationId]),
    ),
};
