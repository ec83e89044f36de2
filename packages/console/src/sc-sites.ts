// <sc-sites>: the websites that embed the widget, one at a time — how to install it (key, snippet, allowed origins),
// how it looks (with a live preview of the real widget), when the team answers (business hours), and identity
// verification. Sections are their own elements; each saves its part and hands back the site as the server has it.
import { LitElement, css, html, nothing } from 'lit';
import type { Site, SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { errorText } from './format.js';
import './sc-business-hours.js';
import './sc-site-appearance.js';
import './sc-site-dialog.js';
import './sc-site-identity.js';
import './sc-site-install.js';
import { base } from './styles.js';

declare global {
  interface HTMLElementEventMap {
    /** A site section saved a change: the site as the server now has it, and what to tell the admin. */
    'sc-site': CustomEvent<{ site: Site; done: string }>;
  }
}

type Section = 'install' | 'appearance' | 'hours' | 'identity';
const sections: [Section, string][] = [
  ['install', 'Install'],
  ['appearance', 'Appearance'],
  ['hours', 'Business hours'],
  ['identity', 'Identity verification'],
];

export class SitesSettings extends LitElement {
  static override properties = {
    client: { attribute: false },
    sites: { state: true },
    selected: { state: true },
    section: { state: true },
    adding: { state: true },
    error: { state: true },
  };
  client?: SupportChatClient;
  sites?: Site[];
  /** The site shown (its id). */
  selected = '';
  section: Section = 'install';
  adding = false;
  error = '';

  static override styles = [
    base,
    css`
    :host { display: block; }
    .bar { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
    .bar label { display: flex; gap: 8px; align-items: center; font-weight: 500; }
    .bar .spacer { flex: 1; }
    .key { font: 12.5px ui-monospace, monospace; color: var(--muted); }
    nav { display: flex; gap: 6px; flex-wrap: wrap; margin-bottom: 14px; }
    nav button { border-radius: 16px; padding: 4px 12px; }
    nav button[aria-current=page] { background: var(--text); color: var(--bg); border-color: var(--text); }
    [role=alert] { color: var(--danger); }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.sites = await this.client?.listSites();
      this.error = '';
    } catch (err) {
      this.error = errorText(err);
    }
    if (!this.sites?.some((s) => s.id === this.selected))
      this.selected = (this.sites?.find((s) => s.isDefault) ?? this.sites?.[0])?.id ?? '';
  }

  private saved(e: HTMLElementEventMap['sc-site']) {
    const { site, done } = e.detail;
    this.sites = this.sites?.map((s) => (s.id === site.id ? site : s));
    emit(this, 'sc-saved', { done });
  }

  override render() {
    if (!this.sites) return this.error ? html`<p role="alert">${this.error}</p>` : html`<p role="status">Loading…</p>`;
    const site = this.sites.find((s) => s.id === this.selected);
    return html`
      <div class="bar">
        ${
          this.sites.length > 1
            ? html`<label>Site <select @change=${(e: Event) => (this.selected = (e.target as HTMLSelectElement).value)}>
              ${this.sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.selected}>${s.name}</option>`)}
            </select></label>`
            : html`<strong>${site?.name}</strong>`
        }
        ${site ? html`<span class="key">${site.siteKey}</span>` : nothing}
        <span class="spacer"></span>
        <button type="button" @click=${() => (this.adding = true)}>Add site</button>
      </div>
      ${this.error ? html`<p role="alert">${this.error}</p>` : nothing}
      <nav aria-label="Site settings">${sections.map(
        ([key, label]) => html`<button type="button" aria-current=${this.section === key ? 'page' : 'false'}
          @click=${() => (this.section = key)}>${label}</button>`,
      )}</nav>
      ${site ? this.renderSection(site) : nothing}
      ${
        this.adding
          ? html`<sc-site-dialog .client=${this.client} @sc-close=${() => (this.adding = false)}
            @sc-site=${(e: HTMLElementEventMap['sc-site']) => {
              this.sites = [...(this.sites ?? []), e.detail.site];
              this.selected = e.detail.site.id;
              this.section = 'install';
              emit(this, 'sc-saved', { done: e.detail.done });
            }}></sc-site-dialog>`
          : nothing
      }`;
  }

  private renderSection(site: Site) {
    const onSaved = (e: HTMLElementEventMap['sc-site']) => this.saved(e);
    // The console's client may use a relative base: snippets need the absolute origin pages will load from.
    const server = new URL(this.client?.baseUrl || location.origin, location.href).origin;
    if (this.section === 'install')
      return html`<sc-site-install .client=${this.client} .site=${site} server=${server} @sc-site=${onSaved}></sc-site-install>`;
    if (this.section === 'appearance')
      return html`<sc-site-appearance .client=${this.client} .site=${site} server=${server} @sc-site=${onSaved}></sc-site-appearance>`;
    if (this.section === 'hours')
      return html`<sc-business-hours .client=${this.client} .site=${site} @sc-site=${onSaved}></sc-business-hours>`;
    return html`<sc-site-identity .client=${this.client} .site=${site} server=${server} @sc-site=${onSaved}></sc-site-identity>`;
  }
}

if (!customElements.get('sc-sites')) customElements.define('sc-sites', SitesSettings);

declare global {
  interface HTMLElementTagNameMap {
    'sc-sites': SitesSettings;
  }
}
