// <support-chat>: the customer's chat. Text is always rendered as text (Lit bindings), never as HTML.
// Talks to the server through @support-chat/sdk (types only from protocol, so no zod in the bundle).
import { LitElement, css, html, nothing, svg, type PropertyValues } from 'lit';
import {
  SupportChatClient,
  generatedVisitorName,
  newClientMessageId,
  type Message,
  type RealtimeConnection,
} from '@support-chat/sdk';
import { expandShortcodes } from '@support-chat/ui/emoji';
import { stringsFor, type Strings } from './i18n.js';

import { checkCommand, identityOf, type Command } from './commands.js';

// Icons as inline SVG: emoji glyphs depend on the visitor's fonts and render as boxes without one.
const icon = (
  d: string,
) => html`<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" stroke="currentColor"
  stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${svg`<path d=${d}></path>`}</svg>`;
const CHAT = 'M21 12a8 8 0 0 1-11.5 7.2L4 21l1.8-5.5A8 8 0 1 1 21 12z';
const CLOSE = 'M6 6l12 12M18 6L6 18';
const SMILE = 'M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9h.01M15 9h.01';
const CLIP = 'M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8-8';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');

const emit = (name: string, detail?: unknown) =>
  window.dispatchEvent(new CustomEvent(`support-chat:${name}`, { detail }));

/**
 * @fires support-chat:ready, support-chat:open, support-chat:close, support-chat:message, support-chat:unread (on window)
 * @cssproperty --sc-accent - the launcher and your own messages
 */
export class SupportChatElement extends LitElement {
  static override properties = {
    /** The site's public key. */
    siteKey: { type: String, attribute: 'site-key' },
    /** Where the support-chat server is; the page's origin when empty. */
    baseUrl: { type: String, attribute: 'base-url' },
    /** The seed's ChatWidget props, as attributes. */
    customerId: { type: String, attribute: 'customer-id' },
    customerName: { type: String, attribute: 'customer-name' },
    customerEmail: { type: String, attribute: 'customer-email' },
    customerHash: { type: String, attribute: 'customer-hash' },
    /** Whether the panel is open. */
    open: { type: Boolean, reflect: true },
    locale: { type: String },
    /** Which corner: `right` (default) or `left`. */
    position: { type: String, reflect: true },
    /** Shorthand for the `--sc-accent` custom property. */
    accentColor: { type: String, attribute: 'accent-color' },
    messages: { state: true },
    typingName: { state: true },
    queueText: { state: true },
    offline: { state: true },
    unread: { state: true },
    status: { state: true },
    rated: { state: true },
    notice: { state: true },
    intro: { state: true },
    picking: { state: true },
    uploading: { state: true },
    transcriptTo: { state: true },
    agentName: { state: true },
    teamOnline: { state: true },
    emailEnabled: { state: true },
    confirmingEnd: { state: true },
    originRefused: { state: true },
    transcriptConfirm: { state: true },
    pending: { state: true },
  };

  siteKey = '';
  baseUrl = '';
  customerId?: string;
  customerName?: string;
  customerEmail?: string;
  customerHash?: string;
  open = false;
  locale?: string;
  position: 'left' | 'right' = 'right';
  accentColor?: string;
  messages: Message[] = [];
  typingName: string | null = null;
  queueText: string | null = null;
  offline = false;
  unread = 0;
  /** The conversation's status, for the rating form once it is resolved. */
  status: string | null = null;
  rated = false;
  /** A one-line problem to show (an upload that failed). */
  notice: string | null = null;
  /** Before the first message: nothing, the pre-chat form, or the offline form (and its thank-you). */
  intro: 'none' | 'prechat' | 'offline' | 'offline-sent' | 'pending' = 'pending';
  private subject?: string;
  /** The emoji picker is showing (its code is fetched the first time). */
  picking = false;
  /** The file being uploaded and how far along it is (0-1). */
  uploading: { name: string; fraction: number } | null = null;
  /** Where the transcript was sent, once asked for. */
  transcriptTo: string | null = null;
  /** Who is answering, once an agent has joined. */
  agentName: string | null = null;
  /** From availability: whether anyone is online (null: not known yet). */
  teamOnline: boolean | null = null;
  /** Whether the server can send email: email actions and promises are shown only then. */
  emailEnabled = false;
  /** The server refuses this page's origin for the site: no form or composer is offered. */
  originRefused = false;
  /** The visitor pressed "End chat" and is asked to confirm. */
  confirmingEnd = false;
  /** The transcript waits for the visitor to open a confirmation link. */
  transcriptConfirm = false;
  /** Messages written here and not yet stored by the server (shown as "Sending…"). */
  pending: { key: string; content: string }[] = [];
  private pickerLoad?: Promise<void>;

