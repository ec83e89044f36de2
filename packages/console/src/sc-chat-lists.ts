// <sc-chat-lists>: the left column. The queue with how long each customer has waited and an Accept button (off,
// with the reason, once I am at my chat limit), then my chats, newest activity first, with unread counts and
// what was last said (or "typing…"); the snoozed ones in their own list below, until they come back.
import { LitElement, css, html, nothing } from 'lit';
import type { Conversation, Label, QueueEntry } from '@support-chat/sdk';
import { emit } from './events.js';
import { customerLabel, duration, preview } from './format.js';
import type { Chat } from './inbox-store.js';
import { labelChips, labelStyles } from './labels.js';
import { snoozedUntilText, snoozePill } from './snooze.js';
import { base } from './styles.js';
import { t } from './i18n.js';

export class ChatLists extends LitElement {
  static override properties = {
    queue: { attribute: false },
    queueAt: { attribute: false },
    now: { attribute: false },
    chats: { attribute: false },
    typing: { attribute: false },
    openId: { attribute: false },
    capacityText: { attribute: false },
    labels: { attribute: false },
  };
  queue: QueueEntry[] = [];
  /** When the queue's waiting times were read: they keep counting from there. */
  queueAt = 0;
  now = Date.now();
  chats: Chat[] = [];
  typing = new Map<string, string>();
  openId?: string;
  /** Why I cannot take another chat; empty while I can. */
  capacityText = '';
  labels: Label[] = [];

  static override styles = [
    base,
    labelStyles,
    css`
    :host { display: block; overflow-y: auto; border-right: 1px solid var(--line); background: var(--bg); }
    nav { padding: 10px; display: flex; flex-direction: column; gap: 14px; }
    li { border-bottom: 1px solid var(--line); }
    .item { display: block; width: 100%; text-align: left; border: 0; border-radius: 6px; padding: 8px 6px; background: none; }
    .item[aria-current=true] { background: var(--selected); }
    .row { display: flex; justify-content: space-between; gap: 6px; align-items: baseline; }
    .sub { font-size: 12px; color: var(--muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .tags { display: flex; gap: 4px; flex-wrap: wrap; margin-top: 3px; }
    .queue-item { display: flex; gap: 6px; align-items: center; padding: 6px 0; }
    .queue-item .item { flex: 1; padding: 2px 6px; }
    .queue-item .row .sub { flex-shrink: 0; }
  `,
  ];

  private open(conversation: Conversation) {
    emit(this, 'sc-open-conversation', { conversation });
  }

  override render() {
    const full = Boolean(this.capacityText);
    // Snoozed chats wait below the others until they come back.
    const awake = this.chats.filter((c) => !c.conversation.snoozedAt);
    const snoozed = this.chats.filter((c) => c.conversation.snoozedAt);
    const waited = Math.max(0, this.now - this.queueAt) / 1000;
    return html`<nav class="lists" aria-label=${t.chats}>
      <section aria-labelledby="queue-h">
        <h2 id="queue-h">${t.queue(this.queue.length)}</h2>
        <ul>${this.queue.map(
          ({ conversation: c, waitingSeconds }) => html`<li class="queue-item">
          <button class="item" @click=${() => this.open(c)} aria-current=${String(c.id === this.openId)}>
            <div class="row"><strong>${customerLabel(c)}</strong><span class="sub">${t.waiting(duration(waitingSeconds + waited))}</span></div>
            <div class="sub">${c.subject ?? ''} ${c.priority !== 'medium' ? html`<span class="pill ${c.priority}">${t.priority[c.priority]}</span>` : nothing}</div>
          </button>
          <button class="primary" @click=${() => emit(this, 'sc-accept', { conversationId: c.id })}
            aria-label=${t.acceptChatWith(customerLabel(c))} ?disabled=${full}
            title=${full ? this.capacityText : t.takeThisChat}>${t.accept}</button>
        </li>`,
        )}
        ${full && this.queue.length > 0 ? html`<li class="sub full" role="note">${this.capacityText}</li>` : nothing}
        ${this.queue.length === 0 ? html`<li class="sub">${t.nobodyWaiting}</li>` : nothing}</ul>
      </section>
      <section aria-labelledby="mine-h">
        <h2 id="mine-h">${t.myChats(awake.length)}</h2>
        <ul>${awake.map((chat) => this.renderChat(chat))}
        ${awake.length === 0 ? html`<li class="sub">${snoozed.length ? t.restSnoozed : t.noActiveChats}</li>` : nothing}</ul>
      </section>
      ${
        snoozed.length
          ? html`<section aria-labelledby="snoozed-h">
            <h2 id="snoozed-h">${t.snoozedList(snoozed.length)}</h2>
            <ul>${snoozed.map((chat) => this.renderChat(chat))}</ul>
          </section>`
          : nothing
      }
    </nav>`;
  }

  private renderChat({ conversation: c, unread, last }: Chat) {
    const marks = c.tags?.length || c.priority !== 'medium' || c.snoozedAt || c.unsnoozedAt;
    return html`<li>
      <button class="item" aria-current=${String(c.id === this.openId)} @click=${() => this.open(c)}>
        <div class="row"><strong>${customerLabel(c)}</strong>
          ${unread ? html`<span class="badge" aria-label=${t.unread(unread)}>${unread}</span>` : nothing}</div>
        <div class="sub">${this.typing.has(c.id) ? t.typing : c.snoozedAt ? t.snoozedUntil(snoozedUntilText(c)) : preview(last) || (c.subject ?? '')}</div>
        ${marks ? html`<div class="tags">${snoozePill(c)}${c.priority !== 'medium' ? html`<span class="pill ${c.priority}">${t.priority[c.priority]}</span>` : nothing}${labelChips(c.tags, this.labels)}</div>` : nothing}
      </button></li>`;
  }
}

if (!customElements.get('sc-chat-lists')) customElements.define('sc-chat-lists', ChatLists);

declare global {
  interface HTMLElementTagNameMap {
    'sc-chat-lists': ChatLists;
  }
}
