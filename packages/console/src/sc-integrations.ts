// <sc-integrations>: what talks to the outside world. What the server has set up (email out and in, SMS, CRM — from
// its environment), the signed webhooks (add, edit, test, turn off, new secret, delete), whether they may reach
// private addresses, and the delivery log of everything sent (emails, texts, CRM calls, webhooks) with redelivery.
import { LitElement, css, html, nothing } from 'lit';
import { deliveryChannels, deliveryStatuses, webhookEvents } from '@support-chat/protocol/constants';
import type { Delivery, SupportChatClient, Webhook } from '@support-chat/sdk';
import { settingsStyles, tableStyles } from './admin-styles.js';
import { emit } from './events.js';
import { dateTime } from './format.js';
import { IntegrationsController } from './integrations-controller.js';
import './sc-confirm-dialog.js';
import { eventLabels } from './sc-webhook-dialog.js';
import './sc-webhook-dialog.js';
import { base } from './styles.js';

const channelLabel: Record<Delivery['channel'], string> = {
  email: 'Email',
  sms: 'SMS',
  crm: 'CRM',
  webhook: 'Webhook',
};
const kindLabel: Record<string, string> = {
  agent_unread: 'Unread messages (agent)',
  customer_reply: 'Reply to customer',
  summary: 'Conversation summary',
  transcript: 'Transcript',
  crm_sync: 'Conversation sync',
  sms: 'Text',
  notice: 'Notice',
  weekly_report: 'Weekly report',
};
const statusClass: Record<Delivery['status'], string> = {
  pending: '',
  sent: 'ok',
  failed: 'bad',
  bounced: 'bad',
  skipped: '',
};
const verifySnippet = `import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (a string, before any JSON parsing).
function verify(secret, header, rawBody) {
  const { t, v1 } = Object.fromEntries(header.split(',').map((p) => p.split('=')));
  if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return false; // older than 5 minutes
  const expected = createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex');
  return v1?.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
}
// verify(process.env.WEBHOOK_SECRET, req.headers['x-support-chat-signature'], rawBody)`;

export class Integrations extends LitElement {
  static override properties = { client: { attribute: false }, editing: { state: true }, deleting: { state: true } };
  client?: SupportChatClient;
  /** The webhook dialog: null closed, undefined adding, a webhook editing. */
  editing: Webhook | undefined | null = null;
  deleting?: Webhook;
  readonly data = new IntegrationsController(this, () => this.client);

  static override styles = [
    base,
    tableStyles,
    settingsStyles,
    css`
    .card h2 { display: flex; align-items: center; gap: 8px; }
    .card h2 .spacer { flex: 1; }
    ul.setup { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
    ul.setup li { display: grid; grid-template-columns: 9em 1fr; gap: 8px; align-items: baseline; }
    .state { font-weight: 600; }
    .state.on { color: var(--ok, #15803d); }
    .state.off { color: var(--muted); }
    td.url { overflow-wrap: anywhere; max-width: 28em; }
    .pill.ok { background: var(--sc-good-bg, #dcfce7); color: var(--sc-good-ink, #14532d); }
    .pill.bad { background: var(--sc-hot-bg, #fee2e2); color: var(--sc-hot-ink, #7f1d1d); }
    .filters { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
    .filters label { display: grid; gap: 4px; font-size: 12.5px; color: var(--muted); }
    td.error { color: var(--danger); font-size: 12.5px; overflow-wrap: anywhere; max-width: 24em; }
    .more { display: flex; justify-content: center; padding-top: 8px; }
    details summary { cursor: pointer; color: var(--accent); }
    .card > *, .once > * { min-width: 0; }
    /* Phones: each row of a table becomes a small card of its cells, one under the other. */
    @media (max-width: 700px) {
      ul.setup li { grid-template-columns: 1fr; gap: 0; }
      table, tbody, tr, td { display: block; width: 100%; }
      thead { display: none; }
      tr { border-bottom: 1px solid var(--line); padding: 8px 0; }
      td { border: 0; padding: 2px 0; max-width: none; }
      td.url { max-width: none; }
      td[data-label]::before { content: attr(data-label) ': '; color: var(--muted); font-size: 12px; }
      .actions { flex-direction: row; justify-content: flex-start; align-items: center; margin-top: 4px; }
      .card h2 { flex-wrap: wrap; }
    }
  `,
  ];