  private client?: SupportChatClient;
  private connection?: RealtimeConnection;
  private conversationId?: string;
  private starting?: Promise<string>;

  static override styles = css`
    :host { all: initial; font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #111; }
    .launcher { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; width: 56px; height: 56px; border-radius: 50%;
      border: 0; background: var(--sc-accent, #2563eb); color: #fff; cursor: pointer; font-size: 24px; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .badge { position: absolute; top: -4px; right: -4px; background: #dc2626; color: #fff; border-radius: 10px; padding: 0 6px; font-size: 12px; }
    .panel { position: fixed; bottom: 88px; right: 20px; z-index: 2147483000; width: 360px; max-height: 560px; display: flex;
      flex-direction: column; background: #fff; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden; }
    header { background: var(--sc-accent, #2563eb); color: #fff; padding: 12px 16px; display: flex; justify-content: space-between; align-items: center; }
    .who { display: flex; align-items: center; gap: 10px; }
    .avatar { width: 32px; height: 32px; border-radius: 50%; background: rgba(255,255,255,.25); display: flex; align-items: center; justify-content: center; font-weight: 600; }
    .sub { font-size: 12px; }
    li.pending { opacity: .85; }
    header button { background: transparent; border: 0; color: inherit; font-size: 18px; cursor: pointer; }
    .log { overflow-y: auto; flex: 1; min-height: 200px; }
    ol { list-style: none; margin: 0; padding: 12px; }
    li { margin: 6px 0; max-width: 80%; padding: 8px 10px; border-radius: 10px; background: #f1f5f9; overflow-wrap: anywhere; }
    .text { white-space: pre-wrap; }
    li.customer { margin-left: auto; background: var(--sc-accent, #2563eb); color: #fff; }
    li.system { background: transparent; color: #64748b; text-align: center; margin: 6px auto; font-size: 12px; }
    .meta { font-size: 11px; opacity: .75; }
    li.customer .meta { opacity: 1; }
    .status { padding: 4px 12px; font-size: 12px; color: #475569; }
    header button.end { margin-left: auto; margin-right: 6px; width: auto; padding: 4px 10px; border: 1px solid rgba(255,255,255,.6); border-radius: 6px; font: inherit; font-size: 12px; }
    .status.confirm { display: flex; gap: 8px; align-items: center; padding: 8px 12px; font-size: 13px; border-bottom: 1px solid #e2e8f0; }
    .status.confirm .primary { background: var(--sc-accent, #2563eb); color: #fff; border: 0; border-radius: 6px; padding: 6px 10px; cursor: pointer; font: inherit; }
    .status.ended { padding: 12px; font-size: 14px; border-top: 1px solid #e2e8f0; display: flex; flex-direction: column; gap: 6px; align-items: flex-start; }
    form.composer { display: flex; gap: 8px; padding: 8px; border-top: 1px solid #e2e8f0; }
    .attach { cursor: pointer; display: flex; align-items: center; color: #475569; }
    .launcher { display: flex; align-items: center; justify-content: center; }
    .attach input { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .attach:focus-within { outline: 2px solid var(--sc-accent, #2563eb); }
    img.preview { max-width: 200px; max-height: 160px; border-radius: 6px; display: block; }
    .error { color: #b91c1c; }
    .upload progress { width: 100%; }
    button.link { background: none; border: 0; padding: 0; color: var(--sc-accent, #2563eb); text-decoration: underline; cursor: pointer; font: inherit; }
    .intro { padding: 12px; display: grid; gap: 8px; }
    .intro p { margin: 0; }
    .intro input, .intro textarea { font: inherit; padding: 8px; border: 1px solid #cbd5e1; border-radius: 8px; }
    .intro button { background: var(--sc-accent, #2563eb); color: #fff; border: 0; border-radius: 8px; padding: 8px; cursor: pointer; }
    form.rating { padding: 8px 12px; border-top: 1px solid #e2e8f0; display: grid; gap: 6px; }
    form.rating fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
    form.rating input[name=comment] { font: inherit; padding: 6px; border: 1px solid #cbd5e1; border-radius: 6px; }
    textarea { flex: 1; resize: none; font: inherit; padding: 8px; border: 1px solid #cbd5e1; border-radius: 8px; }
    form.composer button.emoji { background: none; color: #475569; padding: 0; }
    form.composer button, form.rating button { background: var(--sc-accent, #2563eb); color: #fff; border: 0; border-radius: 8px; padding: 0 14px; cursor: pointer; }
    form.rating button { padding: 8px 14px; font: inherit; justify-self: start; }
    :host([position='left']) .launcher { right: auto; left: 20px; }
    :host([position='left']) .panel { right: auto; left: 20px; }
    @media (max-width: 480px) { .panel { inset: 0; width: auto; max-height: none; border-radius: 0; } }
    @media (prefers-color-scheme: dark) {
      .panel { background: #0f172a; color: #e2e8f0; } li { background: #1e293b; } textarea { background: #1e293b; color: #e2e8f0; border-color: #334155; }
      .status { color: #94a3b8; } .status.ended { color: #e2e8f0; border-top-color: #334155; } .status.confirm { border-bottom-color: #334155; }
    }
  `;

