// The people an admin manages: agents (with live status and load), teams, and the audit log of changes to them.
// Reads through the SDK and keeps them current after each change and on presence frames the console forwards.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Agent, AgentStatus, AuditEntry, SupportChatClient, Team } from '@support-chat/sdk';
import { errorText } from './format.js';

export class AdminDirectoryController implements ReactiveController {
  agents: Agent[] = [];
  teams: Team[] = [];
  audit: AuditEntry[] = [];
  auditTotal = 0;
  loaded = false;
  /** Why the last read failed, or ''. */
  error = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SupportChatClient | undefined,
  ) {
    host.addController(this);
  }

  hostConnected() {
    void this.load();
  }

  async load() {
    const c = this.client();
    if (!c) return;
    try {
      [this.agents, this.teams] = await Promise.all([c.listAgents(), c.listTeams()]);
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
    this.loaded = true;
    this.host.requestUpdate();
  }

  async loadAudit(limit = 50) {
    const c = this.client();
    if (!c) return;
    try {
      const page = await c.listAuditLog({ limit });
      this.audit = page.entries;
      this.auditTotal = page.total;
    } catch (err) {
      this.error = errorText(err);
    }
    this.host.requestUpdate();
  }

  /** An agent's status changed somewhere (the console's presence frames). */
  applyPresence(agentId: string, status: AgentStatus) {
    if (!this.agents.some((a) => a.id === agentId && a.status !== status)) return;
    this.agents = this.agents.map((a) => (a.id === agentId ? { ...a, status } : a));
    this.host.requestUpdate();
  }

  teamName(id: string) {
    return this.teams.find((t) => t.id === id)?.name ?? '—';
  }
}
