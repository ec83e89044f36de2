// <sc-conversation-views>: the Conversations view. Ready-made views (mine, unassigned, my team, all, snoozed,
// resolved), the agent's saved views, and a filter bar (status, channel, priority, label, team, agent, dates) that combine; the
// filters live in the page's URL (a link or a reload shows the same list) and save as a named view of one's own.
// The list itself is <conversation-history> with these filters.
import { LitElement, css, html, nothing } from 'lit';
import {
  channels,
  conversationStatuses,
  priorities,
  type Agent,
  type Conversation,
  type ConversationFilters,
  type Label,
  type SavedView,
  type SupportChatClient,
  type Team,
} from '@support-chat/sdk';
import { errorText } from './format.js';
import { base } from './styles.js';
import './conversation-history.js';

/** The filters the URL and a saved view may hold, in the order a query string writes them. */
const keys = [
  'status',
  'channel',
  'priority',
  'label',
  'teamId',
  'agentId',
  'unassigned',
  'snoozed',
  'from',
  'to',
] as const;
type Key = (typeof keys)[number];
export type Filters = Partial<Record<Key, string>>;

/** Filters as a query string, keys always in one order: equal filters give equal strings. */
export function toQuery(f: Filters): string {
  const p = new URLSearchParams();
  for (const k of keys) if (f[k]) p.set(k, f[k]!);
  return p.toString();
}

