// <sc-customer-panel>: who the agent is talking to (name, email, whether the site vouched for them, the page they
// are on, what the site sent about them), their tickets and their earlier conversations.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { Conversation, SupportChatClient, Ticket } from '@support-chat/sdk';
import './conversation-history.js';
import { emit } from './events.js';
import { since } from './format.js';
import { base } from './styles.js';

/** Metadata keys a site may use for the page the visitor is on; shown as "Page", not as attributes. */
const pageKeys = ['pageUrl', 'url', 'page'];

export class CustomerPanel extends LitElement {
  static override properties = {
    client: { attribute: false },
    conversation: { attribute: false },
    now: { attribute: false },
    tickets: { state: true },
  };
  client?: SupportChatClient;
  conversation?: Conversation;
  now = Date.now();
  tickets: Ticket[] = [];

  static override styles = [
    base,
    css`
    :host { display: block; overflow-y: auto; border-left: 1px solid var(--line); background: var(--bg); }
    aside { padding: 12px; display: flex; flex-direction: column; gap: 12px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
    dt { color: var(--muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    .item { display: block; width: 100%; text-align: left; border: 0; border-radius: 6px; padding: 8px 6px; background: none; }
    .row { display: flex; justify-content: space-between; gap: 6px; align-items: baseline; }
    li { border-bottom: 1px solid var(--line); }
    .sub { font-size: 12px; color: var(--muted); }
  `,
  ];

  protected override willUpdate(changed: PropertyValues<this>) {
    const before = changed.get('conversation');
    if (changed.has('conversation') && before?.customerId !== this.conversation?.customerId) {
      this.tickets = [];
      void this.refresh();
    }
  }

  /** Reads the customer's tickets again (one changed, or the agent created one). */
  async refresh() {
    const c = this.conversation;
    if (!c || !this.client) return;
    const r = await this.client.listTickets({ customerId: c.customerId, limit: 10 }).catch(() => null);
    if (this.conversation?.customerId === c.customerId) this.tickets = r?.tickets ?? [];
  }

  override render() {
    const c = this.conversation;
    if (!c) return html`<aside aria-label="Customer"></aside>`;
    const page = c.metadata.pageUrl ?? c.metadata.url ?? c.metadata.page;
    const attributes = Object.entries(c.metadata).filter(([k]) => !pageKeys.includes(k));
    return html`<aside aria-label="Customer">
      <section><h2>Customer</h2>
        <dl>
          <dt>Name</dt><dd class="customer-name">${c.customerName ?? '—'}</dd>
          <dt>Email</dt><dd>${c.customerEmail ?? '—'}</dd>
          <dt>Verified</dt><dd>${c.customerVerified ? 'yes' : 'no'}</dd>
          <dt>Channel</dt><dd>${c.channel}</dd>
          <dt>Page</dt><dd>${page === undefined ? '—' : String(page)}</dd>
          <dt>Started</dt><dd>${since(c.createdAt, this.now)} ago</dd>
          ${c.tags?.length ? html`<dt>Tags</dt><dd>${c.tags.map((t) => html`<span class="pill">${t}</span> `)}</dd>` : nothing}
          ${attributes.map(([k, v]) => html`<dt>${k}</dt><dd>${String(v)}</dd>`)}
        </dl>
      </section>
      <section><h2>Tickets</h2>
        <ul>${this.tickets.map(
          (t) => html`<li><button class="item" @click=${() => emit(this, 'sc-open-ticket', { ticketId: t.id })}>
          <div class="row"><span>${t.subject}</span><span><span class="pill ${t.priority}">${t.priority}</span>
            <span class="pill">${t.status.replace('_', ' ')}</span></span></div></button></li>`,
        )}
        ${this.tickets.length === 0 ? html`<li class="sub">None.</li>` : nothing}</ul>
      </section>
      <section><h2>Previous conversations</h2>
        <conversation-history .client=${this.client} customer-id=${c.customerId} exclude=${c.id} limit="5"></conversation-history>
      </section>
    </aside>`;
  }
}

if (!customElements.get('sc-customer-panel')) customElements.define('sc-customer-panel', CustomerPanel);

declare global {
  interface HTMLElementTagNameMap {
    'sc-customer-panel': CustomerPanel;
  }
}