  private renderSetup() {
    const s = this.data.status;
    if (!s) return nothing;
    const row = (name: string, on: boolean, yes: unknown, no: unknown) =>
      html`<li><span>${name}</span><span><span class="state ${on ? 'on' : 'off'}">${on ? 'On' : 'Off'}</span> — ${on ? yes : no}</span></li>`;
    return html`<section class="card" aria-labelledby="setup-h"><h2 id="setup-h">Connected services</h2>
      <ul class="setup">
        ${row('Email', s.email.outgoing, html`notifications, replies and summaries are sent by email`, html`set <code>SMTP_HOST</code> (and <code>SMTP_FROM</code>) to send email`)}
        ${row(
          'Replies by email',
          s.email.incoming,
          html`customers answer our emails, and mail to <strong>${s.email.supportAddress}</strong> opens a conversation`,
          html`set <code>INBOUND_SMTP_PORT</code> and point your mail at it to receive replies`,
        )}
        ${row('SMS', s.sms.configured, html`urgent tickets and SLA warnings are texted (${s.sms.onCallNumbers} on call)`, html`set <code>TWILIO_ACCOUNT_SID</code>, <code>TWILIO_AUTH_TOKEN</code>, <code>TWILIO_PHONE_NUMBER</code>`)}
        ${row('CRM', s.crm.configured, html`agents see CRM context; resolved conversations are synced`, html`set <code>CRM_API_URL</code> (and <code>CRM_API_KEY</code>)`)}
      </ul>
      <p class="hint">These come from the server's environment (see docs/integrations.md); a restart applies changes.</p>
    </section>`;
  }

  private renderWebhooks() {
    const d = this.data;
    const hooks = d.webhooks;
    return html`<section class="card" aria-labelledby="hooks-h">
      <h2 id="hooks-h">Webhooks <span class="spacer"></span>
        <button class="primary" @click=${() => (this.editing = undefined)}>Add webhook</button></h2>
      <p class="hint">Each event is POSTed as JSON, signed with the webhook's secret, and retried with backoff until the
        receiver answers 2xx (a 4xx other than 408 and 429 stops it).</p>
      ${
        d.secret
          ? html`<div class="once" role="status">
          <p>Signing secret for <strong>${d.secret.webhook.description || d.secret.webhook.url}</strong> — copy it now, it is not shown again:</p>
          <p class="row"><code class="key">${d.secret.secret}</code>
            <button type="button" @click=${() => void navigator.clipboard?.writeText(d.secret!.secret)}>Copy</button>
            <button type="button" @click=${() => {
              d.secret = undefined;
              this.requestUpdate();
            }}>Done</button></p>
          <details><summary>How the receiver checks a delivery</summary>
            <p class="hint">Header <code>X-Support-Chat-Signature: t=…,v1=…</code> is an HMAC-SHA256 of <code>t.body</code>:</p>
            <pre>${verifySnippet}</pre></details>
        </div>`
          : nothing
      }
      ${
        !hooks
          ? html`<p role="status">Loading…</p>`
          : !hooks.length
            ? html`<p class="empty">No webhooks. Add one to send conversations, tickets and SLA alerts to your own systems.</p>`
            : html`<table aria-label="Webhooks"><thead><tr><th>Receiver</th><th>Events</th><th>State</th><th>Secret</th>
              <th><span class="sr-only">Actions</span></th></tr></thead><tbody>${hooks.map(
                (w) => html`<tr class=${w.active ? '' : 'inactive'}>
                <td class="url"><strong>${w.description || 'Webhook'}</strong><span class="sub">${w.url}</span></td>
                <td data-label="Events" title=${w.events.map((e) => eventLabels[e]).join('\n')}>${w.events.length === webhookEvents.length ? 'All events' : w.events.join(', ')}</td>
                <td>${w.active ? html`<span class="pill ok">On</span>` : html`<span class="pill">Off</span>`}</td>
                <td data-label="Secret"><code>…${w.secretHint}</code></td>
                <td><div class="actions">
                  <button @click=${() => void d.test(w)} ?disabled=${!w.active}>Send test</button>
                  <button @click=${() => void d.setFilter({ webhookId: w.id })}>Log</button>
                  <button @click=${() => (this.editing = w)} aria-label=${`Edit ${w.url}`}>Edit</button>
                  <button @click=${() => void d.setActive(w, !w.active)}>${w.active ? 'Turn off' : 'Turn on'}</button>
                  <button @click=${() => void d.rotate(w)}>New secret</button>
                  <button class="danger" @click=${() => (this.deleting = w)} aria-label=${`Delete ${w.url}`}>Delete</button>
                </div></td></tr>`,
              )}</tbody></table>`
      }
      ${
        d.status
          ? html`<label class="check"><input type="checkbox" .checked=${d.status.settings.allowPrivateAddresses}
            @change=${(e: Event) => void d.allowPrivate((e.target as HTMLInputElement).checked)}>
            Let webhooks call private and loopback addresses (an intranet receiver)</label>
          <p class="hint">Off by default: a URL that points inside your network (10.x, 192.168.x, localhost, cloud metadata)
            is refused when the call is made, even after a redirect or a changed DNS answer.</p>`
          : nothing
      }
    </section>`;
  }

