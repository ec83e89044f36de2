// <canned-responses>: pick a saved reply by category and search. Choosing one fires `sc-select` with
// `{ response }` (the seed's onSelect); the console then fills its placeholders and puts it in the composer.
// Replies can be saved, edited and deleted here by whoever may: an agent their own, an admin also the shared ones.
import { LitElement, css, html, nothing } from 'lit';
import type { CannedResponse, SupportChatClient } from '@support-chat/sdk';
import { errorText } from './format.js';
import { emit } from './events.js';
import { base } from './styles.js';

export function matchesCanned(r: CannedResponse, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [r.title, r.content, r.shortcut ?? '', r.category ?? '', ...r.tags].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

export class CannedResponses extends LitElement {
  static override properties = {
    responses: { attribute: false },
    client: { attribute: false },
    canShare: { type: Boolean, attribute: 'can-share' },
    agentId: { attribute: 'agent-id' },
    editing: { state: true },
    confirmDelete: { state: true },
    query: { state: true },
    category: { state: true },
    active: { state: true },
    creating: { state: true },
    error: { state: true },
  };

  /** Set directly, or loaded through `client` when it is left undefined. */
  responses?: CannedResponse[];
  client?: SupportChatClient;
  /** Admins may save a reply for every agent; everyone else saves their own. */
  canShare = false;
  /** The signed-in agent: their own replies are theirs to change. */
  agentId = '';
  /** The reply open in the form for changes (null: the form, if open, saves a new one). */
  editing: CannedResponse | null = null;
  /** The reply waiting for "Delete?" to be confirmed. */
  confirmDelete: CannedResponse | null = null;
  query = '';
  category = '';
  active = 0;
  creating = false;
  error = '';

  static override styles = [
    base,
    css`
    :host { display: flex; flex-direction: column; gap: 8px; padding: 10px; background: var(--bg); border: 1px solid var(--line);
      border-radius: 8px; box-shadow: 0 6px 24px rgb(15 23 42 / .15); max-height: 420px; min-width: 320px; }
    .frame { display: flex; flex-direction: column; gap: 8px; min-height: 0; flex: 1; }
    .bar { display: flex; gap: 6px; }
    .form-title { margin: 0; font-size: 13px; font-weight: 600; }
    .bar input { flex: 1; }
    [role=listbox] { overflow-y: auto; flex: 1; min-height: 80px; border: 1px solid var(--line); border-radius: 6px; margin: 0; padding: 0; list-style: none; }
    [role=option] { padding: 6px 8px; cursor: pointer; border-bottom: 1px solid var(--line); }
    [role=option][aria-selected=true] { background: #dbeafe; }
    .title { font-weight: 600; }
    .content { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    form { display: grid; gap: 6px; }
    .option { display: flex; gap: 6px; align-items: flex-start; }
    .option .text { flex: 1; min-width: 0; }
    .actions { display: flex; gap: 4px; }
    .actions button { padding: 2px 8px; font-size: 12px; }
    .confirm { display: flex; gap: 6px; align-items: center; padding: 6px 8px; background: var(--bg-soft, #f1f5f9); border-radius: 6px; }
    .error { color: var(--danger); }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    if (this.responses === undefined && this.client) void this.load();
  }

  async load() {
    if (!this.client) return;
    try {
      this.responses = await this.client.listCannedResponses();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  get categories() {
    return [...new Set((this.responses ?? []).map((r) => r.category).filter((c): c is string => !!c))].sort();
  }

  get filtered() {
    return (this.responses ?? []).filter(
      (r) => (!this.category || r.category === this.category) && matchesCanned(r, this.query),
    );
  }

  override focus() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[type=search]')?.focus());
  }

  private select(r: CannedResponse | undefined) {
    if (r) emit(this, 'sc-select', { response: r });
  }

  private onKey(e: KeyboardEvent) {
    const n = this.filtered.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (n) this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement) && !this.creating) {
      e.preventDefault();
      this.select(this.filtered[this.active]);
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      emit(this, 'sc-close');
    }
  }

  /** Shared replies are an admin's to change; private ones their owner's (the server decides the same way). */
  mayEdit(r: CannedResponse) {
    return Boolean(this.client) && (r.agentId === null ? this.canShare : r.agentId === this.agentId);
  }

  private openForm(r: CannedResponse | null) {
    this.editing = r;
    this.creating = true;
    this.confirmDelete = null;
    this.error = '';
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>('form input[name=title]')?.focus(),
    );
  }

  private async changed() {
    this.creating = false;
    this.editing = null;
    this.confirmDelete = null;
    this.error = '';
    await this.load();
    // Whoever holds the list elsewhere (the composer's completion) takes the change too.
    emit(this, 'sc-change', { responses: this.responses ?? [] });
  }

  private async save(e: SubmitEvent) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const field = (k: string) => String(data.get(k) ?? '').trim();
    const fields = {
      title: field('title'),
      content: field('content'),
      shortcut: field('shortcut') || null,
      category: field('category') || null,
    };
    try {
      if (this.editing) await this.client!.updateCannedResponse(this.editing.id, fields);
      else await this.client!.createCannedResponse({ ...fields, shared: this.canShare && data.get('shared') === 'on' });
      await this.changed();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async deleteResponse(r: CannedResponse) {
    try {
      await this.client!.deleteCannedResponse(r.id);
      await this.changed();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  /** One form for a new reply and for changing one; `shared` is chosen once, when it is created. */
  renderForm(r: CannedResponse | null) {
    return html`<form @submit=${this.save} aria-label=${r ? `Edit ${r.title}` : 'New canned response'}>
      <p class="form-title">${r ? `Edit “${r.title}”` : 'New canned response'}</p>
      <input name="title" required maxlength="200" aria-label="Title" placeholder="Title" .value=${r?.title ?? ''}>
      <input name="shortcut" maxlength="32" pattern="[A-Za-z0-9][A-Za-z0-9_\\-]*" aria-label="Shortcut (without /)" placeholder="shortcut"
        .value=${r?.shortcut ?? ''}>
      <input name="category" maxlength="100" aria-label="Category" placeholder="Category" .value=${r?.category ?? ''}>
      <textarea name="content" required rows="3" aria-label="Reply text" placeholder="Hi {{customer.firstName|there}}, …"
        .value=${r?.content ?? ''}></textarea>
      ${this.canShare && !r ? html`<label><input type="checkbox" name="shared"> Share with every agent</label>` : nothing}
      <div class="actions"><button class="primary" type="submit">${r ? 'Save changes' : 'Save'}</button>
        <button type="button" @click=${() => {
          this.creating = false;
          this.editing = null;
        }}>Cancel</button></div>
    </form>`;
  }

  override render() {
    const list = this.filtered;
    if (this.active >= list.length) this.active = 0;
    return html`<div class="frame" @keydown=${this.onKey}>
      <div class="bar">
        <input type="search" aria-label="Search canned responses" placeholder="Search replies…" .value=${this.query}
          aria-controls="canned-list" aria-activedescendant=${list[this.active] ? `canned-${list[this.active]!.id}` : ''}
          @input=${(e: Event) => {
            this.query = (e.target as HTMLInputElement).value;
            this.active = 0;
          }}>
        <select aria-label="Category" @change=${(e: Event) => {
          this.category = (e.target as HTMLSelectElement).value;
          this.active = 0;
        }}>
          <option value="">All categories</option>
          ${this.categories.map((c) => html`<option value=${c} ?selected=${c === this.category}>${c}</option>`)}
        </select>
        ${
          this.client
            ? html`<button type="button" aria-expanded=${String(this.creating && !this.editing)}
          @click=${() => (this.creating && !this.editing ? (this.creating = false) : this.openForm(null))}>New</button>`
            : nothing
        }
      </div>
      ${this.creating ? this.renderForm(this.editing) : nothing}
      ${
        this.confirmDelete
          ? html`<div class="confirm" role="alertdialog" aria-label="Delete canned response">
        <span>Delete “${this.confirmDelete.title}”${this.confirmDelete.agentId === null ? ' for every agent' : ''}?</span>
        <button class="danger" type="button" @click=${() => this.deleteResponse(this.confirmDelete!)}>Delete</button>
        <button type="button" @click=${() => (this.confirmDelete = null)}>Keep</button>
      </div>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <ul role="listbox" id="canned-list" aria-label="Canned responses">
        ${list.map(
          (r, i) => html`<li role="option" id=${`canned-${r.id}`} aria-selected=${String(i === this.active)}
            @click=${() => this.select(r)} @mousemove=${() => (this.active = i)}>
          <div class="option"><div class="text">
            <div class="title">${r.title} ${r.shortcut ? html`<span class="pill">/${r.shortcut}</span>` : nothing}
              ${r.agentId ? html`<span class="pill">mine</span>` : nothing}</div>
            <div class="content">${r.content}</div>
          </div>
          ${
            this.mayEdit(r)
              ? html`<div class="actions">
            <button type="button" aria-label=${`Edit ${r.title}`} @click=${(e: Event) => {
              e.stopPropagation();
              this.openForm(r);
            }}>Edit</button>
            <button type="button" aria-label=${`Delete ${r.title}`} @click=${(e: Event) => {
              e.stopPropagation();
              this.confirmDelete = r;
              this.creating = false;
            }}>Delete</button>
          </div>`
              : nothing
          }</div>
        </li>`,
        )}
        ${list.length === 0 ? html`<li class="muted" style="padding:8px">No replies match.</li>` : nothing}
      </ul>
    </div>`;
  }
}

if (!customElements.get('canned-responses')) customElements.define('canned-responses', CannedResponses);

declare global {
  interface HTMLElementTagNameMap {
    'canned-responses': CannedResponses;
  }
}
