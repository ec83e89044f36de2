// What an admin manages: agents (with live status and load), teams, routing rules, and the audit log of changes.
// Reads through the SDK and keeps them current after each change and on presence frames the console forwards.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type {
  Agent,
  AgentActivity,
  AgentStatus,
  AuditEntry,
  RoutingRule,
  SupportChatClient,
  Team,
} from '@support-chat/sdk';
import { errorText } from './format.js';

export class AdminDirectoryController implements ReactiveController {
  agents: Agent[] = [];
  teams: Team[] = [];
  rules: RoutingRule[] = [];
  /** Today's counts (since local midnight) by agent id. */
  today = new Map<string, AgentActivity>();
  audit: AuditEntry[] = [];
  auditTotal = 0;
  loaded = false;
  /** Why the last read failed, or ''. */
  error = '';

  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => SupportChatClient | undefined,
    /** How often loads are read again (statuses arrive live; chat counts move with every assignment). */
    private readonly every = 10_000,
  ) {
    host.addController(this);
  }

  hostConnected() {
    void this.load();
    this.timer = setInterval(() => void this.load(), this.every);
  }

  hostDisconnected() {
    clearInterval(this.timer);
  }

  async load() {
    const c = this.client();
    if (!c) return;
    try {
      const midnight = new Date();
      midnight.setHours(0, 0, 0, 0);
      const [agents, teams, rules, today] = await Promise.all([
        c.listAgents(),
        c.listTeams(),
        c.listRoutingRules(),
        c.agentActivity(midnight.toISOString()),
      ]);
      [this.agents, this.teams, this.rules] = [agents, teams, rules];
      this.today = new Map(today.map((a) => [a.agentId, a]));
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
