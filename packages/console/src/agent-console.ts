// <agent-console agent-id agent-name>: where agents spend their day. The queue with waiting times, my chats with
// unread counts, the open conversation (thread, typing both ways, receipts, files, emoji, notes, canned replies),
// the customer, and tickets and history a click away. This element is layout and wiring: the inbox (state, socket,
// requests) lives in InboxController over a DOM-free InboxStore; each pane and dialog is its own element.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import type { CannedResponse, SupportChatClient } from '@support-chat/sdk';
import { loadScript } from '@support-chat/ui/load-script';
import { ClockController } from './clock-controller.js';
import { emit } from './events.js';
import { InboxController } from './inbox-controller.js';
import { views, type ConsoleView } from './sc-console-header.js';
import type { ConversationAction, ConversationPane } from './sc-conversation.js';
import { ShortcutController, type ShortcutAction } from './shortcuts.js';
import { base } from './styles.js';
// Types only: both elements' code is in work.js, loaded when Tickets or Conversations first opens.
import type { TicketBoard } from './ticket-board.js';
import type { ConversationViews } from './sc-conversation-views.js';
import type {} from './sc-macros-dialog.js';
import type {} from './sc-contact-dialog.js';
import type {} from './sc-merge-dialog.js';
import { ToastController } from './toast-controller.js';
import './canned-responses.js';
import './sc-chat-lists.js';
import './sc-account-dialog.js';
import './sc-close-dialog.js';
import './sc-console-header.js';
import './sc-conversation.js';
import './sc-customer-panel.js';
import './sc-help-dialog.js';
import './sc-ticket-dialog.js';
import './sc-transfer-dialog.js';

type Overlay = 'help' | 'canned' | 'ticket' | 'transfer' | 'close' | 'account' | 'macros' | 'contact' | 'merge' | null;

export class AgentConsole extends LitElement {
  static override properties = {
    agentId: { attribute: 'agent-id' },
    agentName: { attribute: 'agent-name' },
    client: { attribute: false },
    adminScript: { attribute: 'admin-script' },
    workScript: { attribute: 'work-script' },
    analyticsScript: { attribute: 'analytics-script' },
    view: { state: true },
    overlay: { state: true },
    showing: { state: true },
    customerShown: { state: true },
  };
  agentId = '';
  agentName = '';
  client?: SupportChatClient;
  /** Where Team setup's code is, when it is not bundled with this element (the /console page keeps it apart). */
  adminScript = '/console/admin.js';
  /** Tickets and Conversations (work.js), fetched the first time either opens. */
  workScript = '/console/work.js';
  /** Reports and their charts, fetched the first time Reports is opened. */
  analyticsScript = '/console/analytics.js';
  view: ConsoleView = initialView();
  overlay: Overlay = null;
  /** On a phone the inbox shows one pane: the chat list, or the open conversation. */
  showing: 'list' | 'conversation' = 'list';
  /** Below desktop width the customer panel is a sheet over the conversation, shown on demand. */
  customerShown = false;

  private readonly toast = new ToastController(this);
  private readonly clock = new ClockController(this);
  readonly inbox = new InboxController(this, {
    say: (text) => this.toast.say(text),
    sessionEnded: () => emit(this, 'sc-session-ended'),
    inboxShown: () => this.view === 'inbox',
    ticketChanged: (ticket) => {
      // Not yet upgraded while work.js loads: nothing on it to update then.
      this.renderRoot.querySelector<TicketBoard>('ticket-board')?.applyUpdate?.(ticket);
      if (ticket.customerId === this.inbox.store.open?.customerId) void this.panel?.refresh();
    },
    conversationChanged: (c) =>
      this.renderRoot.querySelector<ConversationViews>('sc-conversation-views')?.applyConversation?.(c),
    presence: (agentId, status) => {
      // Team setup may not be loaded (or upgraded) yet: then it reads statuses fresh when it starts.
      const setup = this.renderRoot.querySelector('agent-management');
      if (setup && 'applyPresence' in setup) setup.applyPresence(agentId, status);
    },
  });

