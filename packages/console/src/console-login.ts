// <console-login>: the sign-in form in front of the console. The server sets an httpOnly session cookie; the
// page never holds the token.
import { LitElement, css, html, nothing } from 'lit';
import { SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { base } from './styles.js';
import { t } from './i18n.js';

export class ConsoleLogin extends LitElement {
  static override properties = { error: { state: true }, busy: { state: true } };
  error = '';
  busy = false;

  static override styles = [
    base,
    css`
    :host { display: grid; place-items: center; min-height: 100%; background: var(--panel); }
    form { display: grid; gap: 10px; width: 320px; padding: 24px; background: var(--bg); border: 1px solid var(--line); border-radius: 10px; }
    h1 { margin: 0 0 6px; font-size: 20px; }
    label { display: grid; gap: 4px; }
    .error { color: var(--danger); margin: 0; }
  `,
  ];

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      // No token kept in the page: the cookie the server sets is what the console runs on.
      const client = new SupportChatClient({ baseUrl: '' });
      const { user } = await client.login(String(f.get('email') ?? ''), String(f.get('password') ?? ''));
      client.token = undefined;
      emit(this, 'sc-login', { user });
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<form @submit=${this.submit} aria-labelledby="login-h">
      <h1 id="login-h">${t.signInTitle}</h1>
      <label>${t.email} <input name="email" type="email" autocomplete="username" required></label>
      <label>${t.password} <input name="password" type="password" autocomplete="current-password" required></label>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>${t.signIn}</button>
    </form>`;
  }
}

if (!customElements.get('console-login')) customElements.define('console-login', ConsoleLogin);
