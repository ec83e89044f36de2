// <agent-management> (the seed's AgentManagement: "Manage agents, teams, and settings"): what a support lead sets
// up and watches. Agents with their live status and load (add, edit, reset a password, deactivate, reactivate,
// force a status), teams (add, edit members and routing, delete with somewhere for their chats to go), and the
// audit log of every such change. Data lives in AdminDirectoryController; forms are their own dialogs.
import { LitElement, css, html, nothing } from 'lit';
import { agentStatuses, type Agent, type AgentStatus, type SupportChatClient, type Team } from '@support-chat/sdk';
import { AdminDirectoryController } from './admin-directory-controller.js';
import { dateTime } from './format.js';
import type { ConfirmChoice } from './sc-confirm-dialog.js';
import './sc-agent-dialog.js';
import './sc-confirm-dialog.js';
import './sc-team-dialog.js';
import { base } from './styles.js';
import { ToastController } from './toast-controller.js';

type Tab = 'agents' | 'teams' | 'audit';
type Open =
  | { kind: 'agent'; agent?: Agent }
  | { kind: 'team'; team?: Team }
  | {
      kind: 'confirm';
      heading: string;
      message: string;
      label: string;
      choice?: ConfirmChoice;
      action: (v: string) => Promise<unknown>;
      done: string;
    }
  | null;

export class AgentManagement extends LitElement {
  static override properties = {
    client: { attribute: false },
    agentId: { attribute: 'agent-id' },
    tab: { state: true },
    open: { state: true },
  };
  client?: SupportChatClient;
  /** The signed-in admin's own agent: they cannot deactivate themselves. */
  agentId = '';
  tab: Tab = 'agents';
  open: Open = null;
  readonly directory = new AdminDirectoryController(this, () => this.client);
  private readonly toast = new ToastController(this);

  static override styles = [
    base,
    css`
    :host { display: block; padding: 16px 20px; overflow-y: auto; background: var(--bg); }
    .top { display: flex; align-items: center; gap: 12px; margin-bottom: 12px; }
    .top h1 { font-size: 18px; margin: 0; }
    [role=tablist] { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 12px; }
    [role=tab] { border: 0; border-bottom: 2px solid transparent; border-radius: 0; padding: 8px 12px; background: none; }
    [role=tab][aria-selected=true] { border-bottom-color: var(--accent); color: var(--accent); font-weight: 600; }
    .spacer { flex: 1; }
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; padding: 6px 8px; border-bottom: 1px solid var(--line); }
    td { padding: 8px; border-bottom: 1px solid var(--line); vertical-align: middle; }
    tr.inactive td { color: var(--muted); }
    .who strong { display: block; }
    .sub { display: block; font-size: 12px; color: var(--muted); }
    .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #94a3b8; }
    .dot.online { background: var(--ok); } .dot.away { background: #d97706; } .dot.busy { background: var(--danger); }
    .load { font-variant-numeric: tabular-nums; white-space: nowrap; }
    td .pill { white-space: nowrap; margin: 1px 0; }
    .status { white-space: nowrap; }
    .meter { display: block; width: 80px; height: 4px; background: var(--line); border-radius: 2px; margin-top: 4px; }
    .meter span { display: block; height: 100%; background: var(--accent); border-radius: 2px; }
    .actions { display: flex; gap: 6px; justify-content: flex-end; flex-wrap: wrap; }
    @media (max-width: 900px) {
      :host { padding: 12px; }
      th, td { padding: 6px 4px; }
      .actions { flex-direction: column; align-items: stretch; }
      .meter { width: 56px; }
    }
    .empty { padding: 24px; text-align: center; color: var(--muted); border: 1px dashed var(--line); border-radius: 8px; }
    .error { color: var(--danger); }
    pre { margin: 0; font-size: 12px; white-space: pre-wrap; max-width: 420px; }
    .toast { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: #0f172a; color: #fff; padding: 8px 14px; border-radius: 8px; z-index: 10; }
  `,
  ];

  /** The console forwards presence frames here, so statuses stay live. */
  applyPresence(agentId: string, status: AgentStatus) {
    this.directory.applyPresence(agentId, status);
  }

  private select(tab: Tab) {
    this.tab = tab;
    if (tab === 'audit') void this.directory.loadAudit();
  }

  private async forceStatus(a: Agent, status: AgentStatus) {
    try {
      await this.client?.setAgentStatus(a.id, status);
      this.toast.say(`${a.name} is now ${status}`);
    } catch (err) {
      this.toast.say((err as Error).message);
    }
    await this.directory.load();
  }

  private confirmDeactivate(a: Agent) {
    this.open = {
      kind: 'confirm',
      heading: `Deactivate ${a.name}?`,
      message: `Their ${a.activeChats} open chat${a.activeChats === 1 ? '' : 's'} go back to the queue, they are signed out everywhere and cannot sign in until you reactivate them.`,
      label: 'Deactivate',
      action: () => this.client!.deactivateAgent(a.id),
      done: `${a.name} is deactivated`,
    };
  }