  constructor() {
    super();
    // Keyboard shortcuts from the one table the help dialog shows (shortcuts.ts); the controller lives as long as we do.
    new ShortcutController(this, (action) => this.shortcut(action));
  }

  static override styles = [
    base,
    css`
    :host { display: grid; grid-template-rows: auto 1fr; height: 100%; min-height: 0; background: var(--panel); }
    .inbox { display: grid; grid-template-columns: 280px 1fr 300px; min-height: 0; position: relative; }
    .side { display: flex; flex-direction: column; min-height: 0; }
    .side sc-customer-panel { flex: 1; min-height: 0; }
    .close-sheet { display: none; }
    /* Tablets: the list and the conversation; the customer comes in as a sheet over the conversation. */
    @media (max-width: 1099px) {
      .inbox { grid-template-columns: 260px 1fr; }
      .side { display: none; }
      .inbox.customer .side { display: flex; position: absolute; top: 0; right: 0; bottom: 0; width: min(320px, 100%);
        z-index: 4; background: var(--bg); box-shadow: -8px 0 24px rgba(15, 23, 42, .18); }
      .close-sheet { display: block; align-self: flex-end; margin: 8px 10px 0; }
    }
    /* Phones: one pane at a time. */
    @media (max-width: 767px) {
      .inbox { grid-template-columns: minmax(0, 1fr); }
      .inbox.conversation sc-chat-lists, .inbox.list sc-conversation { display: none; }
    }
    sc-conversation-views { min-height: 0; }
    .toast { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%); background: var(--text); color: var(--bg); padding: 8px 14px; border-radius: 8px; z-index: 10; }
  `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    // Opened on a link to a view whose code loads apart (Team setup's once the role is known: see updated()).
    if (this.view === 'reports') this.loadReports();
    if (this.view === 'tickets' || this.view === 'conversations') this.loadWork();
  }

  private get pane() {
    return this.renderRoot.querySelector<ConversationPane>('sc-conversation');
  }

  private get panel() {
    return this.renderRoot.querySelector('sc-customer-panel');
  }

  protected override updated(changed: PropertyValues<this>) {
    // A link to Team setup: once the role is known, its code for an admin; for an agent, the inbox instead of an
    // empty page (agents never download Team setup).
    if (this.view === 'admin' && this.inbox.roleKnown) {
      if (this.inbox.isAdmin) this.loadAdmin();
      else this.show('inbox');
    }
    if (changed.has('overlay') && this.overlay === 'canned') this.renderRoot.querySelector('canned-responses')?.focus();
    this.inbox.notifier.setUnread(this.inbox.store.totalUnread);
    // Back on the inbox with a chat open: what arrived meanwhile is now seen.
    const id = this.inbox.store.openId;
    if (changed.has('view') && this.view === 'inbox' && id && changed.get('view') !== undefined)
      this.inbox.markSeen(id);
  }

  /** Switches views; Team setup's code is fetched the first time (agents never download it). */
  private show(view: ConsoleView) {
    if (view === 'admin') this.loadAdmin();
    if (view === 'reports') this.loadReports();
    if (view === 'tickets' || view === 'conversations') this.loadWork();
    // Labels may have changed in Team setup meanwhile.
    if (view === 'inbox' || view === 'conversations' || view === 'tickets') void this.inbox.loadLabels();
    // The Conversations view's filters live in the URL: leaving keeps them, coming back restores them.
    if (this.view === 'conversations' && view !== 'conversations') this.conversationsQuery = location.search;
    if (view !== this.view) {
      const search = view === 'conversations' ? this.conversationsQuery || '?view=conversations' : `?view=${view}`;
      history.replaceState(history.state, '', view === 'inbox' ? location.pathname : search);
    }
    this.view = view;
  }

