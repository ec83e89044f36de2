// <sc-thread>: a conversation's messages, rendered as text. Long threads stay fast: only the newest `window`
// messages are in the DOM, the earlier ones come in pages (from memory, then `sc-load-earlier` for the server).
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { reactionEmojis, type Message, type ReactionEmoji } from '@support-chat/sdk';
import { clock, dateTime, inlineImage, safeHref } from './format.js';
import { emit } from './events.js';
import { base } from './styles.js';

const PAGE = 100;

export class MessageThread extends LitElement {
  static override properties = {
    messages: { attribute: false },
    hasMore: { type: Boolean, attribute: 'has-more' },
    loading: { type: Boolean },
    label: {},
    me: {},
    reacting: { state: true },
    window: { state: true },
  };

  messages: Message[] = [];
  hasMore = false;
  loading = false;
  label = 'Messages';
  /** Who I am in reactions (my agent id); empty: reactions show but cannot be changed here. */
  me = '';
  /** The message whose reaction set is open. */
  reacting: string | null = null;
  /** How many of the newest messages are rendered. */
  window = PAGE;
  private pinned = true;
  private anchor?: { height: number; top: number };
  private conversationId?: string;

  static override styles = [
    base,
    css`
    :host { display: block; overflow-y: auto; padding: 8px 16px; background: var(--bg); }
    ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
    li { max-width: 75%; align-self: flex-start; }
    li.agent { align-self: flex-end; }
    li.system { align-self: center; color: var(--muted); font-size: 12px; max-width: 100%; }
    .bubble { padding: 6px 10px; border-radius: 10px; background: var(--panel); border: 1px solid var(--line); }
    li.agent .bubble { background: var(--selected); border-color: var(--selected-line); }
    li.note .bubble { background: var(--note); border: 1px dashed var(--note-line); }
    .text { white-space: pre-wrap; overflow-wrap: anywhere; }
    .meta { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
    li.agent .meta { text-align: right; }
    .files { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; }
    img { max-width: 240px; max-height: 180px; border-radius: 6px; display: block; }
    .earlier { display: block; margin: 4px auto 10px; }
    .empty { color: var(--muted); text-align: center; padding: 24px; }
    li.found .bubble { outline: 3px solid #f59e0b; }
    .reactions { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 3px; align-items: center; }
    li.agent .reactions { justify-content: flex-end; }
    .reaction { font-size: 12px; line-height: 18px; padding: 0 7px; border-radius: 999px; }
    .reaction[aria-pressed=true] { border-color: var(--accent); background: var(--selected); }
    /* "React" shows on the message the pointer or the focus is on (and always on touch screens). */
    .reaction.add { color: var(--muted); opacity: 0; }
    li:hover .reaction.add, .reaction.add:focus-visible, .reaction.add[aria-expanded=true] { opacity: 1; }
    @media (hover: none) { .reaction.add { opacity: 1; } }
    .palette { display: inline-flex; gap: 2px; }
    .palette button { border: 0; background: none; font-size: 18px; padding: 0 3px; }
  `,
  ];

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('messages')) {
      const id = this.messages[0]?.conversationId;
      // Another conversation: start again at the bottom with one page.
      if (id !== this.conversationId) {
        if (this.conversationId !== undefined) this.window = PAGE;
        this.conversationId = id;
        this.pinned = true;
      }
    }
    if (this.anchor === undefined && (changed.has('window') || changed.has('messages')) && !this.pinned) {
      this.anchor = { height: this.scrollHeight, top: this.scrollTop };
    }
  }

  protected override updated() {
    if (this.pinned) this.scrollTop = this.scrollHeight;
    else if (this.anchor) {
      // Earlier messages went in above: keep what the agent was reading where it was.
      this.scrollTop = this.anchor.top + (this.scrollHeight - this.anchor.height);
    }
    this.anchor = undefined;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.addEventListener('scroll', this.onScroll, { passive: true });
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.removeEventListener('scroll', this.onScroll);
  }

  private onScroll = () => {
    this.pinned = this.scrollHeight - this.scrollTop - this.clientHeight < 40;
    if (this.scrollTop < 40 && !this.loading) this.showEarlier();
  };

  /**
   * Opens the reaction set on the customer's newest message (Alt+E) with the focus on its first emoji; Escape there
   * closes it. False when there is nothing to react to.
   */
  async reactToLatest() {
    const m = [...this.messages].reverse().find((x) => x.senderType === 'customer' && !x.isPrivate);
    if (!m || !this.me) return false;
    this.reacting = m.id;
    await this.updateComplete;
    const li = this.renderRoot.querySelector<HTMLElement>(`li[data-seq="${m.seq}"]`);
    li?.scrollIntoView({ block: 'nearest' });
    li?.querySelector<HTMLButtonElement>('.palette button')?.focus();
    return true;
  }

  /** Brings one message into view (rendering back to it if needed) and marks it for a moment. */
  async reveal(seq: number) {
    const index = this.messages.findIndex((m) => m.seq === seq);
    if (index < 0) return false;
    this.pinned = false;
    this.window = Math.max(this.window, this.messages.length - index);
    await this.updateComplete;
    const li = this.renderRoot.querySelector<HTMLElement>(`li[data-seq="${seq}"]`);
    li?.scrollIntoView({ block: 'center' });
    li?.classList.add('found');
    setTimeout(() => li?.classList.remove('found'), 2000);
    return true;
  }

  /** Renders the next page from memory, or asks for one from the server. */
  showEarlier() {
    if (this.window < this.messages.length) {
      this.pinned = false;
      this.window += PAGE;
    } else if (this.hasMore && !this.loading) {
      this.pinned = false;
      emit(this, 'sc-load-earlier');
    }
  }

  override render() {
    const shown = this.messages.slice(-this.window);
    const more = this.window < this.messages.length || this.hasMore;
    return html`
      ${
        more
          ? html`<button class="earlier" @click=${() => this.showEarlier()} ?disabled=${this.loading}>
        ${this.loading ? 'Loading…' : 'Show earlier messages'}</button>`
          : nothing
      }
      ${this.messages.length === 0 && !this.loading ? html`<p class="empty">No messages yet.</p>` : nothing}
      <div role="log" aria-live="polite" aria-label=${this.label}><ol>
        ${shown.map((m) => this.renderMessage(m))}
      </ol></div>`;
  }

  private renderMessage(m: Message) {
    if (m.senderType === 'system') {
      return html`<li class="system" data-seq=${m.seq}><span class="text">${m.content}</span> · <time datetime=${m.createdAt}>${clock(m.createdAt)}</time></li>`;
    }
    const who = m.senderName || (m.senderType === 'customer' ? 'Customer' : 'Agent');
    return html`<li class="${m.senderType}${m.isPrivate ? ' note' : ''}" data-seq=${m.seq}>
      <div class="meta">${m.isPrivate ? html`<strong>Private note</strong> · ` : nothing}<span class="who">${who}</span>
        · <time datetime=${m.createdAt} title=${dateTime(m.createdAt)}>${clock(m.createdAt)}</time>
        ${m.senderType === 'agent' && !m.isPrivate && m.readAt ? html` · <span class="receipt">Read</span>` : nothing}</div>
      <div class="bubble">
        ${m.content ? html`<div class="text">${m.content}</div>` : nothing}
        ${
          m.attachments.length
            ? html`<div class="files">${m.attachments.map((a) => {
                const href = safeHref(a.url);
                if (!href) return html`<span class="file">${a.name}</span>`;
                return inlineImage(a)
                  ? html`<a href=${href} target="_blank" rel="noopener noreferrer"><img src=${href} alt=${a.name} loading="lazy"></a>`
                  : html`<a class="file" href=${href} target="_blank" rel="noopener noreferrer" download=${a.name}>📎 ${a.name}</a>`;
              })}</div>`
            : nothing
        }
      </div>
      ${m.isPrivate ? nothing : this.renderReactions(m)}
    </li>`;
  }

  /** Chips (pressed: mine; a press takes it back or adds it), and the set behind "React". */
  private renderReactions(m: Message) {
    const list = m.reactions ?? [];
    const open = this.reacting === m.id;
    const set = (emoji: ReactionEmoji, on: boolean) => {
      this.reacting = null;
      emit(this, 'sc-react', { messageId: m.id, emoji, on });
    };
    return html`<div class="reactions">
      ${list.map((r) => {
        const mine = r.by.includes(this.me);
        const who = r.by.length === 1 ? '1 reaction' : `${r.by.length} reactions`;
        return html`<button class="reaction" aria-pressed=${String(mine)} ?disabled=${!this.me}
          aria-label=${`${r.emoji} ${who}${mine ? ', yours included' : ''}`} @click=${() => set(r.emoji, !mine)}>${r.emoji} ${r.by.length}</button>`;
      })}
      ${this.me ? html`<button class="reaction add" aria-expanded=${String(open)} @click=${() => (this.reacting = open ? null : m.id)}>React</button>` : nothing}
      ${
        open
          ? html`<span class="palette" role="group" aria-label="Reactions" @keydown=${(e: KeyboardEvent) => {
              if (e.key !== 'Escape') return;
              // The set closes, not the dialog or sheet around it; the focus goes back to "React".
              e.stopPropagation();
              this.reacting = null;
              void this.updateComplete.then(() =>
                this.renderRoot.querySelector<HTMLButtonElement>(`li[data-seq="${m.seq}"] .reaction.add`)?.focus(),
              );
            }}>${reactionEmojis.map(
              (e) => html`<button aria-label=${`React ${e}`} @click=${() => set(e, true)}>${e}</button>`,
            )}</span>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    /** <sc-thread>: add or take back my reaction to a message. */
    'sc-react': CustomEvent<{ messageId: string; emoji: ReactionEmoji; on: boolean }>;
  }
}

if (!customElements.get('sc-thread')) customElements.define('sc-thread', MessageThread);

declare global {
  interface HTMLElementTagNameMap {
    'sc-thread': MessageThread;
  }
}
