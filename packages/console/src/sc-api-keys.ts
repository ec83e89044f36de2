// <sc-api-keys>: keys for servers that call the API (a CRM, a script): add one (the key is shown once, to copy),
// see when each was last used, revoke one (its calls and sockets stop on every node).
import { LitElement, css, html, nothing } from 'lit';
import type { ApiKey, ApiKeyScope, SupportChatClient } from '@support-chat/sdk';
import { tableStyles } from './admin-styles.js';
import { emit } from './events.js';
import { dateTime, errorText } from './format.js';
import { base } from './styles.js';

/** Each scope in words: the choice when a key is made, and the list's column. */
const scopes: [ApiKeyScope, string, string][] = [
  ['admin', 'Full access', 'everything an admin may do'],
  ['agent', 'Agent', 'chats, tickets and canned responses; no people, settings or keys'],
  ['read', 'Read only', 'reads what an admin may read; changes nothing'],
];
const scopeLabel = (s: ApiKeyScope) => scopes.find(([k]) => k === s)?.[1] ?? s;

export class ApiKeys extends LitElement {
  static override properties = {
    client: { attribute: false },
    keys: { state: true },
    created: { state: true },
    error: { state: true },
  };
  client?: SupportChatClient;
  keys?: ApiKey[];
  /** The key just created: shown once. */
  created?: { name: string; key: string };
  error = '';

  static override styles = [
    base,
    tableStyles,
    css`
    form { display: flex; gap: 8px; align-items: end; margin-bottom: 12px; flex-wrap: wrap; }
    label { display: grid; gap: 4px; }
    .once { border: 1px solid var(--accent); border-radius: 8px; padding: 10px 12px; margin-bottom: 12px; background: var(--panel); }
    code.secret { font: 13px ui-monospace, monospace; background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
      padding: 4px 8px; user-select: all; overflow-wrap: anywhere; }
    [role=alert] { color: var(--danger); }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.keys = await this.client?.listApiKeys();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async add(e: SubmitEvent) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '').trim();
    if (!name || !this.client) return;
    try {
      const made = await this.client.createApiKey(name, String(data.get('scope')) as ApiKeyScope);
      this.created = { name: made.apiKey.name, key: made.key };
      this.error = '';
      form.reset();
      emit(this, 'sc-saved', { done: `Key “${name}” created` });
      await this.load();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  private async revoke(k: ApiKey) {
    try {
      await this.client?.revokeApiKey(k.id);
      emit(this, 'sc-saved', { done: `Key “${k.name}” revoked` });
      await this.load();
    } catch (err) {
      this.error = errorText(err);
    }
  }

  override render() {
    return html`
      <form @submit=${this.add} aria-label="New API key">
        <label>Name (what it is for) <input name="name" required maxlength="100" placeholder="CRM sync"></label>
        <label>What it may do <select name="scope">
          ${scopes.map(([value, label, hint]) => html`<option value=${value}>${label}: ${hint}</option>`)}
        </select></label>
        <button class="primary" type="submit">Create key</button>
      </form>
      ${
        this.created
          ? html`<div class="once" role="status"><p>The key for <strong>${this.created.name}</strong> — copy it now, it is not shown again:</p>
          <p><code class="secret">${this.created.key}</code>
            <button type="button" @click=${() => void navigator.clipboard?.writeText(this.created!.key)}>Copy</button>
            <button type="button" @click=${() => (this.created = undefined)}>Done</button></p>
          <p class="sub">Send it as <code>Authorization: Bearer …</code>.</p></div>`
          : nothing
      }
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      ${
        !this.keys
          ? html`<p role="status">Loading…</p>`
          : !this.keys.length
            ? html`<p class="empty">No API keys. Create one for each server that calls the API, so you can revoke it alone.</p>`
            : html`<table aria-label="API keys"><thead><tr><th>Name</th><th>Key</th><th>May</th><th>Created</th><th>Last used</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>${this.keys.map(
            (k) => html`<tr class=${k.revokedAt ? 'inactive' : ''}>
              <td>${k.name}</td><td><code>${k.prefix}…</code></td><td>${scopeLabel(k.scope)}</td><td>${dateTime(k.createdAt)}</td>
              <td>${k.lastUsedAt ? dateTime(k.lastUsedAt) : html`<span class="sub">never</span>`}</td>
              <td><div class="actions">${
                k.revokedAt
                  ? html`<span class="pill">revoked ${dateTime(k.revokedAt)}</span>`
                  : html`<button class="danger" @click=${() => void this.revoke(k)} aria-label=${`Revoke ${k.name}`}>Revoke</button>`
              }</div></td></tr>`,
          )}</tbody></table>`
      }`;
  }
}

if (!customElements.get('sc-api-keys')) customElements.define('sc-api-keys', ApiKeys);

declare global {
  interface HTMLElementTagNameMap {
    'sc-api-keys': ApiKeys;
  }
}
