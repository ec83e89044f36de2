// <sc-agents-table>: every agent with role, teams (★ the primary one), skills, live status (an admin may force it),
// load against their limit, and what they have done today. Its buttons ask the page (`sc-edit-agent`, `sc-deactivate-agent`, …).
import { LitElement, css, html, nothing } from 'lit';
import { agentStatuses, type Agent, type AgentActivity, type AgentStatus, type Team } from '@support-chat/sdk';
import { tableStyles } from './admin-styles.js';
import { emit } from './events.js';
import { base } from './styles.js';

declare global {
  interface HTMLElementEventMap {
    'sc-edit-agent': CustomEvent<{ agent: Agent }>;
    'sc-deactivate-agent': CustomEvent<{ agent: Agent }>;
    'sc-reactivate-agent': CustomEvent<{ agent: Agent }>;
    /** An admin forces an agent's status. */
    'sc-force-status': CustomEvent<{ agent: Agent; status: AgentStatus }>;
  }
}

export class AgentsTable extends LitElement {
  static override properties = {
    agents: { attribute: false },
    teams: { attribute: false },
    today: { attribute: false },
    agentId: { attribute: 'agent-id' },
  };
  agents: Agent[] = [];
  teams: Team[] = [];
  /** Today's counts by agent id. */
  today = new Map<string, AgentActivity>();
  /** The signed-in admin: nobody can deactivate themselves, so they get no such button. */
  agentId = '';

  static override styles = [
    base,
    tableStyles,
    css`
    .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #94a3b8; }
    .dot.online { background: var(--ok); } .dot.away { background: #d97706; } .dot.busy { background: var(--danger); }
    .status, .load, .today { white-space: nowrap; }
    .today { font-variant-numeric: tabular-nums; }
    .load { font-variant-numeric: tabular-nums; }
    .meter { display: block; width: 80px; height: 4px; background: var(--line); border-radius: 2px; margin-top: 4px; }
    .meter span { display: block; height: 100%; background: var(--accent); border-radius: 2px; }
    @media (max-width: 900px) { .meter { width: 56px; } }
  `,
  ];

  private teamName(id: string) {
    return this.teams.find((t) => t.id === id)?.name ?? '—';
  }

  private renderStatus(a: Agent) {
    if (!a.active) return html`<span class="pill">deactivated</span>`;
    const force = (e: Event) =>
      emit(this, 'sc-force-status', { agent: a, status: (e.target as HTMLSelectElement).value as AgentStatus });
    return html`<span class="status"><span class="dot ${a.status}" aria-hidden="true"></span><select
      aria-label=${`Status of ${a.name}`} .value=${a.status} @change=${force}>
      ${agentStatuses.map((s) => html`<option value=${s} ?selected=${s === a.status}>${s}</option>`)}</select></span>`;
  }

  private renderToday(t: AgentActivity | undefined) {
    if (!t) return html`<span class="sub">nothing yet</span>`;
    return html`${t.assigned} chat${t.assigned === 1 ? '' : 's'}, ${t.resolved} resolved<span class="sub">${t.replies} repl${t.replies === 1 ? 'y' : 'ies'}</span>`;
  }

  override render() {
    if (!this.agents.length)
      return html`<p class="empty">No agents yet. Add the first one: they get a sign-in for the console.</p>`;
    const none = html`<span class="sub">—</span>`;
    return html`<table aria-label="Agents"><thead><tr>
      <th>Agent</th><th>Role</th><th>Teams</th><th>Skills</th><th>Status</th><th>Load</th><th>Today</th><th><span class="sr-only">Actions</span></th>
    </tr></thead><tbody>${this.agents.map((a) => {
      const pct = Math.min(100, Math.round((a.activeChats / Math.max(1, a.maxConcurrentChats)) * 100));
      const teams = a.teamIds.map(
        (id) => html`<span class="pill">${this.teamName(id)}${id === a.teamId ? ' ★' : ''}</span> `,
      );
      return html`<tr class=${a.active ? '' : 'inactive'}>
        <td class="who"><strong>${a.name}</strong><span class="sub">${a.email}</span></td>
        <td>${a.role === 'admin' ? 'Admin' : 'Agent'}</td>
        <td>${teams.length ? teams : none}</td>
        <td>${a.skills.length ? a.skills.map((s) => html`<span class="pill">${s}</span> `) : none}</td>
        <td>${this.renderStatus(a)}</td>
        <td class="load">${a.activeChats} / ${a.maxConcurrentChats}<span class="meter" aria-hidden="true"><span style="width:${pct}%"></span></span></td>
        <td class="today">${this.renderToday(this.today.get(a.id))}</td>
        <td><div class="actions">
          <button @click=${() => emit(this, 'sc-edit-agent', { agent: a })} aria-label=${`Edit ${a.name}`}>Edit</button>
          ${
            a.id === this.agentId
              ? nothing
              : a.active
                ? html`<button class="danger" @click=${() => emit(this, 'sc-deactivate-agent', { agent: a })} aria-label=${`Deactivate ${a.name}`}>Deactivate</button>`
                : html`<button @click=${() => emit(this, 'sc-reactivate-agent', { agent: a })} aria-label=${`Reactivate ${a.name}`}>Reactivate</button>`
          }</div></td>
      </tr>`;
    })}</tbody></table>`;
  }
}

if (!customElements.get('sc-agents-table')) customElements.define('sc-agents-table', AgentsTable);

declare global {
  interface HTMLElementTagNameMap {
    'sc-agents-table': AgentsTable;
  }
}
