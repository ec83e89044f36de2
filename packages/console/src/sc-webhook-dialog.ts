// <sc-webhook-dialog>: add or change a webhook — where deliveries go, what for, which events, on or off. A new one's
// signing secret comes back in the `sc-webhook` event (the page shows it once).
import { html, nothing } from 'lit';
import { webhookEvents } from '@support-chat/protocol/constants';
import type { SupportChatClient, Webhook, WebhookEvent } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-webhook-dialog>: a webhook was created (with its secret, shown once) or changed. */
    'sc-webhook': CustomEvent<{ webhook: Webhook; secret?: string }>;
  }
}

/** Each event in words, in the order the list shows them. */
export const eventLabels: Record<WebhookEvent, string> = {
  'message.created': 'A message is sent (customer, agent or note)',
  'conversation.created': 'A conversation starts',
  'conversation.assigned': 'A conversation is assigned to an agent',
  'conversation.status_changed': 'A conversation changes status (resolved, reopened…)',
  'ticket.created': 'A ticket is created',
  'ticket.updated': 'A ticket changes',
  'sla.warning': 'An SLA target is about to be missed',
  'sla.breach': 'An SLA target was missed',
  'rating.created': 'A customer rates a conversation',
};

export class WebhookDialog extends ModalElement {
  static override properties = { ...ModalElement.properties, webhook: { attribute: false } };
  client?: SupportChatClient;
  /** The webhook to edit; absent to add one. */
  webhook?: Webhook;

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const body = {
      url: String(f.get('url') ?? '').trim(),
      description: String(f.get('description') ?? '').trim(),
      events: f.getAll('events').map(String) as WebhookEvent[],
      active: f.get('active') === 'on',
    };
    const w = this.webhook;
    const done = await this.run(
      w ? this.client.updateWebhook(w.id, body).then((webhook) => ({ webhook })) : this.client.createWebhook(body),
    );
    if (!done) return;
    emit(this, 'sc-webhook', done);
    this.close();
  }

  override render() {
    const w = this.webhook;
    const chosen = new Set<string>(w?.events ?? ['conversation.created', 'message.created']);
    const described = (n: string) => (this.fieldErrors[n] ? `err-${n}` : nothing);
    return html`<dialog aria-labelledby="webhook-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="webhook-h">${w ? 'Edit webhook' : 'Add a webhook'}</h2>
        <label>Receiver URL <input name="url" type="url" required maxlength="2000" placeholder="https://example.com/hooks/support"
          autocomplete="off" .value=${w?.url ?? ''} aria-describedby=${described('url')}>${this.fieldError('url')}</label>
        <label>What it is for <input name="description" maxlength="200" placeholder="Ops dashboard" .value=${w?.description ?? ''}></label>
        <fieldset aria-describedby=${described('events')}><legend>Send these events</legend>
          ${webhookEvents.map(
            (
              ev,
            ) => html`<label class="check"><input type="checkbox" name="events" value=${ev} ?checked=${chosen.has(ev)}>
              ${eventLabels[ev]} <code class="muted">${ev}</code></label>`,
          )}
          ${this.fieldError('events')}
        </fieldset>
        <label class="check"><input type="checkbox" name="active" ?checked=${w?.active ?? true}> On (deliveries are sent)</label>
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>${w ? 'Save' : 'Add webhook'}</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-webhook-dialog')) customElements.define('sc-webhook-dialog', WebhookDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-webhook-dialog': WebhookDialog;
  }
}
