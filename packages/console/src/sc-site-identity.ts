// <sc-site-identity>: identity verification for a site. The site owner's server signs each signed-in customer's id
// with the site's secret (HMAC-SHA256, hex) and puts the hash on the page; the widget sends both. Here: require it or
// not, rotate the secret (shown once), and the code that computes the hash in the usual server languages.
import { LitElement, css, html, nothing } from 'lit';
import type { Site, SupportChatClient } from '@support-chat/sdk';
import { settingsStyles } from './admin-styles.js';
import { emit } from './events.js';
import { dateTime, errorText } from './format.js';
import './sc-copy.js';
import { base } from './styles.js';

/** How to compute customerHash on the site's server; each reads the secret from SUPPORT_CHAT_IDENTITY_SECRET. */
export const hashSamples: [string, string][] = [
  [
    'Node.js',
    `import { createHmac } from 'node:crypto';

const customerHash = createHmac('sha256', process.env.SUPPORT_CHAT_IDENTITY_SECRET)
  .update(customerId)
  .digest('hex');`,
  ],
  ['PHP', `$customerHash = hash_hmac('sha256', $customerId, getenv('SUPPORT_CHAT_IDENTITY_SECRET'));`],
  [
    'Python',
    `import hashlib, hmac, os

customer_hash = hmac.new(
    os.environ["SUPPORT_CHAT_IDENTITY_SECRET"].encode(), customer_id.encode(), hashlib.sha256
).hexdigest()`,
  ],
  ['Ruby', `customer_hash = OpenSSL::HMAC.hexdigest('SHA256', ENV['SUPPORT_CHAT_IDENTITY_SECRET'], customer_id)`],
];

/** The tag for a signed-in customer, with their id and hash filled in by the site's templates. */
export const identifiedSnippet = (server: string, siteKey: string) =>
  `<script src="${server}/widget.js" data-site-key="${siteKey}"
  data-customer-id="CUSTOMER_ID" data-customer-hash="CUSTOMER_HASH" async></script>`;

export class SiteIdentity extends LitElement {
  static override properties = {
    client: { attribute: false },
    site: { attribute: false },
    server: {},
    language: { state: true },
    confirming: { state: true },
    secret: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  client?: SupportChatClient;
  site!: Site;
  server = '';
  language = 0;
  /** "Rotate the secret?" is being asked. */
  confirming = false;
  /** The secret just made: shown once. */
  secret = '';
  error = '';
  busy = false;

  static override styles = [
    base,
    settingsStyles,
    css`
    :host { max-width: 820px; }
    .tabs { display: flex; gap: 4px; }
    .tabs button[aria-selected=true] { background: var(--text); color: var(--bg); border-color: var(--text); }
    code.secret { font: 14px ui-monospace, monospace; background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
      padding: 4px 8px; user-select: all; overflow-wrap: anywhere; }
  `,
  ];

  private async setRequired(required: boolean) {
    if (!this.client) return;
    this.busy = true;
    this.error = '';
    try {
      const site = await this.client.updateSite(this.site.id, { requireVerification: required });
      emit(this, 'sc-site', {
        site,
        done: required
          ? 'Verification required: identified customers need a valid hash'
          : 'Verification no longer required',
      });
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  private async rotate() {
    if (!this.client) return;
    this.busy = true;
    this.error = '';
    try {
      const made = await this.client.rotateIdentitySecret(this.site.id);
      this.secret = made.identitySecret;
      this.confirming = false;
      emit(this, 'sc-site', { site: made.site, done: 'New identity secret made: the old one no longer verifies' });
    } catch (err) {
      this.error = errorText(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const s = this.site;
    const [lang, code] = hashSamples[this.language]!;
    const tag = identifiedSnippet(this.server, s.siteKey);
    return html`
      <section class="card" aria-labelledby="verify-h">
        <h2 id="verify-h">Identity verification</h2>
        <p class="hint">When your site tells the widget who a signed-in customer is, anyone could claim to be that
          customer. Verification stops that: your server signs the customer's id with this site's secret, and the
          widget sends the signature along. Verified customers see their earlier conversations on any device.</p>
        <label class="check"><input type="checkbox" name="requireVerification" .checked=${s.requireVerification}
          ?disabled=${this.busy} @change=${(e: Event) => this.setRequired((e.target as HTMLInputElement).checked)}>
          Require it: identified customers without a valid hash are refused (anonymous visitors can still chat)</label>
        ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      </section>
      <section class="card" aria-labelledby="secret-h">
        <h2 id="secret-h">The secret</h2>
        <p>The secret ending in <code class="key">…${s.identitySecretHint}</code>, made ${dateTime(s.identitySecretSetAt)}.
          It is shown only once, when it is made: keep it on your server, never in a page.</p>
        ${
          this.secret
            ? html`<div class="once" role="status"><p>The new secret — copy it now, it is not shown again:</p>
              <p class="row"><code class="secret">${this.secret}</code><sc-copy .text=${this.secret} label="Copy secret"></sc-copy>
                <button type="button" @click=${() => (this.secret = '')}>Done</button></p></div>`
            : this.confirming
              ? html`<div class="once" role="alertdialog" aria-label="Rotate the secret">
                <p>Make a new secret? Hashes made with the current one stop verifying at once, so update your server
                  right after.</p>
                <div class="actions"><button class="danger" type="button" ?disabled=${this.busy} @click=${this.rotate}>Make a new secret</button>
                  <button type="button" @click=${() => (this.confirming = false)}>Cancel</button></div></div>`
              : html`<div><button type="button" @click=${() => (this.confirming = true)}>Rotate secret…</button></div>`
        }
      </section>
      <section class="card" aria-labelledby="code-h">
        <h2 id="code-h">Compute the hash on your server</h2>
        <p class="hint">The hash is HMAC-SHA256 of the customer's id with the secret, as lower-case hex.</p>
        <div class="tabs" role="tablist" aria-label="Language">${hashSamples.map(
          ([name], i) => html`<button type="button" role="tab" aria-selected=${String(i === this.language)}
            @click=${() => (this.language = i)}>${name}</button>`,
        )}</div>
        <div class="code-head"><strong>${lang}</strong><sc-copy .text=${code}></sc-copy></div>
        <pre aria-label=${`${lang} code`}>${code}</pre>
        <div class="code-head"><strong>Then, on the page</strong><sc-copy .text=${tag}></sc-copy></div>
        <pre aria-label="Script tag for a signed-in customer">${tag}</pre>
      </section>`;
  }
}

if (!customElements.get('sc-site-identity')) customElements.define('sc-site-identity', SiteIdentity);

declare global {
  interface HTMLElementTagNameMap {
    'sc-site-identity': SiteIdentity;
  }
}
