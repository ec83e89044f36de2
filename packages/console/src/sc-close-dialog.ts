// <sc-close-dialog>: closing is final for the customer (a new message starts a new conversation), so it is
// confirmed, and the dialog says how to end a chat without that.
import { html } from 'lit';
import type { Conversation, SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { customerLabel } from './format.js';
import { ModalElement } from './modal.js';

export class CloseDialog extends ModalElement {
  static override properties = { ...ModalElement.properties, conversation: { attribute: false } };
  client?: SupportChatClient;
  conversation?: Conversation;

  private async confirm() {
    const c = this.conversation;
    if (!c || !this.client) return;
    const closed = await this.run(this.client.updateConversation(c.id, { status: 'closed' }));
    if (!closed) return;
    emit(this, 'sc-conversation', { conversation: closed, done: 'Closed' });
    this.close();
  }

  override render() {
    const who = this.conversation ? customerLabel(this.conversation) : 'The customer';
    return html`<dialog aria-labelledby="close-h" @close=${this.closed}>
      <h2 id="close-h">Close this conversation?</h2>
      <p>${who} can no longer write here; a new message from them starts a new conversation.
        To end it but let them come back, resolve it instead.</p>
      ${this.renderError()}
      <div><button class="danger" type="button" ?disabled=${this.busy} @click=${this.confirm}>Close conversation</button>
        <button type="button" @click=${() => this.close()}>Cancel</button></div>
    </dialog>`;
  }
}

if (!customElements.get('sc-close-dialog')) customElements.define('sc-close-dialog', CloseDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-close-dialog': CloseDialog;
  }
}
