// What <support-analytics> shows and where it comes from: the range (presets in the browser's own days, or custom
// dates), the filters, each report fetched when its tab is first shown and again when the range or filters change,
// and the live overview pushed over the console's socket (or, on a page without one, asked for every few seconds).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  Agent,
  Channel,
  LiveOverview,
  RealtimeConnection,
  ReportQuery,
  Reports,
  SupportChatClient,
  Team,
} from '@support-chat/sdk';
import { errorText } from './format.js';

export type ReportName = keyof Reports;
export type Preset = 'today' | '7d' | '30d' | '90d' | 'custom';
export const presets: [Preset, string][] = [
  ['today', 'Today'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['90d', 'Last 90 days'],
  ['custom', 'Custom…'],
];

export interface Filters {
  teamId?: string;
  agentId?: string;
  channel?: Channel;
}

const POLL_MS = 10_000;
const DAY_MS = 86_400_000;

/** Local midnight of the day `daysBack` before today (0: today). */
function midnight(daysBack: number, now = new Date()) {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack);
  return d;
}

/** `YYYY-MM-DD` of a local date. */
export const localDate = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export class AnalyticsController implements ReactiveController {
  preset: Preset = '7d';
  customFrom = localDate(midnight(6));
  customTo = localDate(midnight(0));
  filters: Filters = {};
  reports: Partial<Reports> = {};
  loading = new Set<ReportName>();
  errors: Partial<Record<ReportName, string>> = {};
  live?: LiveOverview;
  /** Why the live figures could not be read (cleared when they arrive). */
  liveError = '';
  teams: Team[] = [];
  agents: Agent[] = [];
  private generation = 0;
  private offLive?: () => void;
  private poll?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SupportChatClient | undefined,
    private readonly realtime: () => RealtimeConnection | undefined,
    private readonly isAdmin: () => boolean,
  ) {
    host.addController(this);
  }

  private started = false;

  /** After each render: the first one with a client starts the live feed and the filter lists (a lazily defined
   * element gets its properties only at its first update, after it was connected). */
  hostUpdated() {
    if (this.started || !this.client()) return;
    this.started = true;
    void this.loadPeople();
    this.watchLive();
  }

  hostDisconnected() {
    this.started = false;
    this.offLive?.();
    this.offLive = undefined;
    clearInterval(this.poll);
  }

  /** The range as instants: from local midnight of its first day to now (or to the day after a custom end). */
  range(now = new Date()): { from: Date; to: Date } {
    switch (this.preset) {
      case 'today':
        return { from: midnight(0, now), to: now };
      case '7d':
        return { from: midnight(6, now), to: now };
      case '30d':
        return { from: midnight(29, now), to: now };
      case '90d':
        return { from: midnight(89, now), to: now };
      case 'custom': {
        const [fy, fm, fd] = this.customFrom.split('-').map(Number) as [number, number, number];
        const [ty, tm, td] = this.customTo.split('-').map(Number) as [number, number, number];
        return { from: new Date(fy, fm - 1, fd), to: new Date(ty, tm - 1, td + 1) };
      }
    }
  }

  /** How many days the range spans (for "vs the previous N days"). */
  days() {
    const { from, to } = this.range();
    return Math.max(1, Math.ceil((to.getTime() - from.getTime()) / DAY_MS - 0.01));
  }

  query(): ReportQuery {
    const { from, to } = this.range();
    return { from: from.toISOString(), to: to.toISOString(), ...this.filters };
  }

  /** Why the custom range cannot be used, if it cannot. */
  customProblem(): string | undefined {
    if (this.preset !== 'custom') return undefined;
    if (!this.customFrom || !this.customTo) return 'Choose both dates.';
    if (this.customTo < this.customFrom) return 'The end date is before the start date.';
    const { from, to } = this.range();
    if (to.getTime() - from.getTime() > 400 * DAY_MS) return 'A report covers at most 400 days.';
    return undefined;
  }

  setPreset(p: Preset) {
    this.preset = p;
    this.changed();
  }

  setCustom(from: string, to: string) {
    this.customFrom = from;
    this.customTo = to;
    this.changed();
  }

  setFilter<K extends keyof Filters>(key: K, value: Filters[K] | '') {
    this.filters = { ...this.filters, [key]: value || undefined };
    this.changed();
  }

  /** The range or filters moved: every report is out of date; the host loads the one it shows. */
  private changed() {
    this.generation++;
    this.reports = {};
    this.errors = {};
    this.host.requestUpdate();
  }

  /** Loads a report unless it is loaded or loading (or the custom range is incomplete). */
  async ensure(name: ReportName) {
    const client = this.client();
    if (!client || this.reports[name] || this.loading.has(name) || this.customProblem()) return;
    const generation = this.generation;
    this.loading.add(name);
    this.host.requestUpdate();
    try {
      const report = await client.getReport(name, this.query());
      if (generation === this.generation) (this.reports as Record<string, unknown>)[name] = report;
    } catch (err) {
      if (generation === this.generation) this.errors[name] = errorText(err);
    } finally {
      this.loading.delete(name);
      this.host.requestUpdate();
    }
  }

  csvUrl(name: ReportName) {
    return this.client()?.reportCsvUrl(name, this.query()) ?? '#';
  }

  private async loadPeople() {
    const client = this.client();
    if (!client || !this.isAdmin()) return;
    try {
      const [teams, agents] = await Promise.all([client.listTeams(), client.listAgents()]);
      this.teams = teams;
      this.agents = agents;
      this.host.requestUpdate();
    } catch {
      // The filters then offer "All" only; the reports themselves still load.
    }
  }

  private watchLive() {
    const rt = this.realtime();
    const client = this.client();
    if (!client) return;
    const set = (live: LiveOverview) => {
      this.live = live;
      this.liveError = '';
      this.host.requestUpdate();
    };
    void client
      .getLiveOverview()
      .then(set)
      .catch((err) => {
        this.liveError = errorText(err);
        this.host.requestUpdate();
      });
    if (rt) {
      const off = rt.on('live_overview', (f) => set(f.data));
      rt.watchLive(true);
      this.offLive = () => {
        off();
        rt.watchLive(false);
      };
    } else {
      this.poll = setInterval(() => void client.getLiveOverview().then(set, () => {}), POLL_MS);
    }
  }
}
