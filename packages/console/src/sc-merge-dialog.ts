// <sc-merge-dialog>: merge another conversation (or ticket) of the same customer into this one. It lists theirs from
// the contact page (same site, any channel), one to choose, says what merging does, and runs it; `sc-merged` tells the
// page. Loaded with work.js.
import { css, html, nothing } from 'lit';
import type { Conversation, SupportChatClient, Ticket } from '@support-chat/sdk';
import { emit } from './events.js';
import { dateTime } from './format.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-merge-dialog>: the other one was merged into this one; `moved` messages came over. */
    'sc-merged': CustomEvent<{ conversation?: Conversation; ticket?: Ticket; moved: number }>;
  }
}

interface Candidate {
  id: string;
  title: string;
  sub: string;
}

export class MergeDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    client: { attribute: false },
    conversation: { attribute: false },
    ticket: { attribute: false },
    preselect: {},
    candidates: { state: true },
    chosen: { state: true },
  };
  static override styles = [
    ...ModalElement.styles,
    css`
      dialog { width: min(560px, 96vw); }
      ul { list-style: none; margin: 0; padding: 0; max-height: 50vh; overflow: auto; border: 1px solid var(--line);
        border-radius: 8px; }
      li + li { border-top: 1px solid var(--line); }
      li label { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 2px 8px; padding: 8px 10px;
        cursor: pointer; align-items: start; }
      li label:has(input:checked) { background: var(--panel); }
      li input { grid-row: span 2; margin-top: 3px; }
      .title { font-weight: 600; overflow-wrap: anywhere; }
      .sub { color: var(--muted); font-size: 12.5px; }
    `,
  ];
  client?: SupportChatClient;
  /** Merge into this conversation… */
  conversation?: Conversation;
  /** …or into this ticket. */
  ticket?: Ticket;
  /** The one to offer first (chosen in the customer panel). */
  preselect = '';
  candidates?: Candidate[];
  chosen = '';

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private get what() {
    return this.ticket ? 'ticket' : 'conversation';
  }

  private async load() {
    const client = this.client;
    if (!client) return;
    const siteId = this.conversation?.siteId ?? (await this.run(this.siteOfTicket(client)));
    const customerId = this.conversation?.customerId ?? this.ticket?.customerId;
    if (!siteId || !customerId) return;
    const page = await this.run(client.getContact(siteId, customerId));
    if (!page) return;
    const list: Candidate[] = this.ticket
      ? page.tickets
          .filter((t) => t.id !== this.ticket!.id && !t.mergedIntoId)
          .map((t) => ({
            id: t.id,
            title: t.subject,
            sub: `${t.status.replace('_', ' ')} · ${t.priority} · opened ${dateTime(t.createdAt)}`,
          }))
      : page.conversations
          .filter((c) => c.id !== this.conversation!.id && !c.mergedIntoId)
          .map((c) => ({
            id: c.id,
            title: c.subject ?? `${c.channel === 'email' ? 'Email' : 'Chat'} of ${dateTime(c.startedAt)}`,
            sub: `${c.channel} · ${c.status}${c.agentName ? ` · ${c.agentName}` : ''} · started ${dateTime(c.startedAt)}`,
          }));
    // The one picked in the customer panel first; the rest newest first, as the contact page has them.
    this.candidates = [...list.filter((x) => x.id === this.preselect), ...list.filter((x) => x.id !== this.preselect)];
    this.chosen = this.candidates[0]?.id ?? '';
  }

  private async siteOfTicket(client: SupportChatClient) {
    return this.ticket ? (await client.getConversation(this.ticket.conversationId)).siteId : undefined;
  }

  private async merge(e: SubmitEvent) {
    e.preventDefault();
    const client = this.client;
    if (!client || !this.chosen) return;
    const body = { sourceId: this.chosen };
    if (this.ticket) {
      const r = await this.run(client.mergeTicket(this.ticket.id, body));
      if (r) emit(this, 'sc-merged', { ticket: r.ticket, moved: r.moved });
      if (r) this.close();
    } else if (this.conversation) {
      const r = await this.run(client.mergeConversation(this.conversation.id, body));
      if (r) emit(this, 'sc-merged', { conversation: r.conversation, moved: r.moved });
      if (r) this.close();
    }
  }

  override render() {
    const list = this.candidates;
    const what = this.what;
    return html`<dialog aria-labelledby="merge-h" @close=${this.closed}>
      <form @submit=${this.merge}>
        <h2 id="merge-h">Merge into this ${what}</h2>
        ${
          !list
            ? html`${this.renderError()}${this.error ? nothing : html`<p role="status">Loading…</p>`}`
            : list.length === 0
              ? html`<p>This customer has no other ${what} to merge.</p>`
              : html`<fieldset><legend>Which of this customer's ${what}s</legend><ul>
                ${list.map(
                  (
                    x,
                  ) => html`<li><label><input type="radio" name="source" .value=${x.id} ?checked=${x.id === this.chosen}
                      @change=${() => (this.chosen = x.id)}>
                    <span class="title">${x.title}</span><span class="sub">${x.sub}</span></label></li>`,
                )}</ul></fieldset>
              <p class="hint">${
                this.ticket
                  ? 'That ticket is closed and points here; its tags join this one, and its messages join this thread in time order.'
                  : 'Its messages (notes too) join this thread in time order and it is closed; if the customer has it open, their chat window moves here.'
              } This cannot be undone.</p>
              ${this.renderError()}`
        }
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          ${list?.length ? html`<button class="primary" type="submit" ?disabled=${this.busy || !this.chosen}>Merge</button>` : nothing}
        </div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-merge-dialog')) customElements.define('sc-merge-dialog', MergeDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-merge-dialog': MergeDialog;
  }
}
