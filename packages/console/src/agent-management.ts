// <agent-management> (the seed's AgentManagement: "Manage agents, teams, and settings"): what a support lead sets
// up and watches. Agents with their live status and load (add, edit, reset a password, deactivate, reactivate,
// force a status), teams (add, edit members and routing, delete with somewhere for their chats to go), and the
// audit log of every such change. Data lives in AdminDirectoryController; forms are their own dialogs.
import { LitElement, css, html, nothing } from 'lit';
import type { Agent, AgentStatus, RoutingRule, SupportChatClient, Team } from '@support-chat/sdk';
import { AdminDirectoryController } from './admin-directory-controller.js';
import './canned-responses.js';
import type { ConfirmChoice } from './sc-confirm-dialog.js';
import './sc-agent-dialog.js';
import './sc-agents-table.js';
import './sc-api-keys.js';
import './sc-integrations.js';
import './sc-labels-admin.js';
import './sc-audit-log.js';
import './sc-confirm-dialog.js';
import './sc-routing-rules.js';
import './sc-rule-dialog.js';
import './sc-sites.js';
import './sc-sla-settings.js';
import './sc-team-dialog.js';
import './sc-teams-table.js';
import { base } from './styles.js';
import { ToastController } from './toast-controller.js';

type Tab = 'agents' | 'teams' | 'routing' | 'sites' | 'canned' | 'labels' | 'sla' | 'integrations' | 'keys' | 'audit';
type Open =
  | { kind: 'agent'; agent?: Agent }
  | { kind: 'team'; team?: Team }
  | { kind: 'rule'; rule?: RoutingRule }
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
    [role=tablist] { display: flex; gap: 4px; border-bottom: 1px solid var(--line); margin-bottom: 12px; overflow-x: auto; }
    [role=tab] { border: 0; border-bottom: 2px solid transparent; border-radius: 0; padding: 8px 12px; background: none; white-space: nowrap; }
    [role=tab][aria-selected=true] { border-bottom-color: var(--accent); color: var(--accent); font-weight: 600; }
    .spacer { flex: 1; }
    @media (max-width: 900px) { :host { padding: 12px; } }
    .error { color: var(--danger); }
    .toast { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: var(--text); color: var(--bg); padding: 8px 14px; border-radius: 8px; z-index: 10; }
  `,
  ];

  /** The console forwards presence frames here, so statuses stay live. */
  applyPresence(agentId: string, status: AgentStatus) {
    this.directory.applyPresence(agentId, status);
  }

  private select(tab: Tab) {
    this.tab = tab;
    if (tab === 'audit') void this.directory.loadAudit();
    else void this.directory.load();
  }

  /** A one-click change (no dialog): its outcome as a status line, then the lists read again. */
  private async attempt(change: Promise<unknown> | undefined, done: string) {
    try {
      await change;
      this.toast.say(done);
    } catch (err) {
      this.toast.say((err as Error).message);
    }
    await this.directory.load();
  }

  private forceStatus(a: Agent, status: AgentStatus) {
    return this.attempt(this.client?.setAgentStatus(a.id, status), `${a.name} is now ${status}`);
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

  private reactivate(a: Agent) {
    return this.attempt(this.client?.reactivateAgent(a.id), `${a.name} can sign in again`);
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
      ['routing', `Routing (${d.rules.length})`],
      ['sites', 'Sites & widget'],
      ['canned', 'Canned responses'],
      ['labels', 'Labels'],
      ['sla', 'SLA'],
      ['integrations', 'Integrations'],
      ['keys', 'API keys'],
      ['audit', 'Audit log'],
    ];
    return html`
      <div class="top"><h1>Team setup</h1><span class="spacer"></span>
        ${this.tab === 'agents' ? html`<button class="primary" @click=${() => (this.open = { kind: 'agent' })}>Add agent</button>` : nothing}
        ${this.tab === 'teams' ? html`<button class="primary" @click=${() => (this.open = { kind: 'team' })}>Add team</button>` : nothing}
        ${this.tab === 'routing' ? html`<button class="primary" @click=${() => (this.open = { kind: 'rule' })}>Add rule</button>` : nothing}
        ${this.tab === 'canned' ? html`<button class="primary" @click=${() => this.renderRoot.querySelector('canned-responses')?.add()}>New response</button>` : nothing}
      </div>
      <div role="tablist" aria-label="Team setup">${tabs.map(
        ([tab, label]) =>
          html`<button role="tab" aria-selected=${String(this.tab === tab)} @click=${() => this.select(tab)}>${label}</button>`,
      )}</div>
      ${d.error ? html`<p class="error" role="alert">${d.error}</p>` : nothing}
      ${!d.loaded ? html`<p role="status">Loading…</p>` : this.renderTab()}
      ${this.renderOpen()}
      ${this.toast.text ? html`<div class="toast" role="status">${this.toast.text}</div>` : nothing}`;
  }

  private renderTab() {
    const d = this.directory;
    if (this.tab === 'agents')
      return html`<sc-agents-table .agents=${d.agents} .teams=${d.teams} .today=${d.today} agent-id=${this.agentId}
        @sc-edit-agent=${(e: HTMLElementEventMap['sc-edit-agent']) => (this.open = { kind: 'agent', agent: e.detail.agent })}
        @sc-deactivate-agent=${(e: HTMLElementEventMap['sc-deactivate-agent']) => this.confirmDeactivate(e.detail.agent)}
        @sc-reactivate-agent=${(e: HTMLElementEventMap['sc-reactivate-agent']) => void this.reactivate(e.detail.agent)}
        @sc-force-status=${(e: HTMLElementEventMap['sc-force-status']) => void this.forceStatus(e.detail.agent, e.detail.status)}></sc-agents-table>`;
    if (this.tab === 'teams')
      return html`<sc-teams-table .teams=${d.teams} .agents=${d.agents}
        @sc-edit-team=${(e: HTMLElementEventMap['sc-edit-team']) => (this.open = { kind: 'team', team: e.detail.team })}
        @sc-delete-team=${(e: HTMLElementEventMap['sc-delete-team']) => this.confirmDeleteTeam(e.detail.team)}></sc-teams-table>`;
    if (this.tab === 'sites')
      return html`<sc-sites .client=${this.client}
        @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></sc-sites>`;
    if (this.tab === 'canned')
      return html`<canned-responses mode="manage" .client=${this.client} .teams=${d.teams} can-share agent-id=${this.agentId}
        @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></canned-responses>`;
    if (this.tab === 'labels')
      return html`<sc-labels-admin .client=${this.client}
        @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></sc-labels-admin>`;
    if (this.tab === 'sla')
      return html`<sc-sla-settings .client=${this.client}
        @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></sc-sla-settings>`;
    if (this.tab === 'integrations')
      return html`<sc-integrations .client=${this.client}
        @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></sc-integrations>`;
    if (this.tab === 'keys')
      return html`<sc-api-keys .client=${this.client}
        @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></sc-api-keys>`;
    if (this.tab === 'audit')
      return html`<sc-audit-log .entries=${d.audit} total=${d.auditTotal} .teams=${d.teams} .agents=${d.agents}></sc-audit-log>`;
    return this.renderRouting();
  }

  private renderRouting() {
    const d = this.directory;
    return html`<sc-routing-rules .client=${this.client} .rules=${d.rules} .teams=${d.teams}
      @sc-edit-rule=${(e: HTMLElementEventMap['sc-edit-rule']) => (this.open = { kind: 'rule', rule: e.detail.rule })}
      @sc-delete-rule=${(e: HTMLElementEventMap['sc-delete-rule']) => this.confirmDeleteRule(e.detail.rule)}
      @sc-saved=${(e: HTMLElementEventMap['sc-saved']) => this.changed(e.detail.done)}></sc-routing-rules>`;
  }

  private confirmDeleteRule(r: RoutingRule) {
    this.open = {
      kind: 'confirm',
      heading: `Delete the rule “${r.name}”?`,
      message:
        'New chats it matched go on to the next rule (or the general queue). Chats already routed stay where they are.',
      label: 'Delete rule',
      action: () => this.client!.deleteRoutingRule(r.id),
      done: `“${r.name}” deleted`,
    };
  }

  private renderOpen() {
    const o = this.open;
    const close = () => (this.open = null);
    if (!o) return nothing;
    if (o.kind === 'agent')
      return html`<sc-agent-dialog .client=${this.client} .agent=${o.agent} .teams=${this.directory.teams} @sc-close=${close}
        @sc-agent=${(e: HTMLElementEventMap['sc-agent']) => this.changed(e.detail.created ? `${e.detail.agent.name} added` : `${e.detail.agent.name} saved`)}></sc-agent-dialog>`;
    if (o.kind === 'rule')
      return html`<sc-rule-dialog .client=${this.client} .rule=${o.rule} .teams=${this.directory.teams} @sc-close=${close}
        @sc-rule=${(e: HTMLElementEventMap['sc-rule']) => this.changed(e.detail.created ? `“${e.detail.rule.name}” added` : `“${e.detail.rule.name}” saved`)}></sc-rule-dialog>`;
    if (o.kind === 'team')
      return html`<sc-team-dialog .client=${this.client} .team=${o.team} .agents=${this.directory.agents} @sc-close=${close}
        @sc-team=${(e: HTMLElementEventMap['sc-team']) => this.changed(e.detail.created ? `${e.detail.team.name} added` : `${e.detail.team.name} saved`)}></sc-team-dialog>`;
    return html`<sc-confirm-dialog .heading=${o.heading} .message=${o.message} confirm-label=${o.label} .choice=${o.choice}
      .action=${o.action} @sc-close=${close} @sc-done=${() => this.changed(o.done)}></sc-confirm-dialog>`;
  }
}

if (!customElements.get('agent-management')) customElements.define('agent-management', AgentManagement);

declare global {
  interface HTMLElementTagNameMap {
    'agent-management': AgentManagement;
  }
}
