// <sc-account-dialog>: my own account — the name customers and colleagues see, my password (the current one
// first; my other sessions end, this one stays), the console's theme in this browser, and what the console alerts me
// about while it is in the background.
import { html, nothing } from 'lit';
import { defaultNotificationSettings } from '@support-chat/protocol/constants';
import type { MeResponse, NotificationSettings, SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';
import { applyTheme, storedTheme, themes } from './theme.js';

declare global {
  interface HTMLElementEventMap {
    /** <sc-account-dialog>: my account was saved. */
    'sc-account': CustomEvent<{ me: MeResponse; passwordChanged: boolean }>;
  }
}

export class AccountDialog extends ModalElement {
  static override properties = { ...ModalElement.properties, name: {}, notifications: { attribute: false } };
  client?: SupportChatClient;
  name = '';
  /** My notification settings as they are. */
  notifications: NotificationSettings = { ...defaultNotificationSettings };

  private async submit(e: SubmitEvent) {
    e.preventDefault();
    if (!this.client) return;
    const f = new FormData(e.target as HTMLFormElement);
    const text = (k: string) => String(f.get(k) ?? '');
    const password = text('password');
    if (password && password !== text('confirm')) {
      this.fieldErrors = { confirm: 'does not match the new password' };
      return;
    }
    const name = text('name').trim();
    const checked = (k: string) => f.get(`notify-${k}`) === 'on';
    const minutes = Number(text('emailAfterMinutes'));
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      this.fieldErrors = { emailAfterMinutes: 'a whole number of minutes from 1 to 1440' };
      return;
    }
    const notifications: NotificationSettings = {
      queued: checked('queued'),
      assigned: checked('assigned'),
      messages: checked('messages'),
      sound: checked('sound'),
      email: checked('email'),
      emailAfterMinutes: minutes,
      mentions: checked('mentions'),
    };
    const me = await this.run(
      this.client.updateMe({
        ...(name && name !== this.name ? { name } : {}),
        ...(password ? { password, currentPassword: text('currentPassword') } : {}),
        notifications,
      }),
    );
    if (!me) return;
    emit(this, 'sc-account', { me, passwordChanged: Boolean(password) });
    this.close();
  }

  override render() {
    const described = (n: string) => (this.fieldErrors[n] ? `err-${n}` : nothing);
    return html`<dialog aria-labelledby="account-h" @close=${this.closed}>
      <form @submit=${this.submit} novalidate>
        <h2 id="account-h">Your account</h2>
        <label>Name <input name="name" required maxlength="200" autocomplete="name" .value=${this.name}
          aria-describedby=${described('name')}>${this.fieldError('name')}</label>
        <fieldset><legend>Theme <span class="muted">(this browser, at once)</span></legend>
          ${themes.map(
            (t) => html`<label class="check"><input type="radio" name="theme" value=${t} .checked=${storedTheme() === t}
              @change=${() => applyTheme(t)}> ${t === 'system' ? 'As the system' : t === 'light' ? 'Light' : 'Dark'}</label>`,
          )}
        </fieldset>
        <fieldset><legend>Alert me while the console is in the background</legend>
          ${(
            [
              ['queued', 'when a new chat waits in the queue'],
              ['assigned', 'when a chat is assigned to me'],
              ['messages', 'when a customer writes in one of my chats'],
              ['mentions', 'when a colleague mentions me in a note (and by email when email is on)'],
              ['sound', 'with a sound'],
            ] as [Exclude<keyof NotificationSettings, 'emailAfterMinutes'>, string][]
          ).map(
            ([
              k,
              label,
            ]) => html`<label class="check"><input type="checkbox" name=${`notify-${k}`} .checked=${this.notifications[k]}>
              ${label}</label>`,
          )}
          <p class="muted">Alerts show in the tab's title and, once you allow it, as browser notifications.</p>
        </fieldset>
        <fieldset><legend>Email</legend>
          <label class="check"><input type="checkbox" name="notify-email" .checked=${this.notifications.email}>
            Email me customer messages in my chats that I have not read</label>
          <label class="amount">after <input name="emailAfterMinutes" type="number" min="1" max="1440" step="1"
            inputmode="numeric" .value=${String(this.notifications.emailAfterMinutes)}
            aria-describedby=${described('emailAfterMinutes')}> minutes${this.fieldError('emailAfterMinutes')}</label>
          <p class="muted">While you are away or offline, after one minute. One email per burst of messages; none if
            you read them first.</p>
        </fieldset>
        <fieldset><legend>Change your password (leave empty to keep it)</legend>
          <label>Current password <input name="currentPassword" type="password" autocomplete="current-password"
            aria-describedby=${described('currentPassword')}>${this.fieldError('currentPassword')}</label>
          <label>New password <input name="password" type="password" minlength="8" autocomplete="new-password"
            aria-describedby=${described('password')}>${this.fieldError('password')}</label>
          <label>New password again <input name="confirm" type="password" autocomplete="new-password"
            aria-describedby=${described('confirm')}>${this.fieldError('confirm')}</label>
          <p class="muted">Your other sessions end when the password changes; this one stays.</p>
        </fieldset>
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>Cancel</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>Save</button></div>
      </form>
    </dialog>`;
  }
}

if (!customElements.get('sc-account-dialog')) customElements.define('sc-account-dialog', AccountDialog);

declare global {
  interface HTMLElementTagNameMap {
    'sc-account-dialog': AccountDialog;
  }
}