  /** Whose contact page is open (with the `contact` overlay). */
  private contact?: { siteId: string; customerId: string };
  /** With the `merge` overlay: the conversation picked in the customer panel to merge into the open one. */
  private mergeSource = '';

  /** The Conversations view's query string when it was last left. */
  private conversationsQuery = '';

  private loadReports() {
    if (customElements.get('support-analytics')) return;
    void loadScript(this.analyticsScript).catch(() => this.toast.say('Reports could not be loaded'));
  }

  /** A breached ticket picked in Reports: show it on the ticket board. */
  private async openTicket(id: string) {
    this.show('tickets');
    await (await this.board())?.open(id);
  }

  private loadWork() {
    if (customElements.get('ticket-board')) return;
    void loadScript(this.workScript).then(
      () => this.requestUpdate(),
      () => this.toast.say('Tickets and Conversations could not be loaded'),
    );
  }

  /** The ticket board, once its code has loaded. */
  private async board() {
    this.loadWork();
    await customElements.whenDefined('ticket-board');
    // Defined now: the next render creates the board.
    this.requestUpdate();
    await this.updateComplete;
    return this.renderRoot.querySelector('ticket-board');
  }

  private loadAdmin() {
    if (customElements.get('agent-management')) return;
    void loadScript(this.adminScript).catch(() => this.toast.say('Team setup could not be loaded'));
  }

  async openConversation(c: Parameters<InboxController['open']>[0]) {
    this.show('inbox');
    this.showing = 'conversation';
    this.customerShown = false;
    await this.inbox.open(c);
    this.pane?.composer?.focus();
  }

  private async accept(id: string) {
    const c = await this.inbox.accept(id);
    if (c) await this.openConversation(c);
  }

  private async useCanned(r: CannedResponse) {
    this.overlay = null;
    const content = await this.inbox.useCanned(r);
    await this.updateComplete;
    if (content !== undefined) this.pane?.composer?.insert(content);
  }

  private act(action: ConversationAction) {
    if (action === 'back') this.showing = 'list';
    else if (action === 'customer') this.customerShown = !this.customerShown;
    else if (action === 'resolve') void this.inbox.resolve();
    else if (action === 'return') void this.inbox.returnToQueue();
    else {
      // The macros dialog comes with work.js.
      if (action === 'macros') this.loadWork();
      this.overlay = action;
    }
  }

  /** What a shortcut does here; false when it does not apply now (nothing is prevented then). */
  private shortcut(action: ShortcutAction): boolean {
    const open = Boolean(this.inbox.store.openId);
    switch (action) {
      case 'dismiss':
        if (this.overlay) this.overlay = null;
        else if (this.customerShown) this.customerShown = false;
        else return false;
        return true;
      case 'next':
      case 'previous': {
        const c = this.inbox.store.step(action === 'next' ? 1 : -1);
        if (c) void this.openConversation(c);
        return true;
      }
      case 'accept': {
        const first = this.inbox.store.queue[0];
        if (first) void this.accept(first.conversation.id);
        return true;
      }
      case 'resolve':
        void this.inbox.resolve();
        return true;
      case 'note':
        this.pane?.composer?.toggleNote();
        return true;
      case 'labels':
        if (open) void this.pane?.focusLabels();
        return open;
      case 'priority':
        if (open) void this.pane?.focusPriority();
        return open;
      case 'snooze':
        if (open) void this.pane?.focusSnooze();
        return open;
      case 'macro':
        if (open) void this.pane?.focusMacros();
        return open;
      case 'merge':
        if (open) this.askMerge('');
        return open;
      case 'react':
        if (open) void this.pane?.reactToLatest();
        return open;
      case 'contact': {
        const c = this.inbox.store.open;
        if (c) this.openContact({ siteId: c.siteId, customerId: c.customerId });
        return Boolean(c);
      }
      case 'help':
      case 'ticket':
      case 'canned':
        if (open || action === 'help') this.overlay = action;
        return true;
      default:
        this.show(action);
        return true;
    }
  }

