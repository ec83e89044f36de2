// <sc-conversation>: the open conversation. Its header (who, status, find-in-chat, and what I may do with it), the
// matches of a search, the thread, who is typing, and the composer. Buttons only ask (`sc-action`, `sc-accept`);
// the console decides. The canned picker comes in through the `picker` slot, over the composer.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import {
  priorities,
  type CannedResponse,
  type Conversation,
  type Label,
  type Message,
  type Priority,
  type SupportChatClient,
} from '@support-chat/sdk';
import { emit, type ConversationPatch } from './events.js';
import { clock, customerLabel, errorText, preview } from './format.js';
import type { Thread } from './inbox-store.js';
import type { LabelEditor } from './sc-label-editor.js';
import './sc-label-editor.js';
import type { ChatComposer } from './sc-composer.js';
import './sc-composer.js';
import type { MessageThread } from './sc-thread.js';
import './sc-thread.js';
import { localInputValue, snoozeChoices, snoozePill } from './snooze.js';
import { base } from './styles.js';
import { t } from './i18n.js';

/** What the header's buttons ask the console for. */
export type ConversationAction =
  | 'transfer'
  | 'return'
  | 'ticket'
  | 'resolve'
  | 'close'
  | 'back'
  | 'customer'
  | 'macros';

declare global {
  interface HTMLElementEventMap {
    /** <sc-conversation>: a header button was pressed. */
    'sc-action': CustomEvent<{ action: ConversationAction }>;
    /** <sc-conversation>: change the conversation's labels or priority. */
    'sc-update-conversation': CustomEvent<{ patch: ConversationPatch }>;
    /** <sc-conversation>: run this macro on the conversation. */
    'sc-run-macro': CustomEvent<{ macroId: string }>;
    /** <sc-conversation>: show this found message in the thread (earlier pages may need loading first). */
    'sc-reveal': CustomEvent<{ message: Message }>;
  }
}

export class ConversationPane extends LitElement {
  static override properties = {
    conversation: { attribute: false },
    thread: { attribute: false },
    typingName: { attribute: false },
    agentId: { attribute: 'agent-id' },
    canned: { attribute: false },
    agents: { attribute: false },
    macros: { attribute: false },
    labels: { attribute: false },
    capacityText: { attribute: false },
    found: { state: true },
    pickingTime: { state: true },
  };
  client?: SupportChatClient;
  conversation?: Conversation;
  thread: Thread = { messages: [], hasMore: false, loading: true };
  /** Who is typing there, if anyone. */
  typingName?: string;
  agentId = '';
  canned: CannedResponse[] = [];
  /** Colleagues a note can mention. */
  agents: readonly { id: string; name: string }[] = [];
  /** The macros I can run. */
  macros: readonly { id: string; name: string }[] = [];
  /** The label catalogue (colours and completion). */
  labels: Label[] = [];
  /** Why I cannot take another chat; empty while I can. */
  capacityText = '';
  /** Matches of a search in this conversation, or undefined when none is shown. */
  found?: { q: string; messages: Message[] } | { q: string; error: string };
  /** "Until a time I choose…" was picked: the date-time field shows. */
  pickingTime = false;

  static override styles = [
    base,
    css`
    :host { display: flex; flex-direction: column; min-height: 0; background: var(--bg); }
    .conversation { display: flex; flex-direction: column; flex: 1; min-height: 0; position: relative; }
    .empty { display: grid; place-items: center; flex: 1; color: var(--muted); margin: 0; }
    header { display: flex; align-items: center; gap: 12px; padding: 8px 14px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    header h2 { font-size: 16px; text-transform: none; letter-spacing: 0; color: var(--text); }
    .spacer { flex: 1; }
    /* Narrower screens show one pane at a time: "Chats" goes back to the list, "Customer" shows the customer. */
    .back, .customer { display: none; }
    @media (max-width: 1099px) { .customer { display: inline-block; } }
    @media (max-width: 767px) {
      .back { display: inline-block; }
      header { gap: 8px; padding: 8px 10px; }
      .find { order: 5; flex: 1 1 100%; }
      .find input { width: 100%; }
      .details { padding: 6px 10px; }
    }
    .find input { width: 140px; }
    .found { max-height: 180px; overflow-y: auto; border-bottom: 1px solid var(--line); padding: 6px 12px; background: var(--panel); }
    .item { display: block; width: 100%; text-align: left; border: 0; border-radius: 6px; padding: 8px 6px; background: none; }
    .row { display: flex; justify-content: space-between; gap: 6px; align-items: baseline; }
    .sub { font-size: 12px; color: var(--muted); }
    sc-thread { flex: 1; min-height: 0; }
    .details { display: flex; align-items: center; gap: 10px; padding: 6px 14px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
    .details label { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; color: var(--muted); }
    .details select, .details input { font-size: 12px; padding: 1px 6px; }
    .snooze-at { display: inline-flex; gap: 6px; align-items: center; }
    .typing { font-size: 12px; color: var(--muted); padding: 2px 16px; min-height: 20px; }
    ::slotted(canned-responses) { position: absolute; bottom: 120px; left: 50%; transform: translateX(-50%); z-index: 5; width: min(560px, 90%); }
  `,
  ];