  private confirmDeleteTeam(t: Team) {
    const others = this.directory.teams.filter((x) => x.id !== t.id);
    this.open = {
      kind: 'confirm',
      heading: `Delete ${t.name}?`,
      message: `Its ${t.memberIds.length} member${t.memberIds.length === 1 ? '' : 's'} leave the team. Open chats, open tickets and routing rules of the team move to the team you choose.`,
      label: 'Delete team',
      choice: others.length
        ? { label: 'Move them to', options: others.map((o) => ({ value: o.id, label: o.name })) }
        : undefined,
      action: (to) => this.client!.deleteTeam(t.id, to ? { reassignTo: to } : {}),
      done: `${t.name} is deleted`,
    };
  }

  private async reactivate(a: Agent) {
    try {
      await this.client?.reactivateAgent(a.id);
      this.toast.say(`${a.name} can sign in again`);
    } catch (err) {
      this.toast.say((err as Error).message);
    }
    await this.directory.load();
  }

  private changed = (text: string) => {
    this.toast.say(text);
    void this.directory.load();
    if (this.tab === 'audit') void this.directory.loadAudit();
  };

  override render() {
    const d = this.directory;
    const tabs: [Tab, string][] = [
      ['agents', `Agents (${d.agents.length})`],
      ['teams', `Teams (${d.teams.length})`],
      ['audit', 'Audit log'],
    ];
    return html`
      <div class="top"><h1>Team setup</h1><span class="spacer"></span>
        ${this.tab === 'agents' ? html`<button class="primary" @click=${() => (this.open = { kind: 'agent' })}>Add agent</button>` : nothing}
        ${this.tab === 'teams' ? html`<button class="primary" @click=${() => (this.open = { kind: 'team' })}>Add team</button>` : nothing}
      </div>
      <div role="tablist" aria-label="Team setup">${tabs.map(
        ([tab, label]) =>
          html`<button role="tab" aria-selected=${String(this.tab === tab)} @click=${() => this.select(tab)}>${label}</button>`,
      )}</div>
      ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : nothing}
      ${!d.loaded ? html`<p role="status">Loading…</p>` : this.tab === 'agents' ? this.renderAgents() : this.tab === 'teams' ? this.renderTeams() : this.renderAudit()}
      ${this.renderOpen()}
      ${this.toast.text ? html`<div class="toast" role="status">${this.toast.text}</div>` : nothing}`;
  }

  private renderAgents() {
    const d = this.directory;
    if (!d.agents.length)
      return html`<p class="empty">No agents yet. Add the first one: they get a sign-in for the console.</p>`;
    return html`<table aria-label="Agents"><thead><tr>
      <th>Agent</th><th>Role</th><th>Teams</th><th>Skills</th><th>Status</th><th>Load</th><th><span class="sr-only">Actions</span></th>
    </tr></thead><tbody>${d.agents.map((a) => {
      const pct = Math.min(100, Math.round((a.activeChats / Math.max(1, a.maxConcurrentChats)) * 100));
      return html`<tr class=${a.active ? '' : 'inactive'}>
        <td class="who"><strong>${a.name}</strong><span class="sub">${a.email}</span></td>
        <td>${a.role === 'admin' ? 'Admin' : 'Agent'}</td>
        <td>${a.teamIds.length ? a.teamIds.map((id) => html`<span class="pill">${d.teamName(id)}${id === a.teamId ? ' ★' : ''}</span> `) : html`<span class="sub">—</span>`}</td>
        <td>${a.skills.length ? a.skills.map((s) => html`<span class="pill">${s}</span> `) : html`<span class="sub">—</span>`}</td>
        <td>${
          a.active
            ? html`<span class="status"><span class="dot ${a.status}" aria-hidden="true"></span><select aria-label=${`Status of ${a.name}`} .value=${a.status}
              @change=${(e: Event) => void this.forceStatus(a, (e.target as HTMLSelectElement).value as AgentStatus)}>
              ${agentStatuses.map((s) => html`<option value=${s} ?selected=${s === a.status}>${s}</option>`)}</select></span>`
            : html`<span class="pill">deactivated</span>`
        }</td>
        <td class="load">${a.activeChats} / ${a.maxConcurrentChats}<span class="meter" aria-hidden="true"><span style="width:${pct}%"></span></span></td>
        <td><div class="actions">
          <button @click=${() => (this.open = { kind: 'agent', agent: a })} aria-label=${`Edit ${a.name}`}>Edit</button>
          ${
            a.id === this.agentId
              ? nothing
              : a.active
                ? html`<button class="danger" @click=${() => this.confirmDeactivate(a)} aria-label=${`Deactivate ${a.name}`}>Deactivate</button>`
                : html`<button @click=${() => void this.reactivate(a)} aria-label=${`Reactivate ${a.name}`}>Reactivate</button>`
          }</div></td>
      </tr>`;
    })}</tbody></table>`;
  }