  override render() {
    const { inbox } = this;
    return html`
      <sc-console-header .view=${this.view} .unread=${inbox.store.totalUnread} .connection=${inbox.connection.state}
        agent-name=${this.agentName} .status=${inbox.status} ?ask-notifications=${inbox.notifier.permission === 'default'}
        ?is-admin=${inbox.isAdmin}
        @sc-view=${(e: HTMLElementEventMap['sc-view']) => this.show(e.detail.view)}
        @sc-status=${(e: HTMLElementEventMap['sc-status']) => void inbox.setStatus(e.detail.status)}
        @sc-help=${() => (this.overlay = 'help')}
        @sc-open-account=${() => (this.overlay = 'account')}
        @sc-enable-notifications=${() => void inbox.notifier.enable().then(() => this.requestUpdate())}></sc-console-header>
      ${this.view === 'inbox' ? this.renderInbox() : nothing}
      ${
        // Created only once their code is here: an element upgraded later would miss what was set on it.
        (this.view === 'tickets' || this.view === 'conversations') && !customElements.get('ticket-board')
          ? html`<p class="loading" role="status">Loading…</p>`
          : nothing
      }
      ${this.view === 'tickets' && customElements.get('ticket-board') ? html`<ticket-board .client=${this.client} .agents=${inbox.agents} .labels=${inbox.labels} agent-id=${this.agentId}></ticket-board>` : nothing}
      ${
        this.view === 'conversations' && customElements.get('sc-conversation-views')
          ? html`<sc-conversation-views .client=${this.client} agent-id=${this.agentId} team-id=${inbox.teamId ?? ''}
              .labels=${inbox.labels} .teams=${inbox.teams} .agents=${inbox.agents} sync-url
              @sc-open-conversation=${this.onOpen}></sc-conversation-views>`
          : nothing
      }
      ${
        this.view === 'reports'
          ? html`<support-analytics .client=${this.client} .realtime=${inbox.connection.rt} ?is-admin=${inbox.isAdmin}
              @sc-open-ticket=${(e: HTMLElementEventMap['sc-open-ticket']) => void this.openTicket(e.detail.ticketId)}></support-analytics>`
          : nothing
      }
      ${this.view === 'admin' && inbox.isAdmin ? html`<agent-management .client=${this.client} agent-id=${this.agentId}></agent-management>` : nothing}
      ${this.renderOverlay()}
      ${this.toast.text ? html`<div class="toast" role="status">${this.toast.text}</div>` : nothing}`;
  }

  private onOpen = (e: HTMLElementEventMap['sc-open-conversation']) =>
    void this.openConversation(e.detail.conversation);
  private onAccept = (e: HTMLElementEventMap['sc-accept']) => void this.accept(e.detail.conversationId);