  get composer() {
    return this.renderRoot.querySelector<ChatComposer>('sc-composer');
  }

  /** Puts the focus in the field that adds a label (Alt+L). */
  async focusLabels() {
    await this.updateComplete;
    this.renderRoot.querySelector<LabelEditor>('sc-label-editor')?.focus();
  }

  /** Puts the focus on the priority (Alt+P). */
  async focusPriority() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('select[name=priority]')?.focus();
  }

  /** Puts the focus on the macros (Alt+M). */
  /** Opens the reaction set on the customer's newest message (Alt+E). */
  async reactToLatest() {
    await this.updateComplete;
    return (await this.renderRoot.querySelector<MessageThread>('sc-thread')?.reactToLatest()) ?? false;
  }

  async focusMacros() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('select[name=macro]')?.focus();
  }

  private macroChosen(e: Event) {
    const select = e.target as HTMLSelectElement;
    const value = select.value;
    select.value = '';
    if (value === 'manage') this.ask('macros');
    else if (value) emit(this, 'sc-run-macro', { macroId: value });
  }

  /** Puts the focus on the snooze choices (Alt+Z). */
  async focusSnooze() {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLSelectElement>('select[name=snooze]')?.focus();
  }

  private change(patch: ConversationPatch) {
    emit(this, 'sc-update-conversation', { patch });
  }

  private snoozeChosen(e: Event) {
    const select = e.target as HTMLSelectElement;
    const choice = snoozeChoices(new Date(), Boolean(this.conversation?.snoozedAt)).find((o) => o.id === select.value);
    // The select says how things stand, not the last choice: it goes back to its first line.
    select.value = '';
    if (!choice) return;
    if (choice.id === 'custom') this.pickingTime = true;
    else this.change({ snooze: choice.snooze ?? null });
  }

  private snoozeAt(e: SubmitEvent) {
    e.preventDefault();
    const at = String(new FormData(e.target as HTMLFormElement).get('at') ?? '');
    // A datetime-local value is local time; Date reads it so.
    const when = new Date(at);
    if (Number.isNaN(when.getTime())) return;
    this.pickingTime = false;
    this.change({ snooze: { until: when.toISOString() } });
  }

  /** Scrolls the thread to a message it shows and highlights it. */
  async reveal(seq: number) {
    await this.updateComplete;
    await this.renderRoot.querySelector<MessageThread>('sc-thread')?.reveal(seq);
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('conversation') && changed.get('conversation')?.id !== this.conversation?.id) {
      this.found = undefined;
      this.pickingTime = false;
    }
  }

  private ask(action: ConversationAction) {
    emit(this, 'sc-action', { action });
  }

  private async find(e: SubmitEvent) {
    e.preventDefault();
    const q = String(new FormData(e.target as HTMLFormElement).get('q') ?? '').trim();
    const id = this.conversation?.id;
    if (!q || !id || !this.client) return;
    try {
      const page = await this.client.listMessages(id, { q, limit: 50 });
      if (this.conversation?.id === id) this.found = { q, messages: page.messages };
    } catch (error) {
      this.found = { q, error: errorText(error) };
    }
  }

  override render() {
    const c = this.conversation;
    if (!c) return html`<p class="empty">${t.chooseChat}</p>`;
    const mine = c.agentId === this.agentId;
    const live = c.status === 'active' || c.status === 'queued';
    const who = customerLabel(c);
    const full = Boolean(this.capacityText);
    return html`<section class="conversation" aria-label=${t.conversationWith(who)}>
      <header>
        <button class="back" @click=${() => this.ask('back')} title=${t.backToList}><span aria-hidden="true">←</span> ${t.chats}</button>
        <h2>${who}</h2><span class="pill">${t.status[c.status]}</span>
        ${c.subject ? html`<span class="sub">${c.subject}</span>` : nothing}
        <form role="search" class="find" aria-label=${t.inThisConversation} @submit=${this.find}>
          <input type="search" name="q" aria-label=${t.searchThisConversation} placeholder=${t.findInChat} maxlength="200">
        </form>
        <span class="spacer"></span>
        ${
          c.status === 'queued' && !c.agentId
            ? html`<button class="primary" @click=${() => emit(this, 'sc-accept', { conversationId: c.id })}
              ?disabled=${full} title=${full ? this.capacityText : t.takeThisChat}>${t.accept}</button>`
            : nothing
        }
        ${
          live && mine
            ? html`<button @click=${() => this.ask('transfer')}>${t.transfer}</button>
              <button @click=${() => this.ask('return')}>${t.returnToQueue}</button>`
            : nothing
        }
        <button class="customer" @click=${() => this.ask('customer')} title=${t.about(who)}>${t.customer}</button>
        <button @click=${() => this.ask('ticket')}>${t.createTicket}</button>
        ${c.status !== 'resolved' && c.status !== 'closed' ? html`<button class="primary" @click=${() => this.ask('resolve')}>${t.resolve}</button>` : nothing}
        ${c.status !== 'closed' ? html`<button class="danger" @click=${() => this.ask('close')}>${t.close}</button>` : nothing}
      </header>
      <div class="details">
        <label>${t.priorityLabel} <select name="priority" ?disabled=${c.status === 'closed'}
          @change=${(e: Event) => this.change({ priority: (e.target as HTMLSelectElement).value as Priority })}>
          ${priorities.map((p) => html`<option value=${p} ?selected=${p === c.priority}>${t.priority[p]}</option>`)}
        </select></label>
        ${
          // One editor per conversation: a label half typed in one chat does not follow the agent to the next.
          keyed(
            c.id,
            html`<sc-label-editor .tags=${c.tags ?? []} .labels=${this.labels} ?disabled=${c.status === 'closed'}
              @sc-tags=${(e: HTMLElementEventMap['sc-tags']) => this.change({ tags: e.detail.tags })}></sc-label-editor>`,
          )
        }
        ${this.renderSnooze(c)}
        ${
          c.status === 'closed'
            ? nothing
            : html`<label>${t.macro} <select name="macro" @change=${this.macroChosen}>
              <option value="" selected>${t.runMacro}</option>
              ${this.macros.map((m) => html`<option value=${m.id}>${m.name}</option>`)}
              <option value="manage">${t.manageMacros}</option></select></label>`
        }
      </div>
      ${this.renderFound()}
      <sc-thread .messages=${this.thread.messages} ?has-more=${this.thread.hasMore} ?loading=${this.thread.loading}
        me=${c.status === 'closed' ? '' : this.agentId}
        label=${t.messagesWith(who)}></sc-thread>
      <div class="typing" aria-live="polite">${this.typingName ? t.isTyping(this.typingName) : ''}</div>
      <sc-composer .canned=${this.canned} .agents=${this.agents} ?disabled=${c.status === 'closed'}></sc-composer>
      <slot name="picker"></slot>
    </section>`;
  }

  /** Only an active chat with its agent can be put aside; a snoozed or woken one says so. */
  private renderSnooze(c: Conversation) {
    if (c.status !== 'active' || !c.agentId) return nothing;
    const now = new Date();
    return html`<label>${t.snooze} <select name="snooze" @change=${this.snoozeChosen}>
        <option value="" selected>${c.snoozedAt ? t.snoozed : t.notSnoozed}</option>
        ${snoozeChoices(now, Boolean(c.snoozedAt)).map((o) => html`<option value=${o.id}>${o.label}</option>`)}
      </select></label>
      ${
        this.pickingTime
          ? html`<form class="snooze-at" aria-label=${t.snoozeAtLabel} @submit=${this.snoozeAt}>
            <input type="datetime-local" name="at" aria-label=${t.snoozeUntilField} required autofocus
              min=${localInputValue(now)} .value=${localInputValue(new Date(now.getTime() + 3 * 3600_000))}>
            <button class="primary" type="submit">${t.snooze}</button>
            <button type="button" @click=${() => (this.pickingTime = false)}>${t.cancel}</button></form>`
          : nothing
      }
      ${snoozePill(c, true)}`;
  }

  private renderFound() {
    const f = this.found;
    if (!f) return nothing;
    const close = html`<button @click=${() => (this.found = undefined)}>${t.close}</button>`;
    if ('error' in f)
      return html`<section class="found" aria-label=${t.searchResults}>
        <div class="row"><span role="alert">${f.error}</span>${close}</div></section>`;
    return html`<section class="found" aria-label=${t.searchResults}>
      <div class="row"><span>${t.matches(f.messages.length, f.q)}</span>${close}</div>
      <ul>${[...f.messages].reverse().map(
        (m) => html`<li><button class="item" @click=${() => emit(this, 'sc-reveal', { message: m })}>
        <span class="sub">${m.senderName ?? m.senderType} · ${clock(m.createdAt)}</span> ${preview(m, 120)}</button></li>`,
      )}</ul>
    </section>`;
  }
}

if (!customElements.get('sc-conversation')) customElements.define('sc-conversation', ConversationPane);

declare global {
  interface HTMLElementTagNameMap {
    'sc-conversation': ConversationPane;
  }
}
