// <canned-responses> (the seed's CannedResponses): pick a saved reply by category and search. Choosing one fires
// `sc-select` with `{ response }` (the seed's onSelect); the console then fills its placeholders and puts it in the
// composer. Replies can be saved, edited and deleted here by whoever may: an agent their own, an admin also the
// shared ones. With `mode="manage"` it is the admin's manager instead: a sortable table of every reply with who may
// use it, how often and when it was last used, filtered by category (which can be renamed), scope and search.
import { LitElement, css, html, nothing } from 'lit';
import type { CannedResponse, SupportChatClient, Team } from '@support-chat/sdk';
import { dateTime, errorText } from './format.js';
import { emit } from './events.js';
import './sc-canned-dialog.js';
import { base } from './styles.js';

type SortKey = 'title' | 'category' | 'usage' | 'lastUsed';
const sortValue: Record<SortKey, (r: CannedResponse) => string | number> = {
  title: (r) => r.title.toLowerCase(),
  category: (r) => (r.category ?? '').toLowerCase(),
  usage: (r) => r.usageCount,
  lastUsed: (r) => (r.lastUsedAt ? Date.parse(r.lastUsedAt) : 0),
};

/** Who may use a reply, in words. */
export const audienceLabel = (r: CannedResponse) =>
  r.agentId ? 'Only its author' : r.teamId ? `Team ${r.teamName ?? ''}`.trim() : 'Every agent';

export function matchesCanned(r: CannedResponse, q: string) {
  const needle = q.trim().toLowerCase();
  if (!needle) return true;
  return [r.title, r.content, r.shortcut ?? '', r.category ?? '', ...r.tags].some((s) =>
    s.toLowerCase().includes(needle),
  );
}

export class CannedResponses extends LitElement {
  static override properties = {
    mode: { reflect: true },
    teams: { attribute: false },
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
    audience: { state: true },
    sort: { state: true },
    dialog: { state: true },
    renaming: { state: true },
  };

