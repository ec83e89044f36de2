// <ticket-board>: tickets with filters (status, priority, label, mine) and SLA countdowns, and one ticket's detail
// (status, priority, assignee, labels) with the conversation it came from. The console hands it live `ticket_update`s through `applyUpdate`.
import { LitElement, css, html, nothing } from 'lit';
import {
  priorities,
  ticketStatuses as statuses,
  type Agent,
  type Label,
  type Message,
  type SupportChatClient,
  type Ticket,
} from '@support-chat/sdk';
import { dateTime, slaStatus, slaText } from './format.js';
import { labelChips, labelStyles } from './labels.js';
import { base } from './styles.js';
import './sc-label-editor.js';
import './sc-merge-dialog.js';
import './sc-thread.js';

const done = (t: Ticket) => t.status === 'resolved' || t.status === 'closed';

export class TicketBoard extends LitElement {
  static override properties = {
    client: { attribute: false },
    agents: { attribute: false },
    labels: { attribute: false },
    agentId: { attribute: 'agent-id' },
    tickets: { state: true },
    total: { state: true },
    filter: { state: true },
    selected: { state: true },
    thread: { state: true },
    now: { state: true },
    error: { state: true },
    merging: { state: true },
    notice: { state: true },
  };

  client?: SupportChatClient;
  agents: Agent[] = [];
  /** The label catalogue: colours, completion and the label filter. */
  labels: Label[] = [];
  agentId?: string;
  tickets: Ticket[] = [];
  total = 0;
  filter: { status: string; priority: string; label: string; mine: boolean } = {
    status: 'open,in_progress,waiting',
    priority: '',
    label: '',
    mine: false,
  };
  selected?: Ticket;
  thread: Message[] = [];
  now = Date.now();
  error = '';
  /** The merge dialog is open for the selected ticket. */
  merging = false;
  /** What just happened (a merge), for screen readers and eyes. */
  notice = '';
  private timer?: ReturnType<typeof setInterval>;