  private get t(): Strings {
    return stringsFor(this.locale);
  }

  private get storageKey() {
    return `support-chat:${this.siteKey || 'default'}`;
  }

  override connectedCallback() {
    super.connectedCallback();
    this.client = new SupportChatClient({ baseUrl: this.baseUrl || location.origin });
    const saved = localStorage.getItem(this.storageKey);
    if (saved) {
      try {
        const { token, conversationId } = JSON.parse(saved) as { token: string; conversationId?: string };
        this.client.token = token;
        // No conversation after "Start a new conversation": keep the visitor, start on the next message.
        if (conversationId) void this.resume(conversationId);
      } catch {
        localStorage.removeItem(this.storageKey);
      }
    }
    window.addEventListener('online', this.onOnline);
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('storage', this.onStorage);
    this.offline = !navigator.onLine;
    emit('ready');
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this.connection?.close();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('storage', this.onStorage);
  }

  /** Another tab started (or reset) the conversation: follow it here too. */
  private onStorage = (e: StorageEvent) => {
    if (e.key !== this.storageKey || !e.newValue) return;
    try {
      const { token, conversationId } = JSON.parse(e.newValue) as { token: string; conversationId?: string };
      if (!conversationId || conversationId === this.conversationId) return;
      this.client!.token = token;
      this.intro = 'none';
      void this.resume(conversationId);
    } catch {
      // Not ours to understand.
    }
  };

  private onOnline = () => (this.offline = false);
  private onOffline = () => (this.offline = true);

