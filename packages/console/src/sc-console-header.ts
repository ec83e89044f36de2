// <sc-console-header>: the console's top bar. The views (with my unread count on Inbox), the connection when it is
// not live, the notification opt-in, my status, help and sign-out. It only asks (`sc-view`, `sc-status`, …).
import { LitElement, css, html, nothing } from 'lit';
import { agentStatuses, type AgentStatus, type ConnectionState } from '@support-chat/sdk';
import { emit } from './events.js';
import { t } from './i18n.js';
import { base } from './styles.js';

export type ConsoleView = 'inbox' | 'tickets' | 'conversations' | 'reports' | 'admin';
/** The views in the order the header shows them (their names are in the catalogue). */
export const views: ConsoleView[] = ['inbox', 'tickets', 'conversations', 'reports', 'admin'];

declare global {
  interface HTMLElementEventMap {
    /** <sc-console-header>: show this view. */
    'sc-view': CustomEvent<{ view: ConsoleView }>;
    /** <sc-console-header>: set my status. */
    'sc-status': CustomEvent<{ status: AgentStatus }>;
    /** <sc-console-header>: my name (opens my account). */
    'sc-open-account': CustomEvent<undefined>;
    /** <sc-console-header>: the "?" button. */
    'sc-help': CustomEvent<undefined>;
    /** <sc-console-header>: "Enable notifications" (a click: browsers ask only on a user gesture). */
    'sc-enable-notifications': CustomEvent<undefined>;
  }
}

export class ConsoleHeader extends LitElement {
  static override properties = {
    view: {},
    unread: { type: Number },
    connection: {},
    agentName: { attribute: 'agent-name' },
    status: {},
    askNotifications: { type: Boolean, attribute: 'ask-notifications' },
    isAdmin: { type: Boolean, attribute: 'is-admin' },
  };
  view: ConsoleView = 'inbox';
  unread = 0;
  connection: ConnectionState = 'connecting';
  agentName = '';
  status: AgentStatus = 'offline';
  /** The browser has not been asked about notifications yet. */
  askNotifications = false;
  /** Admins also get the team setup view. */
  isAdmin = false;

  static override styles = [
    base,
    css`
    :host { display: block; }
    header { display: flex; align-items: center; gap: 12px; padding: 8px 14px; background: #0f172a; color: #f8fafc; border-bottom: 1px solid var(--line); }
    .brand { font-size: 16px; margin: 0 8px 0 0; }
    button, select { background: #1e293b; color: #f8fafc; border-color: #334155; }
    nav { display: flex; gap: 4px; }
    nav button[aria-current=page] { background: #f8fafc; color: #0f172a; }
    .spacer { flex: 1; }
    .conn { font-size: 12px; color: #fde68a; }
    button, label { white-space: nowrap; }
    /* Tablet widths: the product name makes room, and when my controls still do not fit beside the views they go to a
       second line rather than pushing the page wider than the screen. */
    @media (max-width: 900px) {
      /* Out of sight, still the page's heading for screen readers. */
      .brand { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
      header { gap: 8px; row-gap: 6px; padding: 8px 10px; flex-wrap: wrap; }
    }
    /* Phones: the views themselves wrap too. */
    @media (max-width: 560px) {
      nav { flex-wrap: wrap; }
    }
  `,
  ];

  override render() {
    const { unread, connection } = this;
    const pick = (e: Event) =>
      emit(this, 'sc-status', { status: (e.target as HTMLSelectElement).value as AgentStatus });
    return html`<header>
      <h1 class="brand">${t.brand}</h1>
      <nav aria-label="Views">${views
        .filter((view) => view !== 'admin' || this.isAdmin)
        .map(
          (view) =>
            html`<button aria-current=${this.view === view ? 'page' : 'false'} @click=${() => emit(this, 'sc-view', { view })}>${t.views[view]}${
              view === 'inbox' && unread
                ? html` <span class="badge" aria-label=${t.unread(unread)}>${unread}</span>`
                : nothing
            }</button>`,
        )}</nav>
      <span class="spacer"></span>
      ${connection !== 'open' ? html`<span class="conn" role="status">${t.connection[connection]}</span>` : nothing}
      ${this.askNotifications ? html`<button @click=${() => emit(this, 'sc-enable-notifications')}>${t.enableNotifications}</button>` : nothing}
      <button class="me" title=${t.accountTitle} @click=${() => emit(this, 'sc-open-account')}>${this.agentName}</button>
      <label><span class="sr-only">${t.yourStatus}</span><select aria-label=${t.yourStatus} .value=${this.status} @change=${pick}>
        ${agentStatuses.map((s) => html`<option value=${s} ?selected=${s === this.status}>${t.agentStatus[s]}</option>`)}
      </select></label>
      <button aria-label=${t.shortcutsLabel} @click=${() => emit(this, 'sc-help')}>?</button>
      <button @click=${() => emit(this, 'sc-logout')}>${t.signOut}</button>
    </header>`;
  }
}

if (!customElements.get('sc-console-header')) customElements.define('sc-console-header', ConsoleHeader);

declare global {
  interface HTMLElementTagNameMap {
    'sc-console-header': ConsoleHeader;
  }
}
