// <sc-customer-panel>: who the agent is talking to (name, email, whether the site vouched for them, the page they
// are on, what the site sent about them), their tickets and their earlier conversations.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { Conversation, Label, SupportChatClient, Ticket } from '@support-chat/sdk';
import './conversation-history.js';
import { CrmController } from './crm-controller.js';
import { emit } from './events.js';
import { since } from './format.js';
import { base } from './styles.js';
import { t } from './i18n.js';

/** Metadata keys a site may use for the page the visitor is on; shown as "Page", not as attributes. */
const pageKeys = ['pageUrl', 'url', 'page'];

export class CustomerPanel extends LitElement {
  static override properties = {
    client: { attribute: false },
    conversation: { attribute: false },
    now: { attribute: false },
    labels: { attribute: false },
    tickets: { state: true },
  };
  client?: SupportChatClient;
  conversation?: Conversation;
  now = Date.now();
  /** The label catalogue, for the earlier conversations' labels (this one's are in the conversation header). */
  labels: Label[] = [];
  tickets: Ticket[] = [];
  private readonly crm = new CrmController(this);

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
    h3 { font-size: 12.5px; margin: 8px 0 2px; color: var(--muted); font-weight: 600; }
    ul.orders li, ul.timeline li { padding: 4px 0; }
    ul.timeline .sub { display: block; }
    .buttons { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 6px; }
  `,
  ];

  protected override willUpdate(changed: PropertyValues<this>) {
    const before = changed.get('conversation');
    if (changed.has('conversation') && before?.customerId !== this.conversation?.customerId) {
      this.tickets = [];
      void this.refresh();
    }
    if (this.conversation?.id !== before?.id) this.crm.load(this.client, this.conversation?.id);
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
      <section><h2>${t.customer}</h2>
        <div class="buttons"><button class="contact" @click=${() => emit(this, 'sc-open-contact', { siteId: c.siteId, customerId: c.customerId })}>${t.contactPage}</button>
        ${c.status === 'closed' ? nothing : html`<button class="merge" @click=${() => emit(this, 'sc-merge', { sourceId: '' })} title=${t.mergeTitle}>${t.mergeButton}</button>`}</div>
        <dl>
          <dt>${t.name}</dt><dd class="customer-name">${c.customerName ?? '—'}</dd>
          <dt>${t.email}</dt><dd>${c.customerEmail ?? '—'}</dd>
          <dt>${t.verified}</dt><dd>${c.customerVerified ? t.yes : t.no}</dd>
          <dt>${t.channel}</dt><dd>${c.channel}</dd>
          <dt>${t.page}</dt><dd>${page === undefined ? '—' : String(page)}</dd>
          <dt>${t.started}</dt><dd>${t.ago(since(c.createdAt, this.now))}</dd>
          ${attributes.map(([k, v]) => html`<dt>${k}</dt><dd>${String(v)}</dd>`)}
        </dl>
      </section>
      ${this.renderCrm()}
      <section><h2>${t.tickets}</h2>
        <ul>${this.tickets.map(
          (
            ticket,
          ) => html`<li><button class="item" @click=${() => emit(this, 'sc-open-ticket', { ticketId: ticket.id })}>
          <div class="row"><span>${ticket.subject}</span><span><span class="pill ${ticket.priority}">${t.priority[ticket.priority]}</span>
            <span class="pill">${ticket.status.replace('_', ' ')}</span></span></div></button></li>`,
        )}
        ${this.tickets.length === 0 ? html`<li class="sub">${t.none}</li>` : nothing}</ul>
      </section>
      <section><h2>${t.previousConversations}</h2>
        <conversation-history .client=${this.client} .labels=${this.labels} customer-id=${c.customerId} exclude=${c.id} limit="5"
          ?can-merge=${c.status !== 'closed'}></conversation-history>
      </section>
    </aside>`;
  }

  /** What the CRM says, as text (nothing of it is markup); no section at all when no CRM is connected. */
  private renderCrm() {
    const ctx = this.crm.context;
    if (this.crm.configured === false) return nothing;
    // Until the first answer says a CRM is there, nothing is shown while asking (no flash on servers without one).
    if (ctx === undefined && this.crm.configured === undefined) return nothing;
    if (ctx === undefined)
      return html`<section aria-busy="true"><h2>CRM</h2><p class="sub">Asking the CRM…</p></section>`;
    if (ctx === null) return html`<section><h2>CRM</h2><p class="sub">The CRM could not be asked.</p></section>`;
    if (!ctx.configured) return nothing;
    if (!ctx.available) return html`<section><h2>CRM</h2><p class="sub">${ctx.reason}</p></section>`;
    return html`<section class="crm"><h2>CRM</h2>
      ${ctx.reason ? html`<p class="sub">${ctx.reason}</p>` : nothing}
      ${
        ctx.fields.length
          ? html`<dl>${ctx.fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`
          : nothing
      }
      ${
        ctx.orders.length
          ? html`<h3>Recent orders</h3><ul class="orders">${ctx.orders.map(
              (o) => html`<li><div class="row"><span>${o.id}</span><span>${o.total ?? ''}</span></div>
                <div class="row sub"><span>${o.date ?? ''}</span>${o.status ? html`<span class="pill">${o.status}</span>` : nothing}</div></li>`,
            )}</ul>`
          : nothing
      }
      ${
        ctx.timeline.length
          ? html`<h3>Timeline</h3><ul class="timeline">${ctx.timeline.map(
              (e) => html`<li>${e.text}${e.at ? html`<span class="sub">${e.at.slice(0, 10)}</span>` : nothing}</li>`,
            )}</ul>`
          : nothing
      }
    </section>`;
  }
}

if (!customElements.get('sc-customer-panel')) customElements.define('sc-customer-panel', CustomerPanel);

declare global {
  interface HTMLElementTagNameMap {
    'sc-customer-panel': CustomerPanel;
  }
}
