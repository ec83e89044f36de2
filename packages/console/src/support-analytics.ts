// <support-analytics> (the seed's SupportAnalytics): Reports in the console. Live tiles, then the range's figures
// beside the previous period's, charts with their numbers as tables, agent and team tables that sort, the busiest
// hours, common issues, SLA compliance with the breached tickets, and CSAT with comments; every table downloads as
// CSV. Agents see their own figures (the server scopes them). Data and live updates: AnalyticsController.
import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import {
  SupportChatClient,
  type AgentReportRow,
  type AnalyticsSummary,
  type Channel,
  type RealtimeConnection,
  type TeamReportRow,
} from '@support-chat/sdk';
import { AnalyticsController, presets, type Preset, type ReportName } from './analytics-controller.js';
import { emit } from './events.js';
import { clock, dateTime, duration } from './format.js';
import type { ChartSeries } from './sc-chart.js';
import type { Column } from './sc-data-table.js';
import './sc-chart.js';
import './sc-data-table.js';
import { base } from './styles.js';

declare global {
  interface HTMLElementEventMap {
    /** <support-analytics>: open this ticket (a breached one, from the SLA report). */
    'sc-open-ticket': CustomEvent<{ ticketId: string }>;
  }
}

type Tab = Exclude<ReportName, 'heatmap'> | 'hours';
const tabs: [Tab, string, boolean][] = [
  ['overview', 'Overview', false],
  ['agents', 'Agents', false],
  ['teams', 'Teams', true],
  ['sla', 'SLA', false],
  ['hours', 'Busiest hours', false],
  ['issues', 'Common issues', false],
  ['csat', 'Satisfaction', false],
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const CHANNELS: [Channel, string][] = [
  ['web', 'Web'],
  ['mobile', 'Mobile'],
  ['email', 'Email'],
];
const COLORS = {
  blue: '#1d4ed8',
  green: '#15803d',
  red: '#b91c1c',
  amber: '#b45309',
  slate: '#64748b',
  violet: '#6d28d9',
};

const secs = (v: number | null | undefined) => (v === null || v === undefined ? '—' : duration(v));
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`.replace('.0%', '%');
const rating = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(2));
/**
 * Dark or white text, whichever reads better on the accent blue at this opacity over the page's background (white, or
 * the dark theme's slate: WCAG contrast).
 */
function inkOn(alpha: number, base: readonly number[] = [255, 255, 255]) {
  const lin = (c: number, b: number) => {
    const v = (b + alpha * (c - b)) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const [r = 255, g = 255, b = 255] = base;
  const l = 0.2126 * lin(29, r) + 0.7152 * lin(78, g) + 0.0722 * lin(216, b);
  const dark = 0.0083; // #0f172a
  return (l + 0.05) / (dark + 0.05) >= 1.05 / (l + 0.05) ? '#0f172a' : '#fff';
}
/** A sortable column whose value is seconds, shown as a duration; or a share, shown as a percentage. */
const timeColumn = <R>(key: string, label: string, get: (r: R) => number | null, title?: string): Column<R> => ({
  key,
  label,
  ...(title ? { title } : {}),
  numeric: true,
  value: get,
  render: (r) => secs(get(r)),
});
const shareColumn = <R>(key: string, label: string, get: (r: R) => number | null, title?: string): Column<R> => ({
  key,
  label,
  ...(title ? { title } : {}),
  numeric: true,
  value: get,
  render: (r) => pct(get(r)),
});
const hour = (h: number) => `${String(h).padStart(2, '0')}:00`;
/** `2026-06-01` → `Mon 1 Jun` (a calendar date: no time zone shift). */
const day = (iso: string) =>
  new Date(`${iso}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

export class SupportAnalytics extends LitElement {
  static override properties = {
    client: { attribute: false },
    realtime: { attribute: false },
    isAdmin: { type: Boolean, attribute: 'is-admin' },
    tab: { state: true },
    expanded: { state: true },
  };
  client?: SupportChatClient;
  /** The console's socket: live tiles come over it. Without one they are asked for every few seconds. */
  realtime?: RealtimeConnection;
  isAdmin = false;
  tab: Tab = 'overview';
  /** Long lists (breached tickets, comments) show their first few until "Show all". */
  expanded = new Set<string>();
  readonly data = new AnalyticsController(
    this,
    // Without a client: the session cookie of a page on the server's own origin.
    () => (this.client ??= new SupportChatClient({ baseUrl: '' })),
    () => this.realtime,
    () => this.isAdmin,
  );

  static override styles = [
    base,
    css`
    :host { display: block; padding: 16px 20px; overflow-y: auto; background: var(--bg); }
    .top { display: flex; align-items: end; gap: 10px 14px; flex-wrap: wrap; margin-bottom: 12px; }
    .top h1 { font-size: 18px; margin: 0 8px 4px 0; }
    label.field { display: grid; gap: 2px; font-size: 12px; color: var(--muted); font-weight: 600; }
    label.field select, label.field input { font-weight: 400; color: var(--text); }
    .note { color: var(--muted); font-size: 12.5px; margin: 0 0 4px; }
    [role=tablist] { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 14px; overflow-x: auto; }
    [role=tab] { border: 0; border-bottom: 2px solid transparent; border-radius: 0; padding: 8px 12px; background: none; white-space: nowrap; }
    [role=tab][aria-selected=true] { border-bottom-color: var(--accent); color: var(--accent); font-weight: 600; }
    section { display: grid; gap: 16px; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
    .tile { border: 1px solid var(--line); border-radius: 10px; padding: 10px 12px; background: var(--bg); display: grid; gap: 2px; }
    .tile .label { font-size: 12px; color: var(--muted); font-weight: 600; }
    .tile .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
    .tile .delta { font-size: 12px; color: var(--muted); }
    .delta.better { color: var(--ok); }
    .delta.worse { color: var(--danger); }
    .live { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px; display: grid; gap: 8px; }
    .live h2, .block h2 { display: flex; gap: 8px; align-items: baseline; }
    .live .when { font-size: 12px; color: var(--muted); text-transform: none; letter-spacing: 0; font-weight: 400; }
    .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--ok); display: inline-block; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(320px, 100%), 1fr)); gap: 16px; }
    .block { border: 1px solid var(--line); border-radius: 12px; padding: 12px 14px; display: grid; gap: 10px; min-width: 0; }
    .block-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; flex-wrap: wrap; }
    a.csv { font-size: 12.5px; color: var(--accent); }
    .error { color: var(--danger); }
    .heat { overflow-x: auto; }
    .heat table { border-collapse: separate; border-spacing: 2px; font-size: 11px; width: 100%; }
    .heat th { font-weight: 600; color: var(--muted); padding: 2px 4px; white-space: nowrap; }
    .heat td { min-width: 26px; height: 26px; text-align: center; border-radius: 4px; font-variant-numeric: tabular-nums; }
    .bars { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
    .bars li { display: grid; grid-template-columns: minmax(90px, 160px) 1fr 40px; gap: 8px; align-items: center; font-size: 13px; }
    .bars .bar { height: 10px; border-radius: 5px; background: var(--accent); }
    .bars .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .bars .n { text-align: right; font-variant-numeric: tabular-nums; }
    .issues { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(260px, 100%), 1fr)); gap: 16px; }
    .more { justify-self: start; }
    .comments { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    .comments li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; display: grid; gap: 2px; }
    .stars { color: var(--warn); letter-spacing: 1px; }
    .meta { color: var(--muted); font-size: 12px; }
    .linkish { border: 0; background: none; color: var(--accent); padding: 0; text-decoration: underline; text-align: left; }
    .empty { color: var(--muted); }
    @media (max-width: 700px) { :host { padding: 12px; } .tile .value { font-size: 19px; } }
  `,
  ];

  protected override willUpdate() {
    if (!this.isAdmin && this.tab === 'teams') this.tab = 'overview';
  }

  protected override updated() {
    // The shown tab's report (and, on the overview, nothing else) loads when first shown or after a change.
    this.data.ensure(this.tab === 'hours' ? 'heatmap' : this.tab);
  }

  override render() {
    const d = this.data;
    const problem = d.customProblem();
    return html`
      <div class="top">
        <h1>Reports</h1>
        <label class="field">Range
          <select @change=${(e: Event) => d.setPreset((e.target as HTMLSelectElement).value as Preset)}>
            ${presets.map(([p, label]) => html`<option value=${p} ?selected=${d.preset === p}>${label}</option>`)}
          </select></label>
        ${
          d.preset === 'custom'
            ? html`<label class="field">From <input type="date" .value=${d.customFrom}
                @change=${(e: Event) => d.setCustom((e.target as HTMLInputElement).value, d.customTo)}></label>
              <label class="field">To <input type="date" .value=${d.customTo}
                @change=${(e: Event) => d.setCustom(d.customFrom, (e.target as HTMLInputElement).value)}></label>`
            : nothing
        }
        ${
          this.isAdmin
            ? html`<label class="field">Team
                <select @change=${(e: Event) => d.setFilter('teamId', (e.target as HTMLSelectElement).value)}>
                  <option value="">All teams</option>
                  ${d.teams.map((t) => html`<option value=${t.id} ?selected=${d.filters.teamId === t.id}>${t.name}</option>`)}
                </select></label>
              <label class="field">Agent
                <select @change=${(e: Event) => d.setFilter('agentId', (e.target as HTMLSelectElement).value)}>
                  <option value="">All agents</option>
                  ${d.agents.map((a) => html`<option value=${a.id} ?selected=${d.filters.agentId === a.id}>${a.name}</option>`)}
                </select></label>`
            : nothing
        }
        <label class="field">Channel
          <select @change=${(e: Event) => d.setFilter('channel', (e.target as HTMLSelectElement).value as Channel)}>
            <option value="">All channels</option>
            ${CHANNELS.map(([c, label]) => html`<option value=${c} ?selected=${d.filters.channel === c}>${label}</option>`)}
          </select></label>
        <p class="note">${this.isAdmin ? 'Compared with' : 'Your own figures, compared with'} the previous ${d.days() === 1 ? 'day' : `${d.days()} days`}.</p>
      </div>
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : nothing}
      <div role="tablist" aria-label="Reports">${tabs
        .filter(([, , adminOnly]) => !adminOnly || this.isAdmin)
        .map(
          ([tab, label]) =>
            html`<button role="tab" id="tab-${tab}" aria-controls="panel" aria-selected=${String(this.tab === tab)}
              @click=${() => (this.tab = tab)}>${label}</button>`,
        )}</div>
      <div id="panel" role="tabpanel" aria-labelledby="tab-${this.tab}">${this.renderTab()}</div>`;
  }

  private renderTab() {
    switch (this.tab) {
      case 'overview':
        return this.overview();
      case 'agents':
        return this.agents();
      case 'teams':
        return this.teams();
      case 'sla':
        return this.sla();
      case 'hours':
        return this.hours();
      case 'issues':
        return this.issues();
      case 'csat':
        return this.csat();
    }
  }

  /** Loading, or the error, or the report. */
  private state(name: ReportName): TemplateResult | undefined {
    const err = this.data.errors[name];
    if (err) return html`<p class="error" role="alert">Could not load this report: ${err}</p>`;
    if (!this.data.reports[name]) return html`<p role="status">Loading…</p>`;
    return undefined;
  }

  /** The first `n` items, and a button for the rest. */
  private few<T>(key: string, items: T[], render: (item: T) => TemplateResult, n = 8) {
    const all = this.expanded.has(key);
    return html`<ul class="comments">${(all ? items : items.slice(0, n)).map(render)}</ul>
      ${
        items.length > n && !all
          ? html`<button class="more" @click=${() => (this.expanded = new Set([...this.expanded, key]))}>Show all ${items.length}</button>`
          : nothing
      }`;
  }

  private csv(name: ReportName, label = 'Download CSV') {
    return html`<a class="csv" href=${this.data.csvUrl(name)} download>${label}</a>`;
  }

  private tile(label: string, value: string, delta?: TemplateResult | typeof nothing) {
    return html`<div class="tile"><span class="label">${label}</span><span class="value">${value}</span>${delta ?? nothing}</div>`;
  }

  /** "▲ 12% vs previous": green when the change is good (fewer seconds, more conversations…), red when bad. */
  private delta(now: number | null, before: number | null, higherIsBetter: boolean | null) {
    if (now === null || before === null) return html`<span class="delta">No earlier data</span>`;
    if (before === 0) return html`<span class="delta">${now === 0 ? 'No change' : 'New this period'}</span>`;
    const change = (now - before) / Math.abs(before);
    if (Math.abs(change) < 0.005) return html`<span class="delta">No change</span>`;
    const up = change > 0;
    const tone = higherIsBetter === null ? '' : up === higherIsBetter ? 'better' : 'worse';
    return html`<span class="delta ${tone}">${up ? '▲' : '▼'} ${pct(Math.abs(change))} vs previous</span>`;
  }

  private liveTiles() {
    const live = this.data.live;
    if (!live)
      return html`<div class="live"><h2>Right now, whole team</h2>${
        this.data.liveError
          ? html`<p class="error" role="alert">Live figures are unavailable: ${this.data.liveError}</p>`
          : html`<p role="status">Loading…</p>`
      }</div>`;
    const s = live.agentsByStatus;
    return html`<div class="live" aria-live="off">
      <h2><span class="dot" aria-hidden="true"></span> Right now, whole team <span class="when">updated ${clock(live.at)}</span></h2>
      <div class="tiles">
        ${this.tile('Waiting in queue', String(live.queueLength))}
        ${this.tile('Longest wait', live.longestWaitSeconds === null ? '—' : duration(live.longestWaitSeconds))}
        ${this.tile('Chats going on', String(live.activeChats))}
        ${this.tile('Agents online', String(s.online), html`<span class="delta">${s.busy} busy · ${s.away} away</span>`)}
        ${this.tile('Today: conversations', String(live.today.conversations), html`<span class="delta">${live.today.resolved} resolved · ${live.today.abandoned} abandoned</span>`)}
        ${this.tile('Today: first response', secs(live.today.averageFirstResponseSeconds), html`<span class="delta">wait ${secs(live.today.averageWaitSeconds)}</span>`)}
      </div>
    </div>`;
  }

  private overview() {
    const r = this.data.reports.overview;
    const s = r?.summary;
    const p = r?.previous;
    return html`<section aria-label="Overview">
      ${this.liveTiles()}
      ${
        this.state('overview') ??
        (s && p && r
          ? html`
        <div class="tiles">
          ${this.tile('Conversations', String(s.conversations), this.delta(s.conversations, p.conversations, null))}
          ${this.tile('Avg first response', secs(s.averageFirstResponseSeconds), this.delta(s.averageFirstResponseSeconds, p.averageFirstResponseSeconds, false))}
          ${this.tile('Avg reply time', secs(s.averageReplySeconds), this.delta(s.averageReplySeconds, p.averageReplySeconds, false))}
          ${this.tile('Avg resolution', secs(s.averageResolutionSeconds), this.delta(s.averageResolutionSeconds, p.averageResolutionSeconds, false))}
          ${this.tile('Avg wait in queue', secs(s.averageWaitSeconds), this.delta(s.averageWaitSeconds, p.averageWaitSeconds, false))}
          ${this.tile('Abandoned', `${s.abandoned} (${pct(s.abandonRate)})`, this.delta(s.abandonRate, p.abandonRate, false))}
          ${this.tile('CSAT', rating(s.csat.average), this.delta(s.csat.average, p.csat.average, true))}
          ${this.tile('First-contact resolution', pct(s.firstContactResolutionRate), this.delta(s.firstContactResolutionRate, p.firstContactResolutionRate, true))}
          ${this.tile('Utilisation', pct(s.utilisation), this.delta(s.utilisation, p.utilisation, null))}
          ${this.tile('Messages per conversation', s.messagesPerConversation === null ? '—' : String(s.messagesPerConversation))}
        </div>
        <div class="charts">
          <div class="block">
            <sc-chart caption="Conversations per day" .labels=${r.series.map((x) => day(x.date))} .series=${
              [
                { label: 'Started', data: r.series.map((x) => x.conversations), color: COLORS.blue },
                { label: 'Resolved', data: r.series.map((x) => x.resolved), color: COLORS.green, type: 'line' },
                { label: 'Abandoned', data: r.series.map((x) => x.abandoned), color: COLORS.red, type: 'line' },
              ] satisfies ChartSeries[]
            }></sc-chart>
            ${this.csv('overview', 'Download the daily figures (CSV)')}
          </div>
          <div class="block">
            <sc-chart kind="line" caption="Response times per day (averages)" durations .format=${duration}
              .labels=${r.series.map((x) => day(x.date))} .series=${
                [
                  {
                    label: 'First response',
                    data: r.series.map((x) => x.averageFirstResponseSeconds),
                    color: COLORS.blue,
                  },
                  { label: 'Every reply', data: r.series.map((x) => x.averageReplySeconds), color: COLORS.violet },
                  { label: 'Wait in queue', data: r.series.map((x) => x.averageWaitSeconds), color: COLORS.amber },
                ] satisfies ChartSeries[]
              }></sc-chart>
          </div>
          <div class="block">
            <sc-chart kind="line" caption="Resolution time per day (average)" durations .format=${duration}
              .labels=${r.series.map((x) => day(x.date))} .series=${
                [
                  { label: 'Resolution', data: r.series.map((x) => x.averageResolutionSeconds), color: COLORS.green },
                ] satisfies ChartSeries[]
              }></sc-chart>
          </div>
          <div class="block">
            <h2>Spread (this range)</h2>
            <sc-data-table caption="Median and 90th percentile" .columns=${
              [
                { key: 'what', label: 'Time', value: (x: PctRow) => x.what },
                timeColumn('avg', 'Average', (x: PctRow) => x.avg),
                timeColumn('p50', 'Median', (x: PctRow) => x.p50),
                timeColumn('p90', '90% within', (x: PctRow) => x.p90),
              ] satisfies Column<PctRow>[]
            } .rows=${
              [
                { what: 'First response', avg: s.averageFirstResponseSeconds, ...r.percentiles.firstResponse },
                { what: 'Resolution', avg: s.averageResolutionSeconds, ...r.percentiles.resolution },
                { what: 'Wait in queue', avg: s.averageWaitSeconds, ...r.percentiles.wait },
              ] satisfies PctRow[]
            }></sc-data-table>
          </div>
        </div>`
          : nothing)
      }
    </section>`;
  }

  private summaryColumns<R extends { summary: AnalyticsSummary }>(): Column<R>[] {
    return [
      {
        key: 'conversations',
        label: 'Chats',
        title: 'Conversations started',
        numeric: true,
        value: (x) => x.summary.conversations,
      },
      { key: 'resolved', label: 'Resolved', numeric: true, value: (x) => x.summary.resolved },
      timeColumn('fr', 'First response', (x) => x.summary.averageFirstResponseSeconds, 'Average first response time'),
      timeColumn('reply', 'Reply', (x) => x.summary.averageReplySeconds, 'Average reply time (every reply)'),
      timeColumn('res', 'Resolution', (x) => x.summary.averageResolutionSeconds, 'Average resolution time'),
      {
        key: 'csat',
        label: 'CSAT',
        numeric: true,
        value: (x) => x.summary.csat.average,
        render: (x) =>
          x.summary.csat.average === null ? '—' : `${rating(x.summary.csat.average)} (${x.summary.csat.ratings})`,
      },
      shareColumn('util', 'Utilisation', (x) => x.summary.utilisation),
    ];
  }

  private agents() {
    const r = this.data.reports.agents;
    const [conv, resolved, ...times] = this.summaryColumns<AgentReportRow>();
    const columns: Column<AgentReportRow>[] = [
      {
        key: 'name',
        label: 'Agent',
        value: (x) => x.name,
        render: (x) =>
          html`<strong>${x.name}</strong>${x.teamName ? html`<span class="meta"> · ${x.teamName}</span>` : nothing}`,
      },
      { key: 'status', label: 'Now', value: (x) => x.status, render: (x) => x.status ?? '—' },
      {
        key: 'active',
        label: 'Chats now',
        numeric: true,
        value: (x) => x.activeChats,
        render: (x) => `${x.activeChats} / ${x.maxConcurrentChats}`,
      },
      conv!,
      resolved!,
      ...times,
      shareColumn(
        'fcr',
        'FCR',
        (x) => x.summary.firstContactResolutionRate,
        'First-contact resolution: resolved without a follow-up ticket',
      ),
      {
        key: 'mpc',
        label: 'Msgs / chat',
        title: 'Messages per resolved conversation',
        numeric: true,
        value: (x) => x.summary.messagesPerConversation,
      },
    ];
    return html`<section aria-label="Agents"><div class="block">
      <div class="block-head"><h2>Agents</h2>${this.csv('agents')}</div>
      ${this.state('agents') ?? html`<sc-data-table caption="Agents" sort-key="conversations" .columns=${columns} .rows=${r?.agents ?? []}></sc-data-table>`}
    </div></section>`;
  }

  private teams() {
    const r = this.data.reports.teams;
    const [conv, resolved, ...times] = this.summaryColumns<TeamReportRow>();
    const columns: Column<TeamReportRow>[] = [
      { key: 'name', label: 'Team', value: (x) => x.name, render: (x) => html`<strong>${x.name}</strong>` },
      { key: 'queue', label: 'Queue now', numeric: true, value: (x) => x.queueLength },
      { key: 'online', label: 'Online now', numeric: true, value: (x) => x.onlineAgents },
      conv!,
      resolved!,
      { key: 'abandoned', label: 'Abandoned', numeric: true, value: (x) => x.summary.abandoned },
      timeColumn('wait', 'Wait', (x) => x.summary.averageWaitSeconds, 'Average wait in queue'),
      ...times,
    ];
    return html`<section aria-label="Teams"><div class="block">
      <div class="block-head"><h2>Teams</h2>${this.csv('teams')}</div>
      ${this.state('teams') ?? html`<sc-data-table caption="Teams" sort-key="conversations" .columns=${columns} .rows=${r?.teams ?? []}></sc-data-table>`}
    </div></section>`;
  }

  private sla() {
    const r = this.data.reports.sla;
    // Most urgent first (the API lists them low to urgent).
    const byPriority = r ? [...r.byPriority].reverse() : [];
    type Row = NonNullable<typeof r>['byPriority'][number];
    const vs = (avg: number | null, target: number) =>
      avg === null ? '—' : `${secs(avg)} (target ${duration(target)})`;
    const columns: Column<Row>[] = [
      { key: 'priority', label: 'Priority', value: (x) => x.priority },
      { key: 'tickets', label: 'Tickets', numeric: true, value: (x) => x.tickets },
      { key: 'met', label: 'Met', numeric: true, value: (x) => x.met },
      { key: 'breached', label: 'Breached', numeric: true, value: (x) => x.breached },
      { key: 'pending', label: 'Open, on time', numeric: true, value: (x) => x.pending },
      shareColumn('compliance', 'Compliance', (x) => x.complianceRate),
      {
        key: 'fr',
        label: 'Avg first response',
        numeric: true,
        value: (x) => x.averageFirstResponseSeconds,
        render: (x) => vs(x.averageFirstResponseSeconds, x.firstResponseTargetSeconds),
      },
      {
        key: 'res',
        label: 'Avg resolution',
        numeric: true,
        value: (x) => x.averageResolutionSeconds,
        render: (x) => vs(x.averageResolutionSeconds, x.resolutionTargetSeconds),
      },
    ];
    return html`<section aria-label="SLA">${
      this.state('sla') ??
      (r
        ? html`
      <div class="tiles">
        ${this.tile('SLA compliance', pct(r.total.complianceRate))}
        ${this.tile('Met', String(r.total.met))}
        ${this.tile('Breached', String(r.total.breached))}
        ${this.tile('Open, on time', String(r.total.pending))}
        ${this.tile('Avg first response', secs(r.total.averageFirstResponseSeconds), html`<span class="delta">target ${duration(r.total.firstResponseTargetSeconds)}</span>`)}
        ${this.tile('Avg resolution', secs(r.total.averageResolutionSeconds), html`<span class="delta">target ${duration(r.total.resolutionTargetSeconds)}</span>`)}
      </div>
      <div class="charts">
        <div class="block">
          <sc-chart caption="Tickets opened in the range, by priority" row-label="Priority" stacked .labels=${byPriority.map((x) => x.priority)}
            .series=${
              [
                { label: 'Met', data: byPriority.map((x) => x.met), color: COLORS.green },
                { label: 'Breached', data: byPriority.map((x) => x.breached), color: COLORS.red },
                { label: 'Open, on time', data: byPriority.map((x) => x.pending), color: COLORS.slate },
              ] satisfies ChartSeries[]
            }></sc-chart>
        </div>
        <div class="block">
          <div class="block-head"><h2>Breached tickets</h2></div>
          ${
            r.breachedTickets.length === 0
              ? html`<p class="empty">No ticket opened in this range missed a target.</p>`
              : this.few(
                  'breached',
                  r.breachedTickets,
                  (b) => html`<li>
                  <button class="linkish" @click=${() => emit(this, 'sc-open-ticket', { ticketId: b.ticketId })}>${b.subject}</button>
                  <span class="meta">${b.priority} · missed its ${b.target === 'first_response' ? 'first answer' : 'resolution'} ${dateTime(b.breachedAt)}${
                    b.assignedAgentName ? ` · ${b.assignedAgentName}` : ' · unassigned'
                  } · ${b.status.replace('_', ' ')}</span></li>`,
                )
          }
        </div>
      </div>
      <div class="block">
        <div class="block-head"><h2>By priority</h2>${this.csv('sla')}</div>
        <sc-data-table caption="SLA by priority" .columns=${columns} .rows=${byPriority}></sc-data-table>
      </div>`
        : nothing)
    }</section>`;
  }

  private hours() {
    const r = this.data.reports.heatmap;
    const max = Math.max(1, ...(r?.days.flatMap((d) => d.hours) ?? [0]));
    // The page's background under the translucent cells (#rrggbb from the theme), for the text's contrast.
    const bg = getComputedStyle(this).getPropertyValue('--bg').trim();
    const base = /^#[0-9a-f]{6}$/i.test(bg) ? [1, 3, 5].map((i) => Number.parseInt(bg.slice(i, i + 2), 16)) : undefined;
    return html`<section aria-label="Busiest hours"><div class="block">
      <div class="block-head"><h2>Conversations started, by weekday and hour</h2>${this.csv('heatmap')}</div>
      ${
        this.state('heatmap') ??
        (r
          ? html`<p class="note">${
              r.busiestDay === null
                ? 'No conversations in this range.'
                : `Busiest day: ${WEEKDAYS[r.busiestDay - 1]}. Busiest hour: ${hour(r.busiestHour ?? 0)}–${hour((r.busiestHour ?? 0) + 1)}.`
            } Times in ${r.range.timeZone}.</p>
          <div class="heat"><table>
            <caption class="sr-only">Conversations started by weekday (rows) and hour (columns), ${r.range.timeZone}</caption>
            <thead><tr><th scope="col"><span class="sr-only">Weekday</span></th>${Array.from(
              { length: 24 },
              (_, h) => html`<th scope="col">${String(h).padStart(2, '0')}</th>`,
            )}</tr></thead>
            <tbody>${r.days.map(
              (d) =>
                html`<tr><th scope="row">${WEEKDAYS[d.weekday - 1]!.slice(0, 3)}</th>${d.hours.map((n) => {
                  // Opacity from how busy the hour is, skipping the middle band where neither dark nor white text
                  // would reach 4.5:1 on it.
                  const share = n / max;
                  const a = n === 0 ? 0 : share <= 0.6 ? 0.06 + share : 0.86 + (share - 0.6) * 0.35;
                  return html`<td style="background: rgba(29, 78, 216, ${a.toFixed(3)}); color: ${inkOn(a, base)}">${n || ''}</td>`;
                })}</tr>`,
            )}</tbody>
          </table></div>`
          : nothing)
      }
    </div></section>`;
  }

  private bars(title: string, items: { name: string; count: number }[], empty: string) {
    const max = Math.max(1, ...items.map((i) => i.count));
    return html`<div class="block"><h2>${title}</h2>${
      items.length === 0
        ? html`<p class="empty">${empty}</p>`
        : html`<ol class="bars">${items.map(
            (i) => html`<li><span class="name" title=${i.name}>${i.name}</span>
              <span class="bar" style="width: ${Math.max(2, (i.count / max) * 100).toFixed(1)}%" aria-hidden="true"></span>
              <span class="n">${i.count}</span></li>`,
          )}</ol>`
    }</div>`;
  }

  private issues() {
    const r = this.data.reports.issues;
    return html`<section aria-label="Common issues">
      <div class="block-head"><p class="note">The most frequent tags, ticket categories and words in subjects.</p>${this.csv('issues')}</div>
      ${
        this.state('issues') ??
        (r
          ? html`<div class="issues">
          ${this.bars('Tags', r.tags, 'No tags in this range.')}
          ${this.bars('Ticket categories', r.categories, 'No ticket categories in this range.')}
          ${this.bars('Words in subjects', r.terms, 'No subjects in this range.')}
        </div>`
          : nothing)
      }
    </section>`;
  }

  private csat() {
    const r = this.data.reports.csat;
    return html`<section aria-label="Customer satisfaction">${
      this.state('csat') ??
      (r
        ? html`
      <div class="tiles">
        ${this.tile('Average rating', r.csat.average === null ? '—' : `${rating(r.csat.average)} / 5`)}
        ${this.tile('Ratings', String(r.csat.ratings))}
        ${this.tile('Response rate', pct(r.csat.responseRate), html`<span class="delta">of resolved conversations</span>`)}
      </div>
      <div class="charts">
        <div class="block">
          <sc-chart caption="Ratings given" row-label="Rating" .labels=${['1 ★', '2 ★', '3 ★', '4 ★', '5 ★']} .series=${
            [
              {
                label: 'Ratings',
                data: [1, 2, 3, 4, 5].map((n) => r.csat.distribution[n as 1 | 2 | 3 | 4 | 5]),
                color: COLORS.amber,
              },
            ] satisfies ChartSeries[]
          }></sc-chart>
        </div>
        <div class="block">
          <sc-chart kind="line" caption="Average rating per day" .format=${(v: number) => v.toFixed(1)}
            .labels=${r.series.map((x) => day(x.date))}
            .series=${[{ label: 'Average rating', data: r.series.map((x) => x.average), color: COLORS.amber }] satisfies ChartSeries[]}></sc-chart>
        </div>
      </div>
      <div class="block">
        <div class="block-head"><h2>Comments</h2>${this.csv('csat', 'Download comments (CSV)')}</div>
        ${
          r.comments.length === 0
            ? html`<p class="empty">No comments in this range.</p>`
            : this.few(
                'comments',
                r.comments,
                (
                  c,
                ) => html`<li><span><span class="stars" aria-label="${c.rating} out of 5">${'★'.repeat(c.rating)}${'☆'.repeat(5 - c.rating)}</span></span>
                  <span>${c.comment}</span>
                  <span class="meta">${c.customerName}${c.agentName ? ` · with ${c.agentName}` : ''} · ${dateTime(c.createdAt)}</span></li>`,
              )
        }
      </div>`
        : nothing)
    }</section>`;
  }
}

interface PctRow {
  what: string;
  avg: number | null;
  p50: number | null;
  p90: number | null;
}

if (!customElements.get('support-analytics')) customElements.define('support-analytics', SupportAnalytics);
