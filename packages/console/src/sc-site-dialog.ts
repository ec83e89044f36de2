// <sc-site-dialog>: add a site (another website or app with its own key, origins and look). Its identity secret is
// shown once, right after, to copy.
import { html, nothing } from 'lit';
import type { Site, SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';
import './sc-copy.js';

export class SiteDialog extends ModalElement {
  static override properties = { ...ModalElement.properties, made: { state: true } };
  client?: SupportChatClient;
  /** The site just made and its secret (shown once). */
  made?: { site: Site; identitySecret: string };

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const allowedOrigins = String(f.get('allowedOrigins') ?? '')
      .split(/\s+/)
      .map((o) => o.replace(/\/+$/, ''))
      .filter(Boolean);
    const made = await this.run(this.client.createSite({ name: String(f.get('name') ?? '').trim(), allowedOrigins }));
    if (!made) return;
    this.made = made;
    emit(this, 'sc-site', { site: made.site, done: `${made.site.name} added` });
  }

  override render() {
    if (this.made)
      return html`<dialog aria-labelledby="site-h" @close=${this.closed}>
        <h2 id="site-h">${this.made.site.name} is ready</h2>
        <p>Its identity secret — for verifying signed-in customers — is shown only now. Copy it to your server if you
          will use verification (you can make a new one later):</p>
        <p><code class="secret">${this.made.identitySecret}</code></p>
        <div class="actions"><sc-copy .text=${this.made.identitySecret} label="Copy secret"></sc-copy><span class="spacer"></span>
          <button class="primary" type="button" @click=${() => this.close()}>Done</button></div>
      </dialog>`;
    return html`<dialog aria-labelledby="site-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="site-h">Add a site</h2>
        <p class="muted">Another website or app, with its own key, allowed origins and widget.</p>
        <label>Name <input name="name" required maxlength="100" autocomplete="off" placeholder="Acme shop"
          aria-describedby=${this.fieldErrors.name ? 'err-name' : nothing}>${this.fieldError('name')}</label>
        <label>Allowed origins <span class="muted">(one per line; you can add them later)</span>
          <textarea name="allowedOrigins" rows="3" placeholder="https://www.example.com"
            aria-describedby=${this.fieldErrors.allowedOrigins ? 'err-allowedOrigins' : nothing}></textarea>
          ${this.fieldError('allowedOrigins')}</label>
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>Add site</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-site-dialog')) customElements.define('sc-site-dialog', SiteDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-site-dialog': SiteDialog;
  }
}
