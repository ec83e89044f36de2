// <support-console>: the /console page. Shows the sign-in form until the session cookie names an agent, then
// the agent console; signing out ends the session on the server.
import { LitElement, css, html } from 'lit';
import { SupportChatClient, type Agent, type User } from '@support-chat/sdk';
import { loadScript } from '@support-chat/ui/load-script';
import { loadStrings } from './i18n.js';
import './agent-console.js';
import './console-login.js';

export class SupportConsole extends LitElement {
  static override properties = { session: { state: true } };
  /** undefined: still asking the server; null: signed out. */
  session?: { user: User; agent: Agent | null } | null;
  private readonly client = new SupportChatClient({ baseUrl: '' });

  static override styles = css`:host { display: block; height: 100%; }`;

  override connectedCallback() {
    super.connectedCallback();
    void this.check();
  }

  private async check() {
    // The chosen language's words are in before anything renders in it.
    const [session] = await Promise.all([this.client.me().catch(() => null), loadStrings(loadScript)]);
    this.session = session;
  }

  private async logout() {
    await this.client.logout().catch(() => {});
    this.session = null;
  }

  override render() {
    if (this.session === undefined) return html`<p role="status">Loading…</p>`;
    if (this.session === null) return html`<console-login @sc-login=${() => this.check()}></console-login>`;
    const { user, agent } = this.session;
    return html`<agent-console .client=${this.client} agent-id=${agent?.id ?? ''} agent-name=${agent?.name ?? user.name}
      @sc-logout=${() => this.logout()} @sc-session-ended=${() => (this.session = null)}></agent-console>`;
  }
}

if (!customElements.get('support-console')) customElements.define('support-console', SupportConsole);
