// <sc-labels-admin>: the label catalogue, for admins. Add a label (name, colour, what it is for), change one (a new
// name renames the tag on every conversation and ticket that has it), delete one (it comes off all of them: the
// button says how that ends before it is pressed twice).
import { LitElement, css, html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import type { Label, SupportChatClient } from '@support-chat/sdk';
import { tableStyles } from './admin-styles.js';
import { emit } from './events.js';
import { errorText } from './format.js';
import { base } from './styles.js';

/** Colours offered first: distinct from each other, each a clear dot on white and on the dark theme. */
const swatches = ['#dc2626', '#ea580c', '#ca8a04', '#16a34a', '#0891b2', '#2563eb', '#7c3aed', '#db2777', '#64748b'];

export class LabelsAdmin extends LitElement {
  static override properties = {
    client: { attribute: false },
    labels: { state: true },
    editing: { state: true },
    deleting: { state: true },
    error: { state: true },
  };
  client?: SupportChatClient;
  labels?: Label[];
  /** The label whose row is a form. */
  editing?: string;
  /** The label whose Delete was pressed once. */
  deleting?: string;
  error = '';

  static override styles = [
    base,
    tableStyles,
    css`
    form.add { display: flex; gap: 8px; align-items: end; margin-bottom: 12px; flex-wrap: wrap; }
    label { display: grid; gap: 4px; }
    input[type=color] { width: 44px; height: 30px; padding: 2px; }
    .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 50%; vertical-align: middle; margin-right: 6px; }
    td input:not([type=color]) { width: 100%; }
    [role=alert] { color: var(--danger); }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.labels = await this.client?.listLabels();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** Runs a change; on success says so and reads the list again. */
  private async attempt(change: Promise<unknown> | undefined, done: string) {
    try {
      await change;
      this.error = '';
      this.editing = this.deleting = undefined;
      emit(this, 'sc-saved', { done });
      await this.load();
      return true;
    } catch (err) {
      this.error = errorText(err);
      return false;
    }
  }

  private fields(form: HTMLFormElement) {
    const data = new FormData(form);
    return {
      name: String(data.get('name') ?? '').trim(),
      color: String(data.get('color') ?? '#64748b'),
      description: String(data.get('description') ?? '').trim() || null,
    };
  }

  private async add(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const body = this.fields(form);
    if (!body.name) return;
    if (await this.attempt(this.client?.createLabel(body), `Label “${body.name}” added`)) form.reset();
  }

  private async save(e: SubmitEvent, l: Label) {
    e.preventDefault();
    const body = this.fields(e.target as HTMLFormElement);
    await this.attempt(this.client?.updateLabel(l.id, body), `Label “${body.name}” saved`);
  }

  private edit(l: Label) {
    this.editing = l.id;
    this.deleting = undefined;
  }

  private async deleteLabel(l: Label) {
    if (this.deleting !== l.id) {
      this.deleting = l.id;
      return;
    }
    await this.attempt(this.client?.deleteLabel(l.id), `Label “${l.name}” deleted`);
  }

  override render() {
    const next = swatches[(this.labels?.length ?? 0) % swatches.length];
    return html`
      <form class="add" @submit=${this.add} aria-label="New label">
        <label>Name <input name="name" required maxlength="50" placeholder="billing"></label>
        <label>Colour <input type="color" name="color" .value=${next}></label>
        <label>What it is for <input name="description" maxlength="200" placeholder="Invoices, refunds, payment methods"></label>
        <button class="primary" type="submit">Add label</button>
      </form>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${
        !this.labels
          ? html`<p role="status">Loading…</p>`
          : !this.labels.length
            ? html`<p class="empty">No labels yet. Agents can still type any label on a chat; the ones added here get a colour and are offered as they type.</p>`
            : html`<table aria-label="Labels"><thead><tr><th>Label</th><th>What it is for</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>${this.labels.map((l) => (this.editing === l.id ? this.renderEdit(l) : this.renderRow(l)))}</tbody></table>`
      }`;
  }

  private renderRow(l: Label) {
    const confirming = this.deleting === l.id;
    return html`<tr>
      <td><span class="swatch" style=${styleMap({ background: l.color })}></span>${l.name}</td>
      <td>${l.description ?? html`<span class="sub">—</span>`}</td>
      <td><div class="actions">
        <button @click=${() => this.edit(l)} aria-label=${`Edit ${l.name}`}>Edit</button>
        <button class="danger" @click=${() => void this.deleteLabel(l)} aria-label=${confirming ? `Delete ${l.name} from every chat and ticket` : `Delete ${l.name}`}>
          ${confirming ? 'Remove from every chat and ticket?' : 'Delete'}</button>
        ${confirming ? html`<button @click=${() => (this.deleting = undefined)}>Keep it</button>` : nothing}
      </div></td></tr>`;
  }

  private renderEdit(l: Label) {
    const form = `edit-${l.id}`;
    return html`<tr>
      <td><form id=${form} @submit=${(e: SubmitEvent) => void this.save(e, l)}></form>
        <input type="color" name="color" form=${form} .value=${l.color} aria-label="Colour">
        <input name="name" form=${form} required maxlength="50" .value=${l.name} aria-label="Name"></td>
      <td><input name="description" form=${form} maxlength="200" .value=${l.description ?? ''} aria-label="What it is for"></td>
      <td><div class="actions"><button class="primary" type="submit" form=${form}>Save</button>
        <button @click=${() => (this.editing = undefined)}>Cancel</button></div></td></tr>`;
  }
}

if (!customElements.get('sc-labels-admin')) customElements.define('sc-labels-admin', LabelsAdmin);

declare global {
  interface HTMLElementTagNameMap {
    'sc-labels-admin': LabelsAdmin;
  }
}