  private renderTeams() {
    const d = this.directory;
    if (!d.teams.length)
      return html`<p class="empty">No teams yet. Teams get chats from routing rules, and their members answer them.</p>`;
    return html`<table aria-label="Teams"><thead><tr>
      <th>Team</th><th>New chats</th><th>Members</th><th><span class="sr-only">Actions</span></th>
    </tr></thead><tbody>${d.teams.map(
      (t) => html`<tr>
        <td class="who"><strong>${t.name}</strong>${t.description ? html`<span class="sub">${t.description}</span>` : nothing}</td>
        <td>${t.assignmentMode === 'auto' ? 'Assigned automatically' : 'Wait in the queue'}</td>
        <td>${t.memberIds.length ? t.memberIds.map((id) => html`<span class="pill">${d.agents.find((a) => a.id === id)?.name ?? '?'}</span> `) : html`<span class="sub">No members</span>`}</td>
        <td><div class="actions">
          <button @click=${() => (this.open = { kind: 'team', team: t })} aria-label=${`Edit ${t.name}`}>Edit</button>
          <button class="danger" @click=${() => this.confirmDeleteTeam(t)} aria-label=${`Delete ${t.name}`}>Delete</button></div></td>
      </tr>`,
    )}</tbody></table>`;
  }

  private renderAudit() {
    const d = this.directory;
    if (!d.audit.length) return html`<p class="empty">No changes recorded yet.</p>`;
    return html`<table aria-label="Audit log"><thead><tr><th>When</th><th>Who</th><th>What</th><th>Change</th></tr></thead>
      <tbody>${d.audit.map(
        (e) => html`<tr><td>${dateTime(e.createdAt)}</td><td>${e.actorName}</td>
          <td><code>${e.action}</code><span class="sub">${describe(e.after ?? e.before)}</span></td>
          <td><pre>${summary(e.before, e.after, (k, v) => this.named(k, v))}</pre></td></tr>`,
      )}</tbody></table>
      ${d.auditTotal > d.audit.length ? html`<p class="sub">Showing the newest ${d.audit.length} of ${d.auditTotal}.</p>` : nothing}`;
  }

  /** Ids in an audit record shown as names (teams, members). */
  private named(key: string, value: unknown): unknown {
    const d = this.directory;
    const name = (id: unknown) =>
      d.teams.find((t) => t.id === id)?.name ?? d.agents.find((a) => a.id === id)?.name ?? id;
    if ((key === 'teamIds' || key === 'memberIds') && Array.isArray(value)) return value.map(name);
    if (key === 'teamId' || key === 'reassignTo') return value ? name(value) : value;
    return value;
  }

  private renderOpen() {
    const o = this.open;
    const close = () => (this.open = null);
    if (!o) return nothing;
    if (o.kind === 'agent')
      return html`<sc-agent-dialog .client=${this.client} .agent=${o.agent} .teams=${this.directory.teams} @sc-close=${close}
        @sc-agent=${(e: HTMLElementEventMap['sc-agent']) => this.changed(e.detail.created ? `${e.detail.agent.name} added` : `${e.detail.agent.name} saved`)}></sc-agent-dialog>`;
    if (o.kind === 'team')
      return html`<sc-team-dialog .client=${this.client} .team=${o.team} .agents=${this.directory.agents} @sc-close=${close}
        @sc-team=${(e: HTMLElementEventMap['sc-team']) => this.changed(e.detail.created ? `${e.detail.team.name} added` : `${e.detail.team.name} saved`)}></sc-team-dialog>`;
    return html`<sc-confirm-dialog .heading=${o.heading} .message=${o.message} confirm-label=${o.label} .choice=${o.choice}
      .action=${o.action} @sc-close=${close} @sc-done=${() => this.changed(o.done)}></sc-confirm-dialog>`;
  }
}

/** The name in an audit record, if it has one. */
function describe(record: unknown) {
  const r = record as { name?: unknown } | null;
  return typeof r?.name === 'string' ? r.name : '';
}

/** Bookkeeping fields an admin did not change and does not need to read. */
const unread = new Set([
  'id',
  'userId',
  'createdAt',
  'updatedAt',
  'lastSeenAt',
  'lastActiveAt',
  'changed',
  'teamName',
  'totalChats',
  'activeChats',
  'averageRating',
  'averageResponseTime',
]);

/**
 * The fields that differ between before and after, one per line (`field: old → new`); for a new record, the fields
 * it was given (empty ones left out). `display` may turn ids into names.
 */
export function summary(
  before: unknown,
  after: unknown,
  display: (key: string, value: unknown) => unknown = (_k, v) => v,
): string {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);
  const show = (k: string, v: unknown) => (v === undefined ? '—' : JSON.stringify(display(k, v)));
  const lines: string[] = [];
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (unread.has(k) || JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
    if (before == null && empty(a[k])) continue;
    lines.push(before == null ? `${k}: ${show(k, a[k])}` : `${k}: ${show(k, b[k])} → ${show(k, a[k])}`);
  }
  return lines.slice(0, 12).join('\n');
}

if (!customElements.get('agent-management')) customElements.define('agent-management', AgentManagement);

declare global {
  interface HTMLElementTagNameMap {
    'agent-management': AgentManagement;
  }
}
