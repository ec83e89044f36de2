// <sc-ticket-dialog>: a ticket from the open chat, prefilled with its subject (or the customer's first words) and
// assigned to me; the server links the conversation to it.
import { html } from 'lit';
import { priorities, type Agent, type Conversation, type SupportChatClient, type Ticket } from '@support-chat/sdk';
import { emit } from './events.js';
import { customerLabel } from './format.js';
import { ModalElement } from './modal.js';

export class TicketDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    conversation: { attribute: false },
    agents: { attribute: false },
    agentId: { attribute: 'agent-id' },
    firstWords: { attribute: false },
  };
  client?: SupportChatClient;
  conversation?: Conversation;
  agents: Agent[] = [];
  agentId = '';
  /** What the customer wrote first: the subject when the chat has none. */
  firstWords = '';

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const field = (k: string) => String(f.get(k) ?? '').trim();
    if (!this.conversation || !this.client) return;
    const created = await this.run(
      this.client.createTicket({
        conversationId: this.conversation.id,
        subject: field('subject'),
        description: field('description'),
        priority: field('priority') as Ticket['priority'],
        ...(field('category') ? { category: field('category') } : {}),
        ...(field('assignedAgentId') ? { assignedAgentId: field('assignedAgentId') } : {}),
      }),
    );
    if (!created) return;
    emit(this, 'sc-ticket', { ticket: created.ticket });
    this.close();
  }

  override render() {
    const c = this.conversation;
    if (!c) return html``;
    return html`<dialog aria-labelledby="ticket-h" @close=${this.closed}>
      <form @submit=${this.submit}>
        <h2 id="ticket-h">Create a ticket from this chat</h2>
        <label>Subject <input name="subject" required maxlength="500" .value=${c.subject ?? this.firstWords.slice(0, 120)}></label>
        <label>Priority <select name="priority">
          ${priorities.map((p) => html`<option value=${p} ?selected=${p === c.priority}>${p}</option>`)}
        </select></label>
        <label>Category <input name="category" maxlength="100"></label>
        <label>Assignee <select name="assignedAgentId">
          <option value="">Unassigned</option>
          ${this.agents.map((a) => html`<option value=${a.id} ?selected=${a.id === this.agentId}>${a.name}</option>`)}
        </select></label>
        <label>Description <textarea name="description" required rows="4" maxlength="20000"
          .value=${`Follow-up of the chat with ${customerLabel(c)}. The conversation is linked to this ticket.`}></textarea></label>
        ${this.renderError()}
        <div><button class="primary" type="submit" ?disabled=${this.busy}>Create ticket</button>
          <button type="button" @click=${() => this.close()}>Cancel</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-ticket-dialog')) customElements.define('sc-ticket-dialog', TicketDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-ticket-dialog': TicketDialog;
  }
}