  /** `pick` (default): the composer's picker. `manage`: the admin's table of every reply. */
  mode: 'pick' | 'manage' = 'pick';
  /** Teams a reply can be shared with (manage mode). */
  teams: Team[] = [];
  /** Manage mode's scope filter: '' (all), 'everyone', 'mine', or a team's id. */
  audience = '';
  sort: { key: SortKey; descending: boolean } = { key: 'usage', descending: true };
  /** The reply form (manage mode): open for a reply, or for a new one (null). */
  dialog: CannedResponse | null | undefined = undefined;
  /** The category being renamed, and the new name typed so far. */
  renaming: { from: string; to: string } | null = null;

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
    [role=option][aria-selected=true] { background: var(--selected); }
    .title { font-weight: 600; }
    .content { color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    form { display: grid; gap: 6px; }
    .option { display: flex; gap: 6px; align-items: flex-start; }
    .option .text { flex: 1; min-width: 0; }
    .actions { display: flex; gap: 4px; }
    .actions button { padding: 2px 8px; font-size: 12px; }
    .confirm { display: flex; gap: 6px; align-items: center; padding: 6px 8px; background: var(--soft); border-radius: 6px; }
    .error { color: var(--danger); }
    :host([mode=manage]) { border: 0; box-shadow: none; padding: 0; max-height: none; min-width: 0; background: none; }
    .manage-bar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
    .manage-bar input[type=search] { flex: 1; min-width: 200px; }
    .cats { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
    .cats button { border-radius: 14px; padding: 2px 10px; }
    .cats button[aria-pressed=true] { background: var(--text); color: var(--bg); border-color: var(--text); }
    .rename { display: flex; gap: 6px; align-items: center; }
    .cats button.link { border: 0; background: none; color: var(--accent); text-decoration: underline; }
    table { width: 100%; border-collapse: collapse; }
    th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
    th button { border: 0; background: none; padding: 0; font: inherit; color: inherit; }
    td { padding: 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    th.num { text-align: right; }
    td .text { color: var(--muted); font-size: 12.5px; max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    td .actions { justify-content: flex-end; }
    tr.confirm td { background: var(--panel); }
    .empty { padding: 24px; text-align: center; color: var(--muted); border: 1px dashed var(--line); border-radius: 8px; }
    @media (max-width: 900px) { td .text { max-width: 200px; } th, td { padding: 6px 4px; } }
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

  /** Manage mode: the replies the filters keep, in the chosen order. */
  get managed() {
    const { key, descending } = this.sort;
    const value = sortValue[key];
    const keep = (r: CannedResponse) =>
      !this.audience ||
      (this.audience === 'everyone'
        ? r.agentId === null && r.teamId === null
        : this.audience === 'mine'
          ? r.agentId !== null
          : r.teamId === this.audience);
    return this.filtered.filter(keep).sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      // Ties read A to Z whichever way the column is sorted.
      if (x === y) return a.title.localeCompare(b.title);
      return (x < y ? -1 : 1) * (descending ? -1 : 1);
    });
  }

  private sortBy(key: SortKey) {
    this.sort = {
      key,
      descending: this.sort.key === key ? !this.sort.descending : key !== 'title' && key !== 'category',
    };
  }

  private async renameCategory(e: SubmitEvent) {
    e.preventDefault();
    const r = this.renaming;
    if (!r || !this.client) return;
    const to = r.to.trim();
    if (!to || to === r.from) return;
    try {
      const n = await this.client.renameCannedCategory(r.from, to);
      this.renaming = null;
      this.category = to;
      await this.changed();
      emit(this, 'sc-saved', { done: `“${r.from}” is now “${to}” (${n} repl${n === 1 ? 'y' : 'ies'})` });
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private renderManage() {
    const all = this.responses ?? [];
    const list = this.managed;
    const count = (c: string) => all.filter((r) => r.category === c).length;
    const th = (key: SortKey, label: string, num = false) => {
      const on = this.sort.key === key;
      return html`<th class=${num ? 'num' : ''} aria-sort=${on ? (this.sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" @click=${() => this.sortBy(key)}>${label}${on ? (this.sort.descending ? ' ↓' : ' ↑') : ''}</button></th>`;
    };
    return html`<div class="frame">
      <div class="manage-bar">
        <input type="search" aria-label="Search canned responses" placeholder="Search titles, text and shortcuts…"
          .value=${this.query} @input=${(e: Event) => (this.query = (e.target as HTMLInputElement).value)}>
        <select aria-label="Who can use it" @change=${(e: Event) => (this.audience = (e.target as HTMLSelectElement).value)}>
          <option value="">Everyone's, teams' and mine</option>
          <option value="everyone">Shared with every agent</option>
          ${this.teams.map((t) => html`<option value=${t.id} ?selected=${t.id === this.audience}>Team: ${t.name}</option>`)}
          <option value="mine">Only mine</option>
        </select>
      </div>
      <div class="cats" role="group" aria-label="Categories">
        <button type="button" aria-pressed=${String(!this.category)} @click=${() => (this.category = '')}>All (${all.length})</button>
        ${this.categories.map(
          (c) => html`<button type="button" aria-pressed=${String(c === this.category)}
            @click=${() => (this.category = c === this.category ? '' : c)}>${c} (${count(c)})</button>`,
        )}
        ${
          this.category && !this.renaming
            ? html`<button type="button" class="link" @click=${() => (this.renaming = { from: this.category, to: this.category })}>
                Rename “${this.category}”…</button>`
            : nothing
        }
      </div>
      ${
        this.renaming
          ? html`<form class="rename" @submit=${this.renameCategory} aria-label="Rename a category">
              <label>Rename “${this.renaming.from}” to <input name="name" required maxlength="100" .value=${this.renaming.to}
                @input=${(e: Event) => (this.renaming = { ...this.renaming!, to: (e.target as HTMLInputElement).value })}></label>
              <button class="primary" type="submit">Rename</button>
              <button type="button" @click=${() => (this.renaming = null)}>Cancel</button></form>`
          : nothing
      }
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        !this.responses
          ? html`<p role="status">Loading…</p>`
          : list.length === 0
            ? html`<p class="empty">${all.length ? 'No replies match.' : 'No canned responses yet. Add the answers your team gives most often: agents type / and a shortcut to use one.'}</p>`
            : html`<table aria-label="Canned responses">
              <thead><tr>${th('title', 'Reply')}${th('category', 'Category')}<th>Who can use it</th>
                ${th('usage', 'Uses', true)}${th('lastUsed', 'Last used')}<th><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>${list.map((r) => this.renderRow(r))}</tbody></table>`
      }
      ${
        this.dialog !== undefined
          ? html`<sc-canned-dialog .client=${this.client} .response=${this.dialog ?? undefined} .teams=${this.teams}
            .categories=${this.categories} ?canShare=${this.canShare} ?canOwn=${Boolean(this.agentId)}
            @sc-close=${() => (this.dialog = undefined)}
            @sc-canned-saved=${(e: HTMLElementEventMap['sc-canned-saved']) => {
              void this.changed();
              emit(this, 'sc-saved', { done: `“${e.detail.response.title}” ${e.detail.created ? 'added' : 'saved'}` });
            }}></sc-canned-dialog>`
          : nothing
      }
    </div>`;
  }

  private renderRow(r: CannedResponse) {
    const confirming = this.confirmDelete?.id === r.id;
    return html`<tr class=${confirming ? 'confirm' : ''}>
      <td><strong>${r.title}</strong> ${r.shortcut ? html`<span class="pill">/${r.shortcut}</span>` : nothing}
        <div class="text">${r.content}</div></td>
      <td>${r.category ?? html`<span class="muted">—</span>`}</td>
      <td>${audienceLabel(r)}</td>
      <td class="num">${r.usageCount}</td>
      <td>${r.lastUsedAt ? dateTime(r.lastUsedAt) : html`<span class="muted">never</span>`}</td>
      <td>${
        confirming
          ? html`<div class="actions" role="alertdialog" aria-label=${`Delete ${r.title}`}>
              <span>Delete${r.agentId === null ? ` for ${audienceLabel(r).toLowerCase()}` : ''}?</span>
              <button class="danger" type="button" @click=${() => this.deleteResponse(r)}>Delete</button>
              <button type="button" @click=${() => (this.confirmDelete = null)}>Keep</button></div>`
          : this.mayEdit(r)
            ? html`<div class="actions">
                <button type="button" aria-label=${`Edit ${r.title}`} @click=${() => (this.dialog = r)}>Edit</button>
                <button type="button" class="danger" aria-label=${`Delete ${r.title}`} @click=${() => (this.confirmDelete = r)}>Delete</button></div>`
            : nothing
      }</td>
    </tr>`;
  }

  /** Manage mode: open the form for a new reply (the page's "New" button). */
  add() {
    this.dialog = null;
  }

  override render() {
    if (this.mode === 'manage') return this.renderManage();
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
              ${r.agentId ? html`<span class="pill">mine</span>` : r.teamName ? html`<span class="pill">${r.teamName}</span>` : nothing}</div>
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