  private renderInbox() {
    const { store } = this.inbox;
    const c = store.open;
    const panes = `inbox ${c ? this.showing : 'list'}${this.customerShown ? ' customer' : ''}`;
    return html`<div class=${panes} @sc-open-conversation=${this.onOpen} @sc-accept=${this.onAccept}>
      <sc-chat-lists .queue=${store.queue} .queueAt=${store.queueAt} .now=${this.clock.now} .chats=${store.sortedChats}
        .typing=${store.typing} .openId=${store.openId} .capacityText=${this.inbox.capacityText}
        .labels=${this.inbox.labels}></sc-chat-lists>
      <sc-conversation .client=${this.client} .conversation=${c} .thread=${c ? store.thread(c.id) : undefined}
        .typingName=${c ? store.typing.get(c.id) : undefined} agent-id=${this.agentId} .canned=${this.inbox.canned}
        .agents=${this.inbox.agents} .macros=${this.inbox.macros}
        @sc-run-macro=${(e: HTMLElementEventMap['sc-run-macro']) => void this.inbox.runMacro(e.detail.macroId)}
        @sc-react=${(e: HTMLElementEventMap['sc-react']) => void this.inbox.react(e.detail.messageId, e.detail.emoji, e.detail.on)}
        .labels=${this.inbox.labels} .capacityText=${this.inbox.capacityText}
        @sc-update-conversation=${(e: HTMLElementEventMap['sc-update-conversation']) => void this.inbox.updateOpen(e.detail.patch)}
        @sc-action=${(e: HTMLElementEventMap['sc-action']) => this.act(e.detail.action)}
        @sc-reveal=${(e: HTMLElementEventMap['sc-reveal']) => void this.inbox.loadUntil(e.detail.message).then(() => this.pane?.reveal(e.detail.message.seq))}
        @sc-load-earlier=${() => c && void this.inbox.loadThread(c.id, store.thread(c.id).messages[0]?.seq)}
        @sc-send=${(e: HTMLElementEventMap['sc-send']) => void this.inbox.send(e.detail.content, e.detail.isPrivate)}
        @sc-file=${(e: HTMLElementEventMap['sc-file']) => void this.inbox.upload(e.detail.file, e.detail.isPrivate)}
        @sc-typing=${(e: HTMLElementEventMap['sc-typing']) => c && this.inbox.connection.rt?.typing(c.id, e.detail.isTyping)}
        @sc-canned=${(e: HTMLElementEventMap['sc-canned']) => void this.useCanned(e.detail.response)}
        @sc-open-canned=${() => (this.overlay = 'canned')}>${
          this.overlay === 'canned' && c
            ? html`<canned-responses slot="picker" .responses=${this.inbox.canned} .client=${this.client}
              ?can-share=${this.inbox.isAdmin} agent-id=${this.agentId}
              @sc-select=${(e: HTMLElementEventMap['sc-select']) => void this.useCanned(e.detail.response)}
              @sc-change=${(e: HTMLElementEventMap['sc-change']) => {
                this.inbox.canned = e.detail.responses;
                this.requestUpdate();
              }}
              @sc-close=${() => {
                this.overlay = null;
                this.pane?.composer?.focus();
              }}></canned-responses>`
            : nothing
        }</sc-conversation>
      <div class="side"><button class="close-sheet" @click=${() => (this.customerShown = false)}
        title="Close the customer details"><span aria-hidden="true">×</span> Close</button><sc-customer-panel .client=${this.client} .conversation=${c} .now=${this.clock.now} .labels=${this.inbox.labels}
        @sc-merge=${(e: HTMLElementEventMap['sc-merge']) => this.askMerge(e.detail.sourceId)}
        @sc-open-contact=${(e: HTMLElementEventMap['sc-open-contact']) => this.openContact(e.detail)}
        @sc-open-ticket=${(e: HTMLElementEventMap['sc-open-ticket']) => {
          this.show('tickets');
          void this.board().then((b) => b?.open(e.detail.ticketId));
        }}></sc-customer-panel></div>
    </div>`;
  }

