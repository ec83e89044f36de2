// <sc-site-install>: what a developer pastes into the site (the script tag, or the npm element) and which origins'
// pages may use it. Origins are saved one change at a time: adding one is checked here as the server checks it.
import { LitElement, html, nothing } from 'lit';
import { isOrigin } from '@support-chat/protocol/constants';
import type { Site, SupportChatClient } from '@support-chat/sdk';
import { settingsStyles } from './admin-styles.js';
import { emit } from './events.js';
import { errorText } from './format.js';
import { fieldErrorsOf } from './modal.js';
import './sc-copy.js';
import { base } from './styles.js';

/** The one-tag embed, for this server and site. */
export const scriptSnippet = (server: string, siteKey: string) =>
  `<script src="${server}/widget.js" data-site-key="${siteKey}" async></script>`;

/** The element from npm, for apps with a bundler. */
export const npmSnippet = (server: string, siteKey: string) =>
  `npm install @support-chat/widget\n\n// in your app\nimport '@support-chat/widget';\n\n<support-chat site-key="${siteKey}" base-url="${server}"></support-chat>`;

export class SiteInstall extends LitElement {
  static override properties = {
    client: { attribute: false },
    site: { attribute: false },
    server: {},
    draft: { state: true },
    originError: { state: true },
    confirmRemove: { state: true },
    busy: { state: true },
  };
  client?: SupportChatClient;
  site!: Site;
  /** Where this server is, as pages reach it. */
  server = '';
  /** The origin being typed. */
  draft = '';
  originError = '';
  /** The origin waiting for "Remove?" to be confirmed. */
  confirmRemove = '';
  busy = false;

  static override styles = [base, settingsStyles];

  private async saveOrigins(allowedOrigins: string[], done: string) {
    if (!this.client) return false;
    this.busy = true;
    this.originError = '';
    try {
      const site = await this.client.updateSite(this.site.id, { allowedOrigins });
      emit(this, 'sc-site', { site, done });
      return true;
    } catch (err) {
      this.originError = fieldErrorsOf(err).allowedOrigins ?? errorText(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async add(e: SubmitEvent) {
    e.preventDefault();
    // A trailing slash is what people paste from the address bar; the origin has none.
    const origin = this.draft.trim().replace(/\/+$/, '');
    if (!isOrigin(origin)) {
      this.originError = 'must be an origin such as https://www.example.com (scheme, host and optional port, no path)';
      return;
    }
    if (this.site.allowedOrigins.includes(origin)) {
      this.originError = `${origin} is already allowed`;
      return;
    }
    if (await this.saveOrigins([...this.site.allowedOrigins, origin], `${origin} may now use the widget`))
      this.draft = '';
  }

  private async removeOrigin(origin: string) {
    this.confirmRemove = '';
    await this.saveOrigins(
      this.site.allowedOrigins.filter((o) => o !== origin),
      `${origin} removed: chats from its pages are refused`,
    );
  }

  override render() {
    const { site, server } = this;
    const script = scriptSnippet(server, site.siteKey);
    const npm = npmSnippet(server, site.siteKey);
    return html`
      <section class="card" aria-labelledby="install-h">
        <h2 id="install-h">Add the widget to your site</h2>
        <p class="hint">Paste this before <code>&lt;/body&gt;</code> on every page that should have the chat button.
          The site key <code class="key">${site.siteKey}</code> is public: it only names the site.</p>
        <div class="code-head"><strong>Script tag</strong><sc-copy .text=${script} label="Copy snippet"></sc-copy></div>
        <pre aria-label="Script tag">${script}</pre>
        <div class="code-head"><strong>Or from npm</strong><sc-copy .text=${npm} label="Copy"></sc-copy></div>
        <pre aria-label="npm">${npm}</pre>
      </section>
      <section class="card" aria-labelledby="origins-h">
        <h2 id="origins-h">Allowed origins</h2>
        <p class="hint">Only pages on these origins may chat with this site's key (pages on this server, ${server}, always
          may). Everywhere else the widget says chat is not available there.</p>
        ${
          site.allowedOrigins.length
            ? html`<ul aria-label="Allowed origins">${site.allowedOrigins.map(
                (o) => html`<li class="row">
                  <code class="key">${o}</code>
                  ${
                    this.confirmRemove === o
                      ? html`<span role="alert">Remove it? Its pages can no longer chat.</span>
                        <button class="danger" type="button" @click=${() => this.removeOrigin(o)}>Remove</button>
                        <button type="button" @click=${() => (this.confirmRemove = '')}>Keep</button>`
                      : html`<button type="button" aria-label=${`Remove ${o}`} @click=${() => (this.confirmRemove = o)}>Remove</button>`
                  }
                </li>`,
              )}</ul>`
            : html`<p class="hint"><strong>None yet</strong>: only pages on this server can chat.</p>`
        }
        <form class="row" @submit=${this.add} novalidate aria-label="Allow an origin">
          <label class="field">Allow another origin
            <input name="origin" inputmode="url" autocomplete="off" placeholder="https://www.example.com" size="34"
              .value=${this.draft} aria-invalid=${this.originError ? 'true' : 'false'}
              aria-describedby=${this.originError ? 'origin-err' : nothing}
              @input=${(e: Event) => {
                this.draft = (e.target as HTMLInputElement).value;
                this.originError = '';
              }}>
          </label>
          <button class="primary" type="submit" ?disabled=${this.busy} style="align-self:end">Allow</button>
        </form>
        ${this.originError ? html`<p class="field-error" id="origin-err">${this.originError}</p>` : nothing}
      </section>`;
  }
}

if (!customElements.get('sc-site-install')) customElements.define('sc-site-install', SiteInstall);

declare global {
  interface HTMLElementTagNameMap {
    'sc-site-install': SiteInstall;
  }
}
