// <sc-contact-dialog>: a customer's contact page. Their name, email, phone and attributes (saved together; a new
// name or email is every conversation's of theirs), every conversation and ticket of theirs on the site across
// channels, and notes about them. Loaded with work.js, the first time someone opens a contact.
import { css, html, nothing } from 'lit';
import type { ContactResponse, Conversation, SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { dateTime } from './format.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-contact-dialog>: show this conversation in the inbox. */
    'sc-contact-conversation': CustomEvent<{ conversation: Conversation }>;
    /** <sc-contact-dialog>: the contact was saved. */
    'sc-contact-saved': CustomEvent<{ page: ContactResponse }>;
  }
}

export class ContactDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    siteId: { attribute: 'site-id' },
    customerId: { attribute: 'customer-id' },
    page: { state: true },
    rows: { state: true },
  };
  static override styles = [
    ...ModalElement.styles,
    css`
      dialog { width: min(760px, 96vw); }
      .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
      @media (max-width: 700px) { .cols { grid-template-columns: 1fr; } }
      h3 { margin: 8px 0 4px; }
      .attr { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto; gap: 6px; }
      ul.list li { padding: 4px 0; border-bottom: 1px solid var(--line); }
      ul.list button { width: 100%; text-align: left; border: 0; background: none; padding: 2px 0; }
      .sub { color: var(--muted); font-size: 12px; }
      .note { white-space: pre-wrap; }
    `,
  ];
  client?: SupportChatClient;
  siteId = '';
  customerId = '';
  page?: ContactResponse;
  /** The attributes as edited: key and value rows. */
  rows: [string, string][] = [];

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    if (!this.client) return;
    const page = await this.run(this.client.getContact(this.siteId, this.customerId));
    if (page) this.show(page);
  }

  private show(page: ContactResponse) {
    this.page = page;
    this.rows = Object.entries(page.contact.attributes).map(([k, v]) => [k, String(v)]);
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client || !this.page) return;
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const attributes = Object.fromEntries(this.rows.filter(([k]) => k.trim()).map(([k, v]) => [k.trim(), v]));
    const page = await this.run(
      this.client.updateContact(this.siteId, this.customerId, {
        name: text('name'),
        email: text('email') || null,
        phone: text('phone') || null,
        attributes,
      }),
    );
    if (page) {
      this.show(page);
      this.error = '';
      emit(this, 'sc-contact-saved', { page });
    }
  }

  private async addNote(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client || !this.page) return;
    const form = e.target as HTMLFormElement;
    const body = String(new FormData(form).get('note') ?? '').trim();
    if (!body) return;
    const note = await this.run(this.client.addContactNote(this.siteId, this.customerId, body));
    if (!note) return;
    this.page = { ...this.page, notes: [...this.page.notes, note] };
    form.reset();
  }

  override render() {
    const p = this.page;
    const c = p?.contact;
    return html`<dialog aria-labelledby="contact-h" @close=${this.closed}>
      <h2 id="contact-h">${c ? c.name : 'Contact'}</h2>
      ${
        !p || !c
          ? html`${this.renderError()}${this.error ? nothing : html`<p role="status">Loading…</p>`}`
          : html`<div class="cols">
        <form @submit=${this.save} novalidate aria-label="Contact details">
          <label>Name <input name="name" required maxlength="200" .value=${c.name} aria-describedby=${this.fieldErrors.name ? 'err-name' : nothing}>${this.fieldError('name')}</label>
          <label>Email <input name="email" type="email" maxlength="320" .value=${c.email ?? ''} aria-describedby=${this.fieldErrors.email ? 'err-email' : nothing}>${this.fieldError('email')}</label>
          <label>Phone <input name="phone" type="tel" placeholder="+14155550100" .value=${c.phone ?? ''} aria-describedby=${this.fieldErrors.phone ? 'err-phone' : nothing}>${this.fieldError('phone')}</label>
          <fieldset><legend>Attributes</legend>
            ${this.rows.map(
              ([k, v], i) => html`<div class="attr">
                <input aria-label=${`Attribute ${i + 1} name`} maxlength="64" .value=${k}
                  @input=${(e: Event) => (this.rows = this.rows.map((r, j) => (j === i ? [(e.target as HTMLInputElement).value, r[1]] : r)))}>
                <input aria-label=${`Attribute ${i + 1} value`} maxlength="2000" .value=${v}
                  @input=${(e: Event) => (this.rows = this.rows.map((r, j) => (j === i ? [r[0], (e.target as HTMLInputElement).value] : r)))}>
                <button type="button" aria-label=${`Remove attribute ${k || i + 1}`} @click=${() => (this.rows = this.rows.filter((_, j) => j !== i))}>×</button></div>`,
            )}
            ${this.fieldErrors.attributes ? html`<p class="field-error">${this.fieldErrors.attributes}</p>` : nothing}
            <button type="button" @click=${() => (this.rows = [...this.rows, ['', '']])}>Add an attribute</button>
          </fieldset>
          <p class="hint">A new name or email is written to every conversation and ticket of theirs.</p>
          ${this.renderError()}
          <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>Save contact</button></div>
        </form>
        <div>
          <h3>Conversations (${p.conversations.length})</h3>
          <ul class="list">${p.conversations.map(
            (x) => html`<li><button @click=${() => {
              emit(this, 'sc-contact-conversation', { conversation: x });
              this.close();
            }}><span>${x.subject ?? 'Conversation'}</span>
              <div class="sub">${x.channel} · ${x.status} · ${dateTime(x.createdAt)}</div></button></li>`,
          )}</ul>
          <h3>Tickets (${p.tickets.length})</h3>
          <ul class="list">${p.tickets.map((x) => html`<li>${x.subject}<div class="sub">${x.status.replace('_', ' ')} · ${x.priority} · ${dateTime(x.createdAt)}</div></li>`)}
            ${p.tickets.length ? nothing : html`<li class="sub">None.</li>`}</ul>
          <h3>Notes</h3>
          <ul class="list">${p.notes.map((n) => html`<li><div class="note">${n.body}</div><div class="sub">${n.authorName} · ${dateTime(n.createdAt)}</div></li>`)}</ul>
          <form @submit=${this.addNote} aria-label="Add a note">
            <label>A note about this customer <textarea name="note" rows="2" maxlength="5000" required></textarea></label>
            <div class="actions"><button type="submit">Add note</button></div>
          </form>
        </div>
      </div>`
      }
      <form method="dialog"><button>Close</button></form>
    </dialog>`;
  }
}

if (!customElements.get('sc-contact-dialog')) customElements.define('sc-contact-dialog', ContactDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-contact-dialog': ContactDialog;
  }
}