/** The known filters in a query string (anything else in it, such as `view`, is not a filter). */
export function fromQuery(q: string): Filters {
  const p = new URLSearchParams(q);
  const f: Filters = {};
  for (const k of keys) {
    const v = p.get(k);
    if (v) f[k] = v;
  }
  return f;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** A local calendar day (YYYY-MM-DD) as the instant it starts, `days` later. */
const dayStart = (day: string, days = 0) => {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + days).toISOString();
};
/** The local calendar day of an instant, `days` later. */
const dayOf = (iso: string | undefined, days = 0) => {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  const d = new Date(t.getFullYear(), t.getMonth(), t.getDate() + days);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export class ConversationViews extends LitElement {
  static override properties = {
    client: { attribute: false },
    agentId: { attribute: 'agent-id' },
    teamId: { attribute: 'team-id' },
    labels: { attribute: false },
    teams: { attribute: false },
    agents: { attribute: false },
    syncUrl: { type: Boolean, attribute: 'sync-url' },
    filters: { state: true },
    views: { state: true },
    naming: { state: true },
    error: { state: true },
  };
  client?: SupportChatClient;
  agentId = '';
  /** My primary team: the "My team" view. */
  teamId = '';
  labels: Label[] = [];
  teams: Team[] = [];
  agents: Agent[] = [];
  /** Read the filters from the page's URL at start, and keep them there. */
  syncUrl = false;
  filters: Filters = {};
  views: SavedView[] = [];
  /** The "Save view" form is open. */
  naming = false;
  error = '';

  static override styles = [
    base,
    css`
    :host { display: block; padding: 12px 16px; overflow-y: auto; }
    .views { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 10px; }
    .views button[aria-pressed=true] { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
    .saved { display: inline-flex; }
    .saved button:first-child { border-top-right-radius: 0; border-bottom-right-radius: 0; }
    .saved button.remove { border-left: 0; border-top-left-radius: 0; border-bottom-left-radius: 0; padding: 4px 7px; color: var(--muted); }
    .sep { width: 1px; align-self: stretch; background: var(--line); margin: 0 4px; }
    form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; padding: 10px; margin-bottom: 12px;
      border: 1px solid var(--line); border-radius: 8px; background: var(--panel); }
    form.filters label { display: grid; gap: 2px; font-size: 12px; color: var(--muted); }
    form.filters select, form.filters input { color: var(--text); min-width: 0; max-width: 170px; height: 30px; }
    form.name { display: inline-flex; gap: 6px; align-items: center; }
    [role=alert] { color: var(--danger); }
    @media (max-width: 600px) { :host { padding: 10px; } form.filters label { flex: 1 1 140px; } form.filters select, form.filters input { max-width: none; width: 100%; } }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    if (this.syncUrl) this.filters = fromQuery(location.search);
    void this.loadViews();
  }

  private async loadViews() {
    try {
      this.views = (await this.client?.listViews()) ?? [];
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** A conversation changed elsewhere: the list shows it as it is now. */
  applyConversation(c: Conversation) {
    this.renderRoot.querySelector('conversation-history')?.applyConversation(c);
  }

  /** The ready-made views, as filters. */
  private get presets(): [string, Filters][] {
    return [
      ['Mine', { agentId: this.agentId, status: 'active' }],
      ['Unassigned', { unassigned: 'true', status: 'queued' }],
      ...(this.teamId ? ([['My team', { teamId: this.teamId }]] as [string, Filters][]) : []),
      ['All', {}],
      ['Snoozed', { snoozed: 'true' }],
      ['Resolved', { status: 'resolved' }],
    ];
  }

  /** Shows the list for these filters (and puts them in the URL). */
  apply(filters: Filters) {
    // Empty choices ("Any") are no filter at all.
    this.filters = fromQuery(toQuery(filters));
    this.naming = false;
    if (this.syncUrl) {
      const q = toQuery(filters);
      history.replaceState(history.state, '', `${location.pathname}?view=conversations${q ? `&${q}` : ''}`);
    }
  }

  private change(e: Event) {
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const get = (k: string) => String(data.get(k) ?? '');
    const who = get('who');
    const from = get('from');
    const to = get('to');
    this.apply({
      status: get('status'),
      channel: get('channel'),
      priority: get('priority'),
      label: get('label'),
      teamId: get('teamId'),
      snoozed: get('snoozed'),
      ...(who === 'none' ? { unassigned: 'true' } : who ? { agentId: who } : {}),
      // A day range: from the start of the first day to the end of the last.
      ...(from ? { from: dayStart(from) } : {}),
      ...(to ? { to: dayStart(to, 1) } : {}),
    });
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const name = String(new FormData(e.target as HTMLFormElement).get('name') ?? '').trim();
    if (!name || !this.client) return;
    try {
      await this.client.createView({ name, query: toQuery(this.filters) });
      this.naming = false;
      this.error = '';
      await this.loadViews();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async deleteView(v: SavedView) {
    try {
      await this.client?.deleteView(v.id);
      await this.loadViews();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  override render() {
    const f = this.filters;
    const current = toQuery(f);
    const who = f.unassigned === 'true' ? 'none' : (f.agentId ?? '');
    const opt = (value: string, label: string, selected: string | undefined) =>
      html`<option value=${value} ?selected=${value === (selected ?? '')}>${label}</option>`;
    // Filters from a link may name a label no longer in the catalogue: it stays choosable.
    const labelNames = [...new Set([...this.labels.map((l) => l.name), ...(f.label ? [f.label] : [])])];
    return html`
      <nav class="views" aria-label="Conversation views">
        ${this.presets.map(
          ([name, filters]) =>
            html`<button aria-pressed=${String(toQuery(filters) === current)} @click=${() => this.apply(filters)}>${name}</button>`,
        )}
        ${this.views.length ? html`<span class="sep" aria-hidden="true"></span>` : nothing}
        ${this.views.map(
          (v) => html`<span class="saved"><button aria-pressed=${String(toQuery(fromQuery(v.query)) === current)}
            @click=${() => this.apply(fromQuery(v.query))}>${v.name}</button><button class="remove"
            aria-label=${`Delete view ${v.name}`} title="Delete this view" @click=${() => void this.deleteView(v)}>×</button></span>`,
        )}
        <span class="sep" aria-hidden="true"></span>
        ${
          this.naming
            ? html`<form class="name" aria-label="Save view" @submit=${this.save}>
              <input name="name" aria-label="View name" placeholder="Name of the view" maxlength="60" required autofocus>
              <button class="primary" type="submit">Save</button>
              <button type="button" @click=${() => (this.naming = false)}>Cancel</button></form>`
            : html`<button @click=${() => (this.naming = true)}>Save view…</button>`
        }
      </nav>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <form class="filters" aria-label="Filters" @change=${this.change} @submit=${(e: Event) => e.preventDefault()}>
        <label>Status <select name="status">${opt('', 'Any', f.status)}${conversationStatuses.map((s) => opt(s, s, f.status))}</select></label>
        <label>Channel <select name="channel">${opt('', 'Any', f.channel)}${channels.map((c) => opt(c, c, f.channel))}</select></label>
        <label>Priority <select name="priority">${opt('', 'Any', f.priority)}${priorities.map((p) => opt(p, p, f.priority))}</select></label>
        <label>Label <select name="label">${opt('', 'Any', f.label)}${labelNames.map((l) => opt(l, l, f.label))}</select></label>
        <label>Snoozed <select name="snoozed">${opt('', 'Any', f.snoozed)}${opt('true', 'Snoozed', f.snoozed)}${opt('false', 'Not snoozed', f.snoozed)}</select></label>
        <label>Team <select name="teamId">${opt('', 'Any', f.teamId)}${this.teams.map((t) => opt(t.id, t.name, f.teamId))}</select></label>
        <label>Agent <select name="who">${opt('', 'Anyone', who)}${opt('none', 'Unassigned', who)}${this.agents.map((a) => opt(a.id, a.id === this.agentId ? `${a.name} (me)` : a.name, who))}</select></label>
        <label>From <input type="date" name="from" .value=${dayOf(f.from)}></label>
        <label>To <input type="date" name="to" .value=${dayOf(f.to, -1)}></label>
        ${current ? html`<button type="button" @click=${() => this.apply({})}>Clear filters</button>` : nothing}
      </form>
      <conversation-history .client=${this.client} .filters=${f as ConversationFilters} .labels=${this.labels} limit="20"></conversation-history>`;
  }
}

if (!customElements.get('sc-conversation-views')) customElements.define('sc-conversation-views', ConversationViews);

declare global {
  interface HTMLElementTagNameMap {
    'sc-conversation-views': ConversationViews;
  }
}