  private renderOverlay() {
    const c = this.inbox.store.open;
    const closed = () => (this.overlay = null);
    const changed = (e: HTMLElementEventMap['sc-conversation']) => {
      this.inbox.applyConversation(e.detail.conversation);
      if (e.detail.done) this.toast.say(e.detail.done);
    };
    if (this.overlay === 'help') return html`<sc-help-dialog @sc-close=${closed}></sc-help-dialog>`;
    if (this.overlay === 'account')
      return html`<sc-account-dialog .client=${this.client} name=${this.agentName} .notifications=${this.inbox.notifier.settings}
        @sc-close=${closed} @sc-error=${this.onError}
        @sc-account=${(e: HTMLElementEventMap['sc-account']) => {
          this.agentName = e.detail.me.agent?.name ?? e.detail.me.user.name;
          this.inbox.notifier.settings = e.detail.me.user.notifications;
          this.toast.say(e.detail.passwordChanged ? 'Saved: your other sessions have ended' : 'Saved');
        }}></sc-account-dialog>`;
    if (this.overlay === 'contact' && this.contact)
      return customElements.get('sc-contact-dialog')
        ? html`<sc-contact-dialog .client=${this.client} site-id=${this.contact.siteId} customer-id=${this.contact.customerId}
            @sc-close=${closed} @sc-error=${this.onError}
            @sc-contact-saved=${() => this.toast.say('Contact saved')}
            @sc-contact-conversation=${(e: HTMLElementEventMap['sc-contact-conversation']) => void this.openConversation(e.detail.conversation)}></sc-contact-dialog>`
        : nothing;
    if (this.overlay === 'macros')
      return customElements.get('sc-macros-dialog')
        ? html`<sc-macros-dialog .client=${this.client} .macros=${this.inbox.macros} .labels=${this.inbox.labels}
            .teams=${this.inbox.teams} ?is-admin=${this.inbox.isAdmin} @sc-close=${closed} @sc-error=${this.onError}
            @sc-macros=${(e: HTMLElementEventMap['sc-macros']) => {
              this.inbox.macros = e.detail.macros;
              this.requestUpdate();
            }}></sc-macros-dialog>`
        : nothing;
    if (!c) return nothing;
    switch (this.overlay) {
      case 'merge':
        return customElements.get('sc-merge-dialog')
          ? html`<sc-merge-dialog .client=${this.client} .conversation=${c} preselect=${this.mergeSource}
              @sc-close=${closed} @sc-error=${this.onError}
              @sc-merged=${(e: HTMLElementEventMap['sc-merged']) => {
                if (e.detail.conversation) this.inbox.applyConversation(e.detail.conversation);
                this.toast.say(`Merged: ${e.detail.moved} ${e.detail.moved === 1 ? 'message' : 'messages'} moved here`);
              }}></sc-merge-dialog>`
          : nothing;
      case 'close':
        return html`<sc-close-dialog .client=${this.client} .conversation=${c} @sc-close=${closed}
          @sc-conversation=${changed} @sc-error=${this.onError}></sc-close-dialog>`;
      case 'transfer':
        return html`<sc-transfer-dialog .client=${this.client} .conversation=${c} .agents=${this.inbox.agents}
          .teams=${this.inbox.teams} agent-id=${this.agentId} @sc-close=${closed} @sc-conversation=${changed}
          @sc-error=${this.onError}></sc-transfer-dialog>`;
      case 'ticket': {
        const first = this.inbox.store.thread(c.id).messages.find((m) => m.senderType === 'customer');
        return html`<sc-ticket-dialog .client=${this.client} .conversation=${c} .agents=${this.inbox.agents}
          agent-id=${this.agentId} .firstWords=${first?.content ?? ''} @sc-close=${closed} @sc-error=${this.onError}
          @sc-ticket=${() => {
            this.toast.say('Ticket created');
            void this.panel?.refresh();
          }}></sc-ticket-dialog>`;
      }
      default:
        return nothing;
    }
  }

  /** A customer's contact page (its dialog comes with work.js). */
  private openContact(who: { siteId: string; customerId: string }) {
    this.contact = who;
    this.loadWork();
    this.overlay = 'contact';
  }

  /** The merge dialog (with work.js) for the open conversation, offering `sourceId` first. */
  private askMerge(sourceId: string) {
    this.mergeSource = sourceId;
    this.loadWork();
    this.overlay = 'merge';
  }

  /** A dialog's request came back 401: the session is over. */
  private onError = () => emit(this, 'sc-session-ended');
}

/** The view a link or a reload asks for (`/console?view=conversations&label=…`); the inbox otherwise. */
function initialView(): ConsoleView {
  const asked = new URLSearchParams(location.search).get('view');
  return views.find((v) => v === asked) ?? 'inbox';
}

if (!customElements.get('agent-console')) customElements.define('agent-console', AgentConsole);

declare global {
  interface HTMLElementTagNameMap {
    'agent-console': AgentConsole;
  }
}
