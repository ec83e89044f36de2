// <conversation-history customer-id agent-id limit>: conversations (of a customer, of an agent, or all), filterable
// by status and by words (full-text search), each opening to its messages. Given `filters` (the Conversations view's
// filter bar), it lists by those instead of its own status choice; words still narrow within them.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import {
  conversationStatuses,
  type Conversation,
  type ConversationFilters,
  type Label,
  type Message,
  type SearchHit,
  type SupportChatClient,
} from '@support-chat/sdk';
import { customerLabel, dateTime, preview } from './format.js';
import { emit } from './events.js';
import { snoozePill } from './snooze.js';
import { labelChips, labelStyles } from './labels.js';
import { base } from './styles.js';
import './sc-thread.js';
import { t } from './i18n.js';

interface Row {
  conversation: Conversation;
  match?: Message | null;
  matchedIn?: SearchHit['matchedIn'];
}

export class ConversationHistory extends LitElement {
  static override properties = {
    customerId: { attribute: 'customer-id' },
    agentId: { attribute: 'agent-id' },
    limit: { type: Number },
    /** Leave out this conversation (the one the console already shows). */
    exclude: {},
    /** Offer to merge an earlier conversation into the one the console shows (`sc-merge`). */
    canMerge: { type: Boolean, attribute: 'can-merge' },
    client: { attribute: false },
    filters: { attribute: false },
    labels: { attribute: false },
    rows: { state: true },
    total: { state: true },
    query: { state: true },
    status: { state: true },
    expanded: { state: true },
    thread: { state: true },
    loading: { state: true },
    error: { state: true },
  };

  customerId?: string;
  agentId?: string;
  limit = 20;
  exclude?: string;
  canMerge = false;
  client?: SupportChatClient;
  /** The list's filters, set by a filter bar around it; undefined when it offers its own status choice. */
  filters?: ConversationFilters;
  labels: Label[] = [];
  rows: Row[] = [];
  total = 0;
  query = '';
  status = '';
  expanded?: string;
  thread: Message[] = [];
  loading = false;
  error = '';
  private offset = 0;
  private token = 0;

  static override styles = [
    base,
    labelStyles,
    css`
    :host { display: block; }
    form { display: flex; gap: 6px; margin-bottom: 8px; flex-wrap: wrap; }
    form input { flex: 1; min-width: 120px; }
    li { border-bottom: 1px solid var(--line); }
    li > button { display: block; width: 100%; text-align: left; border: 0; border-radius: 0; padding: 8px 4px; background: none; }
    li > button[aria-expanded=true] { background: var(--panel); }
    .line { display: flex; gap: 6px; justify-content: space-between; }
    .sub { color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    sc-thread { max-height: 320px; border: 1px solid var(--line); border-radius: 6px; margin: 4px 0 8px; }
    .more { margin-top: 8px; }
    li > button.open { display: inline-block; width: auto; margin-bottom: 8px; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; }
    .error { color: var(--danger); }
  `,
  ];

  protected override updated(changed: PropertyValues<this>) {
    if (
      changed.has('customerId') ||
      changed.has('agentId') ||
      changed.has('client') ||
      changed.has('exclude') ||
      changed.has('filters')
    )
      void this.reload();
  }

  /** A conversation changed elsewhere (the console's feed): its row shows the new state. */
  applyConversation(c: Conversation) {
    if (this.rows.some((r) => r.conversation.id === c.id))
      this.rows = this.rows.map((r) => (r.conversation.id === c.id ? { ...r, conversation: c } : r));
  }

  async reload() {
    this.offset = 0;
    this.rows = [];
    this.expanded = undefined;
    await this.fetchPage();
  }