  /** The loader's command API: SupportChat('open'), SupportChat('identify', {...}), … */
  command(cmd: Command, arg?: unknown) {
    // Called by the loader (which checked already) or directly on the element: the same rules either way.
    checkCommand(cmd, arg);
    switch (cmd) {
      case 'open':
        this.open = true;
        break;
      case 'close':
        this.open = false;
        break;
      case 'toggle':
        this.open = !this.open;
        break;
      case 'setLocale':
        this.locale = String(arg);
        break;
      case 'identify':
        Object.assign(this, identityOf(arg));
        break;
      case 'reset':
        this.connection?.close();
        localStorage.removeItem(this.storageKey);
        this.messages = [];
        this.status = null;
        this.rated = false;
        this.transcriptTo = null;
        this.agentName = null;
        this.intro = 'pending';
        this.conversationId = undefined;
        this.starting = undefined;
        if (this.client) this.client.token = undefined;
        break;
    }
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // Only a plain colour is accepted, so an attribute cannot smuggle other CSS in.
    if (changed.has('accentColor')) {
      const ok =
        this.accentColor &&
        /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\))$/i.test(this.accentColor);
      if (ok) this.style.setProperty('--sc-accent', this.accentColor!);
      else this.style.removeProperty('--sc-accent');
    }
  }

  protected override updated(changed: PropertyValues<this>) {
    // Opening can happen in the very first update (a queued SupportChat('open')), so no previous value is needed.
    if (changed.has('open')) {
      if (this.open) {
        emit('open');
        this.unread = 0;
        this.markRead();
        if (this.intro === 'pending') void this.decideIntro();
        void this.updateComplete.then(() => {
          // Opened (after a reload, say) at the newest message, not the oldest.
          const list = this.renderRoot.querySelector('.log');
          if (list) list.scrollTop = list.scrollHeight;
          (this.renderRoot.querySelector('.panel input, .panel textarea') as HTMLElement | null)?.focus();
        });
      } else if (changed.get('open')) {
        emit('close');
        void this.updateComplete.then(() =>
          (this.renderRoot.querySelector('.launcher') as HTMLElement | null)?.focus(),
        );
      }
    }
    if (changed.has('messages')) {
      const list = this.renderRoot.querySelector('.log');
      if (list) list.scrollTop = list.scrollHeight;
    }
  }

  /**
   * What a new visitor sees first: the offline form when nobody can answer (availability), the pre-chat form when the
   * host page did not identify them, else the composer.
   */
  private async decideIntro() {
    // A returning visitor goes straight to their chat; availability still tells the header and the email actions.
    if (this.conversationId) this.intro = 'none';
    let offline = false;
    if (this.siteKey) {
      try {
        const a = await this.client!.getAvailability(this.siteKey);
        offline = a.onlineAgents === 0;
        this.teamOnline = !offline;
        this.emailEnabled = a.email;
        if (!a.originAllowed) this.refuseOrigin();
      } catch {
        // Unknown availability: offer the chat rather than a dead end.
      }
    }
    if (this.conversationId) return;
    const identified = Boolean(this.customerId || this.customerEmail || this.customerName);
    this.intro = offline ? 'offline' : identified ? 'none' : 'prechat';
  }

  /**
   * The server will refuse every chat call from this page: tell the visitor plainly, and the site owner (once, in
   * the console) what to change.
   */
  private refuseOrigin() {
    this.originRefused = true;
    this.notice = this.t.originRefused;
    console.error(
      `support-chat: this page's origin ${location.origin} is not allowed for site ${this.siteKey || '(default)'}. ` +
        "Add it to the site's allowed origins: ALLOWED_ORIGINS for the default site, or PUT /api/sites/:id { allowedOrigins }.",
    );
  }

  private onPrechat(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    this.customerName = String(data.get('name') ?? '').trim() || undefined;
    this.customerEmail = String(data.get('email') ?? '').trim() || undefined;
    this.subject = String(data.get('subject') ?? '').trim() || undefined;
    this.intro = 'none';
    void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  private async onOfflineForm(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const message = String(data.get('message') ?? '').trim();
    this.notice = null;
    try {
      const { ticket, visitorToken } = await this.client!.createTicket({
        subject: message.split('\n')[0]!.slice(0, 120) || 'Message',
        description: message,
        customerName: String(data.get('name') ?? '').trim() || undefined,
        customerEmail: String(data.get('email') ?? '').trim(),
        siteKey: this.siteKey || undefined,
      });
      if (visitorToken) {
        this.client!.token = visitorToken;
        localStorage.setItem(
          this.storageKey,
          JSON.stringify({ token: visitorToken, conversationId: ticket.conversationId }),
        );
      }
      this.intro = 'offline-sent';
    } catch (err) {
      this.notice = (err as Error).message;
    }
  }

  private renderIntro() {
    const t = this.t;
    if (this.intro === 'offline-sent')
      return html`<div class="intro" role="status">${this.emailEnabled ? t.offlineThanks : t.offlineThanksNoEmail}</div>`;
    if (this.intro === 'offline') {
      return html`<form class="intro" @submit=${this.onOfflineForm}>
        <p>${this.emailEnabled ? t.offlineTitle : t.offlineTitleNoEmail}</p>
        <input name="name" autocomplete="name" maxlength="200" aria-label=${t.name} placeholder=${t.name} .value=${this.customerName ?? ''}>
        <input name="email" type="email" required autocomplete="email" maxlength="320" aria-label=${t.email} placeholder=${t.email} .value=${this.customerEmail ?? ''}>
        <textarea name="message" required rows="4" maxlength="10000" aria-label=${t.offlineMessage} placeholder=${t.offlineMessage}></textarea>
        <button type="submit">${t.offlineSend}</button>
      </form>`;
    }
    return html`<form class="intro" @submit=${this.onPrechat}>
      <p>${t.prechatTitle}</p>
      <input name="name" required autocomplete="name" maxlength="200" aria-label=${t.name} placeholder=${t.name}>
      <input name="email" type="email" required autocomplete="email" maxlength="320" aria-label=${t.email} placeholder=${t.email}>
      <input name="subject" maxlength="500" aria-label=${t.subject} placeholder=${t.subject}>
      <button type="submit">${t.start}</button>
    </form>`;
  }

  private async resume(conversationId: string) {
    try {
      const page = await this.client!.listMessages(conversationId, { limit: 50 });
      this.conversationId = conversationId;
      this.intro = 'none';
      this.messages = page.messages;
      const conversation = await this.client!.getConversation(conversationId);
      this.agentName =
        conversation.agentName ??
        [...page.messages].reverse().find((m) => m.senderType === 'agent')?.senderName ??
        null;
      this.status = conversation.status;
      this.notice = null;
      // Rated before the reload: the form does not come back.
      if (conversation.status === 'resolved' || conversation.status === 'closed') {
        this.rated = (await this.client!.getRating(conversationId).catch(() => null)) !== null;
      }
      // Who they told us they are, for a transcript or a new conversation after this one.
      this.customerEmail ??= conversation.customerEmail ?? undefined;
      if (!generatedVisitorName.test(conversation.customerName)) this.customerName ??= conversation.customerName;
      this.listen(conversationId, page.messages.at(-1)?.seq ?? 0);
    } catch {
      // The token expired or the conversation is gone: start fresh on the next message.
      localStorage.removeItem(this.storageKey);
      this.client!.token = undefined;
    }
  }

  private ensureConversation(firstMessage: string): Promise<string> {
    this.starting ??= this.client!.startConversation({
      siteKey: this.siteKey || undefined,
      customerId: this.customerId || undefined,
      customerName: this.customerName || undefined,
      customerEmail: this.customerEmail || undefined,
      customerHash: this.customerHash || undefined,
      subject: this.subject,
      message: firstMessage,
      metadata: { pageUrl: location.href.slice(0, 2000) },
    }).then(
      ({ conversation, visitorToken }) => {
        this.customerEmail ??= conversation.customerEmail ?? undefined;
        localStorage.setItem(this.storageKey, JSON.stringify({ token: visitorToken, conversationId: conversation.id }));
        this.conversationId = conversation.id;
        this.listen(conversation.id, 0);
        return conversation.id;
      },
      (err) => {
        this.starting = undefined;
        throw err;
      },
    );
    return this.starting;
  }

  private listen(conversationId: string, afterSeq: number) {
    this.connection?.close();
    const c = this.client!.connect({ conversationId, lastSeq: { [conversationId]: afterSeq } });
    this.connection = c;
    c.on('message', (f) => {
      // The server never sends private notes to a visitor; this keeps one from ever showing if it did.
      if (f.data.isPrivate || this.messages.some((m) => m.id === f.data.id)) return;
      this.messages = [...this.messages, f.data];
      // Whoever answers is named in the header (the assignment event may have come before this socket).
      if (f.data.senderType === 'agent' && f.data.senderName) this.agentName = f.data.senderName;
      if (f.data.senderType !== 'customer') {
        this.typingName = null;
        emit('message', f.data);
        if (this.open) this.markRead();
        else {
          this.unread++;
          emit('unread', { count: this.unread });
        }
      }
    });
    c.on('typing', (f) => {
      if (f.data.userType === 'customer') return;
      this.typingName = f.data.isTyping ? (f.data.userName ?? this.t.someone) : null;
    });
    c.on('read', (f) => {
      if (f.data.readerType === 'customer') return;
      this.messages = this.messages.map((m) =>
        m.seq <= f.data.seq && m.senderType === 'customer' && !m.readAt ? { ...m, readAt: f.data.readAt } : m,
      );
    });
    c.on('queue_update', (f) => {
      const { position, estimatedWaitSeconds } = f.data;
      this.queueText =
        position > 0
          ? this.t.queue(
              position,
              estimatedWaitSeconds === null ? null : Math.max(1, Math.round(estimatedWaitSeconds / 60)),
            )
          : null;
    });
    c.on('agent_assigned', (f) => {
      this.queueText = null;
      this.agentName = f.data.agentName;
    });
    c.on('status_change', (f) => (this.status = f.data.status));
    c.on('state', ({ state }) => (this.offline = state === 'reconnecting' || !navigator.onLine));
  }

  private markRead() {
    const last = [...this.messages].reverse().find((m) => m.senderType !== 'customer');
    if (last && this.conversationId) this.connection?.read(last.id, this.conversationId);
  }

  private async send(text: string) {
    const content = expandShortcodes(text.trim());
    if (!content) return;
    // The pending line is the message's own retry key: the stored copy replaces it exactly, whatever its text.
    const key = newClientMessageId();
    this.pending = [...this.pending, { key, content }];
    try {
      if (!this.conversationId) {
        await this.ensureConversation(content);
        return;
      }
      this.connection?.stopTyping();
      await this.connection?.send(content, { clientMessageId: key });
    } catch (err) {
      // Closed meanwhile (the agent pressed Close): say so and offer a new conversation, never "Sending…" forever.
      if ((err as { code?: string }).code === 'CONVERSATION_CLOSED') this.status = 'closed';
      else this.notice = this.t.sendFailed;
    } finally {
      this.pending = this.pending.filter((p) => p.key !== key);
    }
  }

  /** The customer ends their own chat (marked resolved: writing again reopens it, and the rating form appears). */
  private async endChat() {
    this.confirmingEnd = false;
    if (!this.conversationId) return;
    try {
      this.status = (await this.client!.updateConversation(this.conversationId, { status: 'resolved' })).status;
    } catch {
      this.notice = this.t.sendFailed;
    }
  }

  /** After a closed conversation: the same visitor (token kept) starts afresh; the old one stays in their history. */
  private startNew() {
    this.connection?.close();
    this.connection = undefined;
    localStorage.setItem(this.storageKey, JSON.stringify({ token: this.client!.token }));
    this.messages = [];
    this.status = null;
    this.rated = false;
    this.transcriptTo = null;
    this.agentName = null;
    this.notice = null;
    this.conversationId = undefined;
    this.starting = undefined;
    void this.updateComplete.then(() => this.renderRoot.querySelector('textarea')?.focus());
  }

  /** Files from the picker, a drop or a paste: uploaded (type and size checked by the server), then sent. */
  private async sendFiles(files: File[]) {
    if (!files.length) return;
    this.notice = null;
    try {
      const conversationId =
        this.conversationId ?? (await this.ensureConversation(files.map((f) => f.name).join(', ')));
      for (const file of files) {
        this.uploading = { name: file.name, fraction: 0 };
        const attachment = await this.client!.uploadFile(conversationId, file, file.name, {
          onProgress: (loaded, total) => (this.uploading = { name: file.name, fraction: total ? loaded / total : 0 }),
        });
        await this.connection?.send('', {
          messageType: attachment.mimeType.startsWith('image/') ? 'image' : 'file',
          attachments: [
            { url: attachment.url, name: attachment.name, mimeType: attachment.mimeType, size: attachment.size },
          ],
        });
      }
    } catch (err) {
      this.notice = this.t.uploadFailed((err as Error).message);
    } finally {
      this.uploading = null;
    }
  }

  private onPick(e: Event) {
    const input = e.target as HTMLInputElement;
    void this.sendFiles([...(input.files ?? [])]);
    input.value = '';
  }

  private onDrop(e: DragEvent) {
    e.preventDefault();
    void this.sendFiles([...(e.dataTransfer?.files ?? [])]);
  }

  private onPaste(e: ClipboardEvent) {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length) {
      e.preventDefault();
      void this.sendFiles(files);
    }
  }

  private async rate(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const rating = Number(new FormData(form).get('rating'));
    const comment = String(new FormData(form).get('comment') ?? '');
    if (!this.conversationId || !(rating >= 1 && rating <= 5)) return;
    await this.client!.rateConversation(this.conversationId, rating, comment || undefined);
    this.rated = true;
  }

  private async emailTranscript() {
    if (!this.conversationId) return;
    try {
      const r = await this.client!.requestTranscript(this.conversationId);
      this.transcriptConfirm = r.confirmationRequired;
      this.transcriptTo = r.to;
    } catch {
      // The server's reason is for developers (and may name its configuration); the customer gets plain words.
      this.notice = this.t.transcriptFailed;
    }
  }

  private renderTranscript() {
    const t = this.t;
    // Offered only when the server can send email and the conversation has an address to send to.
    if (!this.emailEnabled || !this.customerEmail) return nothing;
    if (this.transcriptTo) {
      return html`<div class="status" role="status">${this.transcriptConfirm ? t.transcriptConfirm(this.transcriptTo) : t.transcriptSent(this.transcriptTo)}</div>`;
    }
    return html`<div class="status"><button type="button" class="link" @click=${() => void this.emailTranscript()}>${t.transcript}</button></div>`;
  }

  private renderRating() {
    const t = this.t;
    if (this.rated) return html`<div class="status" role="status">${t.rateThanks}</div>${this.renderTranscript()}`;
    return html`${this.renderTranscript()}<form class="rating" @submit=${this.rate} aria-label=${t.rateTitle}>
      <fieldset><legend>${t.rateTitle}</legend>
        ${[1, 2, 3, 4, 5].map((n) => html`<label><input type="radio" name="rating" value=${n} required aria-label=${t.rateStar(n)}>${'★'.repeat(n)}</label>`)}
      </fieldset>
      <input name="comment" maxlength="2000" aria-label=${t.rateComment} placeholder=${t.rateComment}>
      <button type="submit">${t.rateSend}</button>
    </form>`;
  }

  private renderAttachment(a: Message['attachments'][number]) {
    // Only our own uploads are fetched or shown; links elsewhere are plain http(s) links (validated by the server).
    const ours = a.url.startsWith('/api/uploads/');
    const href = ours ? this.client!.fileUrl(a) : a.url;
    if (ours && a.mimeType.startsWith('image/')) {
      return html`<a href=${href} target="_blank" rel="noopener noreferrer"><img class="preview" src=${href} alt=${a.name} loading="lazy"></a>`;
    }
    return html`<div><a href=${href} target="_blank" rel="noopener noreferrer">📎 ${a.name}</a></div>`;
  }

  private async togglePicker() {
    if (this.picking) {
      this.picking = false;
      return;
    }
    this.pickerLoad ??= customElements.get('sc-emoji-picker')
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const s = document.createElement('script');
          s.src = `${this.baseUrl || location.origin}/widget/emoji-picker.js`;
          s.onload = () => resolve();
          s.onerror = () => reject(new Error('emoji picker'));
          document.head.appendChild(s);
        });
    try {
      await this.pickerLoad;
      this.picking = true;
    } catch {
      this.pickerLoad = undefined;
    }
  }

  private insertEmoji(e: CustomEvent<{ emoji: string }>) {
    const area = this.renderRoot.querySelector('form.composer textarea') as HTMLTextAreaElement | null;
    if (!area) return;
    const at = area.selectionStart ?? area.value.length;
    area.value = area.value.slice(0, at) + e.detail.emoji + area.value.slice(area.selectionEnd ?? at);
    this.picking = false;
    area.focus();
    area.selectionStart = area.selectionEnd = at + e.detail.emoji.length;
  }

  /** `:shortcode:` completion as you type: the moment the closing colon of a known code is typed, it becomes the emoji. */
  private onInput(e: Event) {
    const area = e.target as HTMLTextAreaElement;
    const caret = area.selectionStart ?? area.value.length;
    const before = area.value.slice(0, caret);
    const expanded = expandShortcodes(before);
    if (expanded === before) return;
    area.value = expanded + area.value.slice(caret);
    area.selectionStart = area.selectionEnd = expanded.length;
  }

  private onKeydown(e: KeyboardEvent) {
    const area = e.target as HTMLTextAreaElement;
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      const text = area.value;
      area.value = '';
      void this.send(text);
      return;
    }
    if (e.key !== 'Escape' && this.conversationId) this.connection?.typing();
  }

  private onSubmit(e: Event) {
    e.preventDefault();
    const area = this.renderRoot.querySelector('textarea')!;
    const text = area.value;
    area.value = '';
    void this.send(text);
  }

  private renderMessage(m: Message, previous?: Message) {
    const mine = m.senderType === 'customer';
    // Consecutive messages from the same person form a group: the name is shown once.
    const sameSender = previous && previous.senderType === m.senderType && previous.senderId === m.senderId;
    const time = new Date(m.createdAt).toLocaleTimeString(this.locale, { hour: '2-digit', minute: '2-digit' });
    if (m.senderType === 'system') return html`<li class="system">${m.content}</li>`;
    return html`<li class=${mine ? 'customer' : 'agent'}>
      ${mine || sameSender ? nothing : html`<div class="meta">${m.senderName ?? this.t.someone}</div>`}
      ${m.content ? html`<div class="text">${m.content}</div>` : nothing}
      ${m.attachments.map((a) => this.renderAttachment(a))}
      <div class="meta">${time}${mine ? html` · ${m.readAt ? this.t.read : this.t.delivered}` : nothing}</div>
    </li>`;
  }

  override render() {
    const t = this.t;
    return html`
      <button class="launcher" type="button" aria-label=${this.open ? t.close : t.open} aria-expanded=${String(this.open)}
        @click=${() => (this.open = !this.open)}>
        ${this.open ? icon(CLOSE) : icon(CHAT)}${!this.open && this.unread ? html`<span class="badge">${this.unread}</span>` : nothing}
      </button>
      ${
        this.open
          ? html`
        <section class="panel" role="dialog" aria-label=${t.title} @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${this.onDrop}
          @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Escape') this.open = false;
          }}>
          <header>
            <div class="who">
              ${this.agentName ? html`<span class="avatar" aria-hidden="true">${initials(this.agentName)}</span>` : nothing}
              <div><strong>${this.agentName ?? t.title}</strong>
                ${this.teamOnline === null ? nothing : html`<div class="sub">${this.teamOnline ? t.online : this.emailEnabled ? t.away : t.awayNoEmail}</div>`}</div>
            </div>
            ${
              this.conversationId &&
              (this.status === 'queued' || this.status === 'active' || this.status === null) &&
              !this.confirmingEnd
                ? html`<button type="button" class="end" @click=${() => (this.confirmingEnd = true)}>${t.endChat}</button>`
                : nothing
            }
            <button type="button" aria-label=${t.close} @click=${() => (this.open = false)}>${icon(CLOSE)}</button></header>
          ${
            this.confirmingEnd
              ? html`<div class="status confirm" role="alertdialog" aria-label=${t.endConfirm}>${t.endConfirm}
            <button type="button" class="primary" @click=${() => void this.endChat()}>${t.endYes}</button>
            <button type="button" class="link" @click=${() => (this.confirmingEnd = false)}>${t.endNo}</button></div>`
              : nothing
          }
          ${this.offline ? html`<div class="status" role="status">${t.offline}</div>` : nothing}
          ${this.queueText ? html`<div class="status" role="status">${this.queueText}</div>` : nothing}
          ${
            this.intro === 'none' || this.intro === 'pending'
              ? html`<div class="log" role="log" aria-live="polite" aria-label=${t.messages}><ol>
            ${this.messages.length || this.pending.length ? this.messages.map((m, i) => this.renderMessage(m, this.messages[i - 1])) : html`<li class="system">${t.empty}</li>`}
            ${this.pending
              .filter((p) => !this.messages.some((m) => m.clientMessageId === p.key))
              .map(
                (p) =>
                  html`<li class="customer pending"><div class="text">${p.content}</div><div class="meta">${t.sending}</div></li>`,
              )}
          </ol></div>`
              : nothing
          }
          ${this.notice ? html`<div class="status error" role="alert">${this.notice}</div>` : nothing}
          ${
            this.uploading
              ? html`<div class="status upload"><label>${this.uploading.name}
            <progress max="100" value=${Math.round(this.uploading.fraction * 100)}></progress></label></div>`
              : nothing
          }
          ${this.originRefused ? nothing : this.intro !== 'none' && this.intro !== 'pending' ? this.renderIntro() : this.renderChat()}
        </section>`
          : nothing
      }
    `;
  }

  private renderChat() {
    const t = this.t;
    return html`
          ${this.typingName ? html`<div class="status" aria-live="polite">${t.typing(this.typingName)}</div>` : nothing}
          ${this.status === 'resolved' || this.status === 'closed' ? this.renderRating() : nothing}
          ${
            this.status === 'closed'
              ? html`<div class="status ended" role="status">${t.ended}
            <button type="button" class="link" @click=${() => this.startNew()}>${t.startNew}</button></div>`
              : this.renderComposer()
          }`;
  }

  private renderComposer() {
    const t = this.t;
    return html`
          ${this.picking ? html`<sc-emoji-picker @sc-emoji=${this.insertEmoji} @sc-close=${() => (this.picking = false)}></sc-emoji-picker>` : nothing}
          <form class="composer" @submit=${this.onSubmit}>
            <label class="attach" title=${t.attach}>${icon(CLIP)}<input type="file" aria-label=${t.attach}
              accept="image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain" multiple @change=${this.onPick}></label>
            <button type="button" class="emoji" aria-label=${t.emoji} aria-expanded=${String(this.picking)} @click=${() => void this.togglePicker()}>${icon(SMILE)}</button>
            <textarea rows="2" aria-label=${t.placeholder} placeholder=${t.placeholder} maxlength="10000"
              @keydown=${this.onKeydown} @input=${this.onInput} @paste=${this.onPaste}></textarea>
            <button type="submit">${t.send}</button>
          </form>`;
  }
}

// Defining twice (two script tags, SPA navigation) is harmless.
if (!customElements.get('support-chat')) customElements.define('support-chat', SupportChatElement);

declare global {
  interface HTMLElementTagNameMap {
    'support-chat': SupportChatElement;
  }
}
