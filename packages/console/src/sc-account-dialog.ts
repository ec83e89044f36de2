// <sc-account-dialog>: my own account — the name customers and colleagues see, my password (the current one
// first; my other sessions end, this one stays), the console's theme and language in this browser, and what the
// console alerts me about while it is in the background.
import { html, nothing } from 'lit';
import { defaultNotificationSettings } from '@support-chat/protocol/constants';
import type { MeResponse, NotificationSettings, SupportChatClient } from '@support-chat/sdk';
import { emit } from './events.js';
import { ModalElement } from './modal.js';
import { applyTheme, storedTheme, themes } from './theme.js';
import { chooseLocale, locales, storedLocale, t } from './i18n.js';

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
        <h2 id="account-h">${t.yourAccount}</h2>
        <label>${t.name} <input name="name" required maxlength="200" autocomplete="name" .value=${this.name}
          aria-describedby=${described('name')}>${this.fieldError('name')}</label>
        <fieldset><legend>${t.theme} <span class="muted">${t.thisBrowserAtOnce}</span></legend>
          ${themes.map(
            (
              theme,
            ) => html`<label class="check"><input type="radio" name="theme" value=${theme} .checked=${storedTheme() === theme}
              @change=${() => applyTheme(theme)}> ${theme === 'system' ? t.themeSystem : theme === 'light' ? t.themeLight : t.themeDark}</label>`,
          )}
        </fieldset>
        <fieldset><legend>${t.language}</legend>
          ${locales.map(
            ([locale, name]) => html`<label class="check"><input type="radio" name="language" value=${locale}
              .checked=${storedLocale() === locale} @change=${() => chooseLocale(locale)}> <span lang=${locale}>${name}</span></label>`,
          )}
          <p class="muted">${t.languageNote}</p>
        </fieldset>
        <fieldset><legend>${t.alertsLegend}</legend>
          ${(
            [
              ['queued', t.alertQueued],
              ['assigned', t.alertAssigned],
              ['messages', t.alertMessages],
              ['mentions', t.alertMentions],
              ['sound', t.alertSound],
            ] as [Exclude<keyof NotificationSettings, 'emailAfterMinutes'>, string][]
          ).map(
            ([
              k,
              label,
            ]) => html`<label class="check"><input type="checkbox" name=${`notify-${k}`} .checked=${this.notifications[k]}>
              ${label}</label>`,
          )}
          <p class="muted">${t.alertsNote}</p>
        </fieldset>
        <fieldset><legend>${t.email}</legend>
          <label class="check"><input type="checkbox" name="notify-email" .checked=${this.notifications.email}>
            ${t.emailMe}</label>
          <label class="amount">${t.after} <input name="emailAfterMinutes" type="number" min="1" max="1440" step="1"
            inputmode="numeric" .value=${String(this.notifications.emailAfterMinutes)}
            aria-describedby=${described('emailAfterMinutes')}> ${t.minutes}${this.fieldError('emailAfterMinutes')}</label>
          <p class="muted">${t.emailNote}</p>
        </fieldset>
        <fieldset><legend>${t.passwordLegend}</legend>
          <label>${t.currentPassword} <input name="currentPassword" type="password" autocomplete="current-password"
            aria-describedby=${described('currentPassword')}>${this.fieldError('currentPassword')}</label>
          <label>${t.newPassword} <input name="password" type="password" minlength="8" autocomplete="new-password"
            aria-describedby=${described('password')}>${this.fieldError('password')}</label>
          <label>${t.newPasswordAgain} <input name="confirm" type="password" autocomplete="new-password"
            aria-describedby=${described('confirm')}>${this.fieldError('confirm')}</label>
          <p class="muted">${t.passwordNote}</p>
        </fieldset>
        ${this.error && !Object.keys(this.fieldErrors).length ? this.renderError() : nothing}
        <div class="actions"><span class="spacer"></span>
          <button type="button" @click=${() => this.close()}>${t.cancel}</button>
          <button class="primary" type="submit" ?disabled=${this.busy}>${t.save}</button></div>
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