  private async fetchPage() {
    if (!this.client) return;
    const token = ++this.token;
    this.loading = true;
    this.error = '';
    const filters = {
      ...this.filters,
      ...(this.customerId ? { customerId: this.customerId } : {}),
      ...(this.agentId ? { agentId: this.agentId } : {}),
      ...(this.status && !this.filters ? { status: this.status as Conversation['status'] } : {}),
      limit: this.limit,
      offset: this.offset,
    };
    try {
      let page: Row[];
      if (this.query.trim()) {
        const r = await this.client.search({ q: this.query.trim(), ...filters });
        page = r.results.map((h) => ({ conversation: h.conversation, match: h.message, matchedIn: h.matchedIn }));
        this.total = r.total;
      } else {
        const r = await this.client.listConversations(filters);
        page = r.conversations.map((conversation) => ({ conversation }));
        this.total = r.total;
      }
      if (token !== this.token) return;
      this.rows = [...this.rows, ...page.filter((r) => r.conversation.id !== this.exclude)];
      this.offset += this.limit;
    } catch (err) {
      if (token === this.token) this.error = (err as Error).message;
    } finally {
      if (token === this.token) this.loading = false;
    }
  }

  private async toggle(c: Conversation) {
    if (this.expanded === c.id) {
      this.expanded = undefined;
      return;
    }
    this.expanded = c.id;
    this.thread = [];
    const page = await this.client!.listMessages(c.id, { limit: 100 });
    if (this.expanded === c.id) this.thread = page.messages;
  }

  private openInInbox(c: Conversation) {
    emit(this, 'sc-open-conversation', { conversation: c });
  }

  private submit(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.query = String(data.get('q') ?? '');
    this.status = String(data.get('status') ?? '');
    void this.reload();
  }

  override render() {
    return html`
      <form role="search" aria-label=${this.customerId ? t.customersConversations : t.conversations} @submit=${this.submit}>
        <input type="search" name="q" aria-label=${t.searchConversations} placeholder=${t.searchPlaceholder} .value=${this.query}>
        ${
          this.filters
            ? nothing
            : html`<select name="status" aria-label="Status">
          ${['', ...conversationStatuses].map((s) => html`<option value=${s} ?selected=${s === this.status}>${s ? t.status[s as Conversation['status']] : t.anyStatus}</option>`)}
        </select>`
        }
        <button type="submit">${t.search}</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p class="muted sr-only" aria-live="polite">${this.loading ? t.loading : t.conversationCount(this.total)}</p>
      <ul aria-label="Conversations">
        ${this.rows.map(
          ({ conversation: c, match, matchedIn }) => html`<li>
          <button aria-expanded=${String(this.expanded === c.id)} @click=${() => this.toggle(c)}>
            <div class="line"><strong>${customerLabel(c)}</strong><span class="pill">${c.mergedIntoId ? t.merged : t.status[c.status]}</span></div>
            <div class="sub">${snoozePill(c)} ${c.priority !== 'medium' ? html`<span class="pill ${c.priority}">${t.priority[c.priority]}</span> ` : nothing}${c.subject ?? ''} ${labelChips(c.tags, this.labels)} · ${dateTime(c.createdAt)}${c.agentName ? ` · ${c.agentName}` : ''}</div>
            ${match ? html`<div class="sub">“${preview(match, 120)}”</div>` : nothing}
            ${matchedIn && !match ? html`<div class="sub">matched in ${matchedIn.join(', ')}</div>` : nothing}
          </button>
          ${
            this.expanded === c.id
              ? html`<sc-thread .messages=${this.thread} label=${`Messages with ${customerLabel(c)}`}></sc-thread>
            <button class="open" @click=${() => this.openInInbox(c)}>${t.openInInbox}</button>
            ${
              this.canMerge && !c.mergedIntoId
                ? html`<button class="open" @click=${() => emit(this, 'sc-merge', { sourceId: c.id })}>${t.mergeIntoThisChat}</button>`
                : nothing
            }`
              : nothing
          }
        </li>`,
        )}
      </ul>
      ${!this.loading && this.rows.length === 0 ? html`<p class="muted">${t.noConversations}</p>` : nothing}
      ${this.offset < this.total ? html`<button class="more" @click=${() => this.fetchPage()} ?disabled=${this.loading}>${t.more}</button>` : nothing}`;
  }
}

if (!customElements.get('conversation-history')) customElements.define('conversation-history', ConversationHistory);

declare global {
  interface HTMLElementTagNameMap {
    'conversation-history': ConversationHistory;
  }
}