  private renderLog() {
    const d = this.data;
    const f = d.filter;
    const hooks = d.webhooks ?? [];
    const pick = (key: 'channel' | 'status' | 'webhookId') => (e: Event) =>
      void d.setFilter({ ...f, [key]: (e.target as HTMLSelectElement).value || undefined });
    return html`<section class="card" aria-labelledby="log-h"><h2 id="log-h">Delivery log
        <span class="spacer"></span><button @click=${() => void d.load()}>Refresh</button></h2>
      <div class="filters" role="group" aria-label="Filter the log">
        <label>Channel <select @change=${pick('channel')} .value=${f.channel ?? ''}>
          <option value="">All</option>${deliveryChannels.map((c) => html`<option value=${c} ?selected=${f.channel === c}>${channelLabel[c]}</option>`)}</select></label>
        <label>Status <select @change=${pick('status')}>
          <option value="">All</option>${deliveryStatuses.map((s) => html`<option value=${s} ?selected=${f.status === s}>${s}</option>`)}</select></label>
        <label>Webhook <select @change=${pick('webhookId')}>
          <option value="">All</option>${hooks.map((w) => html`<option value=${w.id} ?selected=${f.webhookId === w.id}>${w.description || w.url}</option>`)}</select></label>
      </div>
      ${
        !d.deliveries.length
          ? html`<p class="empty">Nothing sent${f.channel || f.status || f.webhookId ? ' that matches' : ' yet'}.</p>`
          : html`<table class="log" aria-label="Deliveries"><thead><tr><th>When</th><th>What</th><th>To</th><th>Tries</th>
              <th>Status</th><th>Answer</th><th><span class="sr-only">Actions</span></th></tr></thead><tbody>${d.deliveries.map(
                (x) => html`<tr>
                <td>${dateTime(x.createdAt)}</td>
                <td>${channelLabel[x.channel]}<span class="sub">${kindLabel[x.kind] ?? x.kind}</span></td>
                <td class="url">${x.recipient}${x.subject && x.channel === 'email' ? html`<span class="sub">${x.subject}</span>` : nothing}</td>
                <td data-label="Tries">${x.attempts}</td>
                <td><span class="pill ${statusClass[x.status]}">${x.status}</span>
                  ${x.status === 'pending' && x.attempts > 0 ? html`<span class="sub">next ${dateTime(x.nextAttemptAt)}</span>` : nothing}</td>
                <td class=${x.lastError ? 'error' : ''}>${x.responseStatus ?? ''}${x.lastError ? html`<span class="sub">${x.lastError}</span>` : nothing}</td>
                <td><div class="actions">${x.redeliverable ? html`<button @click=${() => void d.redeliver(x)}>Send again</button>` : nothing}</div></td>
              </tr>`,
              )}</tbody></table>
            ${
              d.deliveries.length < d.total
                ? html`<div class="more"><button @click=${() => void d.more()}>Show more (${d.total - d.deliveries.length} older)</button></div>`
                : nothing
            }`
      }
    </section>`;
  }

  override render() {
    const d = this.data;
    return html`${d.error ? html`<p role="alert">${d.error}</p>` : nothing}
      ${this.renderSetup()} ${this.renderWebhooks()} ${this.renderLog()}
      ${
        this.editing !== null
          ? html`<sc-webhook-dialog .client=${this.client} .webhook=${this.editing} @sc-close=${() => (this.editing = null)}
            @sc-webhook=${(e: HTMLElementEventMap['sc-webhook']) => {
              d.created(e.detail);
              emit(this, 'sc-saved', { done: e.detail.secret ? 'Webhook added' : 'Webhook saved' });
            }}></sc-webhook-dialog>`
          : nothing
      }
      ${
        this.deleting
          ? html`<sc-confirm-dialog heading="Delete this webhook?" confirm-label="Delete webhook"
            .message=${`Deliveries to ${this.deleting.url} stop, and its delivery log is deleted with it.`}
            .action=${() => d.remove(this.deleting!)} @sc-close=${() => (this.deleting = undefined)}
            @sc-done=${() => emit(this, 'sc-saved', { done: 'Webhook deleted' })}></sc-confirm-dialog>`
          : nothing
      }`;
  }
}

if (!customElements.get('sc-integrations')) customElements.define('sc-integrations', Integrations);

declare global {
  interface HTMLElementTagNameMap {
    'sc-integrations': Integrations;
  }
}
