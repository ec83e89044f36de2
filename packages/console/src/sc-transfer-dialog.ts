// <sc-transfer-dialog>: hands the open chat to another agent (with their status, so nobody transfers to someone
// away) or to a team's queue.
import { html } from 'lit';
import type { Agent, Conversation, SupportChatClient, Team } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

export class TransferDialog extends ModalElement {
  static override properties = {
    ...ModalElement.properties,
    conversation: { attribute: false },
    agents: { attribute: false },
    teams: { attribute: false },
    agentId: { attribute: 'agent-id' },
  };
  client?: SupportChatClient;
  conversation?: Conversation;
  agents: Agent[] = [];
  teams: Team[] = [];
  /** Me: not a transfer target. */
  agentId = '';

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const target = String(new FormData(e.target as HTMLFormElement).get('target') ?? '');
    const [kind, id] = target.split(':');
    if (!this.conversation || !this.client || !id) return;
    const to = kind === 'agent' ? { agentId: id } : { teamId: id };
    const moved = await this.run(this.client.transferConversation(this.conversation.id, to));
    if (!moved) return;
    emit(this, 'sc-conversation', { conversation: moved, done: 'Transferred' });
    this.close();
  }

  override render() {
    const others = this.agents.filter((a) => a.id !== this.agentId);
    return html`<dialog aria-labelledby="transfer-h" @close=${this.closed}>
      <form @submit=${this.submit}>
        <h2 id="transfer-h">Transfer this chat</h2>
        <label>To <select name="target" required>
          <optgroup label="Agents">${others.map((a) => html`<option value=${`agent:${a.id}`}>${a.name} (${a.status})</option>`)}</optgroup>
          <optgroup label="Teams">${this.teams.map((t) => html`<option value=${`team:${t.id}`}>${t.name}</option>`)}</optgroup>
        </select></label>
        ${this.renderError()}
        <div><button class="primary" type="submit" ?disabled=${this.busy}>Transfer</button>
          <button type="button" @click=${() => this.close()}>Cancel</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-transfer-dialog')) customElements.define('sc-transfer-dialog', TransferDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-transfer-dialog': TransferDialog;
  }
}