  static override styles = [
    base,
    labelStyles,
    css`
    :host { display: grid; grid-template-columns: minmax(320px, 1fr) 1.3fr; gap: 12px; padding: 12px; height: 100%; min-height: 0; }
    .list, .detail { overflow-y: auto; min-height: 0; }
    form { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 8px; align-items: center; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: 6px 4px; border-bottom: 1px solid var(--line); }
    tr[aria-selected=true] { background: var(--selected); }
    td button { border: 0; background: none; padding: 0; text-align: left; text-decoration: underline; }
    .overdue { color: var(--danger); font-weight: 600; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
    dt { color: var(--muted); }
    sc-thread { height: 320px; border: 1px solid var(--line); border-radius: 6px; }
    .error { color: var(--danger); }
    .detail-head { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
    .detail-head h2 { margin-right: auto; }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
    this.timer = setInterval(() => (this.now = Date.now()), 30_000);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  async load() {
    if (!this.client) return;
    try {
      const r = await this.client.listTickets({
        ...(this.filter.status ? { status: this.filter.status } : {}),
        ...(this.filter.priority ? { priority: this.filter.priority } : {}),
        ...(this.filter.label ? { tag: this.filter.label } : {}),
        ...(this.filter.mine && this.agentId ? { assignedAgentId: this.agentId } : {}),
        sort: 'slaDueAt',
        order: 'asc',
        limit: 100,
      });
      this.tickets = r.tickets;
      this.total = r.total;
      this.error = '';
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  /** A ticket changed somewhere (any node): update it in place, or reload the list if it is new. */
  applyUpdate(ticket: Ticket) {
    const i = this.tickets.findIndex((t) => t.id === ticket.id);
    if (i >= 0) this.tickets = this.tickets.map((t) => (t.id === ticket.id ? ticket : t));
    else void this.load();
    if (this.selected?.id === ticket.id) this.selected = ticket;
  }

  async open(id: string) {
    const ticket = await this.client!.getTicket(id);
    if (this.selected?.id !== id) this.notice = '';
    this.selected = ticket;
    this.thread = [];
    const page = await this.client!.listMessages(ticket.conversationId, { limit: 100 });
    if (this.selected?.id === id) this.thread = page.messages;
  }

  private async afterMerge(ticket: Ticket, moved: number) {
    this.applyUpdate(ticket);
    await this.open(ticket.id);
    void this.load();
    this.notice = `Merged${moved ? `: ${moved} ${moved === 1 ? 'message' : 'messages'} moved into this thread` : ''}`;
  }

  private async change(patch: Partial<Pick<Ticket, 'status' | 'priority' | 'assignedAgentId' | 'tags'>>) {
    try {
      this.applyUpdate(await this.client!.updateTicket(this.selected!.id, patch));
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private sla(t: Ticket) {
    const s = slaStatus(t, this.now);
    if (s.state === 'met') return html`<span>SLA met</span>`;
    // A missed target is a verdict once the ticket is done or has moved on to the next target; still pending, it counts.
    const pending = s.target === 'first answer' ? !t.firstResponseAt && !done(t) : !done(t);
    if (s.state === 'breached' && !pending) return html`<span class="overdue">SLA breached: ${s.target}</span>`;
    // The clock stands still while the ticket waits on the customer (when the policy says so).
    if (t.slaPausedAt)
      return html`<span class="muted" title=${`since ${dateTime(t.slaPausedAt)}`}>SLA paused: waiting on the customer</span>`;
    return html`<span class=${s.state === 'breached' ? 'overdue' : ''}>${s.target} ${slaText(s.dueAt, this.now)}</span>`;
  }

  override render() {
    const t = this.selected;
    return html`
      <section class="list" aria-label="Tickets">
        <form @change=${(e: Event) => {
          const f = new FormData(e.currentTarget as HTMLFormElement);
          this.filter = {
            status: String(f.get('status')),
            priority: String(f.get('priority')),
            label: String(f.get('label') ?? ''),
            mine: f.get('mine') === 'on',
          };
          void this.load();
        }} @submit=${(e: Event) => e.preventDefault()}>
          <select name="status" aria-label="Status filter">
            <option value="open,in_progress,waiting" selected>Not done</option>
            ${statuses.map((s) => html`<option value=${s}>${s.replace('_', ' ')}</option>`)}
            <option value="">Any status</option>
          </select>
          <select name="priority" aria-label="Priority filter">
            <option value="">Any priority</option>
            ${priorities.map((p) => html`<option value=${p}>${p}</option>`)}
          </select>
          <select name="label" aria-label="Label filter">
            <option value="">Any label</option>
            ${this.labels.map((l) => html`<option value=${l.name} ?selected=${l.name === this.filter.label}>${l.name}</option>`)}
          </select>
          <label><input type="checkbox" name="mine"> Mine</label>
          <span class="muted">${this.total} tickets</span>
        </form>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <table>
          <thead><tr><th>Subject</th><th>Customer</th><th>Priority</th><th>Status</th><th>SLA</th></tr></thead>
          <tbody>${this.tickets.map(
            (x) => html`<tr aria-selected=${String(x.id === t?.id)}>
            <td><button @click=${() => this.open(x.id)}>${x.subject}</button> ${labelChips(x.tags, this.labels)}</td>
            <td>${x.customerName ?? x.customerEmail ?? x.customerId}</td>
            <td><span class="pill ${x.priority}">${x.priority}</span></td>
            <td>${x.status.replace('_', ' ')}</td>
            <td>${this.sla(x)}</td>
          </tr>`,
          )}</tbody>
        </table>
      </section>
      <section class="detail" aria-label="Ticket detail" tabindex="0">
        ${
          t
            ? html`
          <div class="detail-head"><h2>Ticket</h2>
            ${
              t.mergedIntoId
                ? html`<button @click=${() => this.open(t.mergedIntoId!)}>Merged: open the ticket it went into</button>`
                : t.status === 'closed'
                  ? nothing
                  : html`<button @click=${() => (this.merging = true)} title="Merge another ticket of this customer into this one">Merge…</button>`
            }</div>
          <p class="notice" role="status">${this.notice}</p>
          <p><strong class="subject">${t.subject}</strong></p>
          <dl>
            <dt>Customer</dt><dd>${t.customerName ?? ''} ${t.customerEmail ? html`&lt;${t.customerEmail}&gt;` : nothing}</dd>
            <dt>Created</dt><dd>${dateTime(t.createdAt)}</dd>
            <dt>SLA</dt><dd class="sla">${this.sla(t)} (${dateTime(t.slaDueAt)})</dd>
            <dt>First response</dt><dd>${t.firstResponseAt ? dateTime(t.firstResponseAt) : 'not yet'}</dd>
            <dt><label for="t-status">Status</label></dt><dd><select id="t-status" @change=${(e: Event) => this.change({ status: (e.target as HTMLSelectElement).value as Ticket['status'] })}>
              ${statuses.map((s) => html`<option value=${s} ?selected=${s === t.status}>${s.replace('_', ' ')}</option>`)}</select></dd>
            <dt><label for="t-priority">Priority</label></dt><dd><select id="t-priority" @change=${(e: Event) => this.change({ priority: (e.target as HTMLSelectElement).value as Ticket['priority'] })}>
              ${priorities.map((p) => html`<option value=${p} ?selected=${p === t.priority}>${p}</option>`)}</select></dd>
            <dt><label for="t-assignee">Assignee</label></dt><dd><select id="t-assignee" @change=${(e: Event) => this.change({ assignedAgentId: (e.target as HTMLSelectElement).value || null })}>
              <option value="" ?selected=${!t.assignedAgentId}>Unassigned</option>
              ${this.agents.map((a) => html`<option value=${a.id} ?selected=${a.id === t.assignedAgentId}>${a.name}</option>`)}</select>
              <span class="sr-only">${t.assignedAgentName ?? 'Unassigned'}</span></dd>
            <dt>Category</dt><dd>${t.category ?? '—'}</dd>
            <dt>Labels</dt><dd><sc-label-editor .tags=${t.tags ?? []} .labels=${this.labels} ?disabled=${t.status === 'closed'}
              @sc-tags=${(e: HTMLElementEventMap['sc-tags']) => this.change({ tags: e.detail.tags })}></sc-label-editor></dd>
          </dl>
          <h3>Description</h3>
          <p class="description" style="white-space:pre-wrap">${t.description}</p>
          <h3>Conversation</h3>
          <sc-thread .messages=${this.thread} label="Ticket conversation"></sc-thread>
          ${
            this.merging
              ? html`<sc-merge-dialog .client=${this.client} .ticket=${t} @sc-close=${() => (this.merging = false)}
                  @sc-merged=${(e: HTMLElementEventMap['sc-merged']) => void this.afterMerge(e.detail.ticket!, e.detail.moved)}></sc-merge-dialog>`
              : nothing
          }
        `
            : html`<p class="muted">Choose a ticket.</p>`
        }
      </section>`;
  }
}

if (!customElements.get('ticket-board')) customElements.define('ticket-board', TicketBoard);

declare global {
  interface HTMLElementTagNameMap {
    'ticket-board': TicketBoard;
  }
}
