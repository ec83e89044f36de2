// <support-chat>: the customer's chat. This element is the panel's layout and the visitor's gestures; the
// conversation (storage, resume, socket) lives in ConversationController, files in UploadController, emoji in
// EmojiController. Text is always rendered as text (Lit bindings), never as HTML.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { Message, WidgetSettings } from '@support-chat/sdk';
import { expandShortcodes } from '@support-chat/ui/emoji';
import { checkCommand, identityOf, type Command } from '../commands.js';
import { directionOf, formatBack, languageOf, stringsFor, type Strings } from '../i18n.js';
import { ConversationController } from './conversation-controller.js';
import { EmojiController } from './emoji-controller.js';
import { IntroController } from './intro-controller.js';
import { ProactiveController } from './proactive-controller.js';
import { announce } from './events.js';
import { styles } from './support-chat.styles.js';
import { UploadController } from './upload-controller.js';
import {
  composer,
  confirmEnd,
  header,
  home,
  intro,
  launcher,
  log,
  peek,
  peekText,
  rating,
  transcript,
  type Reacting,
} from './views.js';

/** Only a plain colour is accepted, so an attribute cannot smuggle other CSS in. */
const plainColour = /^(#[0-9a-f]{3,8}|[a-z]{3,20}|rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\))$/i;

/**
 * Looks as the site's admin set it up (read from the server by site key, or handed over as `site` by the loader);
 * an attribute given on the element or the script tag wins over the site's setting.
 *
 * @fires sc-ready, sc-open, sc-close, sc-message, sc-unread (and support-chat:… on window)
 * @cssproperty --sc-accent - the launcher and your own messages
 */
export class SupportChatElement extends LitElement {
  static override properties = {
    siteKey: { attribute: 'site-key' },
    baseUrl: { attribute: 'base-url' },
    customerId: { attribute: 'customer-id' },
    customerName: { attribute: 'customer-name' },
    customerEmail: { attribute: 'customer-email' },
    customerHash: { attribute: 'customer-hash' },
    open: { type: Boolean, reflect: true },
    locale: {},
    position: { reflect: true },
    accentColor: { attribute: 'accent-color' },
    site: { attribute: false },
    preview: {},
    unread: { state: true },
    peeking: { state: true },
    notice: { state: true },
    confirmingEnd: { state: true },
    reactingTo: { state: true },
  };
  /** The site's public key. */
  siteKey = '';
  /** Where the support-chat server is; the page's origin when empty. */
  baseUrl = '';
  /** The seed's ChatWidget props, as attributes. */
  customerId?: string;
  customerName?: string;
  customerEmail?: string;
  customerHash?: string;
  open = false;
  locale?: string;
  /** Which corner: `right` or `left` (default: the site's setting, else right). */
  position?: 'left' | 'right';
  /** Shorthand for the `--sc-accent` custom property (default: the site's colour). */
  accentColor?: string;
  /** The site's widget settings; read from the server by `site-key` when not given. */
  site?: WidgetSettings;
  /**
   * `online` or `away`: a preview (the admin console's) of a new chat as the site's settings make it, with no server
   * and nothing stored or sent.
   */
  preview: '' | 'online' | 'away' = '';
  unread = 0;
  /** The newest agent message that came while the panel was closed, shown beside the launcher until opened or dismissed. */
  peeking: Message | null = null;
  /** A one-line problem to show (an upload that failed, the origin refused). */
  notice: string | null = null;
  /** The visitor pressed "End chat" and is asked to confirm. */
  confirmingEnd = false;
  /** The message whose reaction set is open, if any. */
  reactingTo: string | null = null;

  readonly conversation = new ConversationController(this, {
    received: (m) => {
      announce.message(this, m);
      if (this.open) this.conversation.markRead();
      else {
        announce.unread(this, ++this.unread);
        if (m.senderType === 'agent') this.peeking = m;
      }
    },
    resumed: () => {
      this.intro.resumed();
      this.notice = null;
    },
  });
  readonly uploads = new UploadController(this, this.conversation);
  readonly intro = new IntroController(this, this.conversation);
  readonly emoji = new EmojiController(this, () => this.baseUrl || location.origin);
  readonly proactive = new ProactiveController(this);

  /** A conversation is going (proactive messages keep quiet then). */
  get inConversation() {
    return Boolean(this.conversation.conversationId);
  }

  static override styles = styles;

  /** The widget's words in the visitor's language, with the site's team name and greeting where it set them. */
  private get t(): Strings {
    const t = stringsFor(this.locale);
    const w = this.site;
    if (!w?.teamName && !w?.greeting) return t;
    return { ...t, title: w.teamName || t.title, someone: w.teamName || t.someone, empty: w.greeting || t.empty };
  }

  /** Which corner the widget sits in. */
  get side() {
    return this.position ?? this.site?.position ?? 'right';
  }

  /** What the widget does while nobody can answer (the site's setting). */
  get offlineMode() {
    return this.site?.offlineMode ?? 'form';
  }

  private get area() {
    return this.renderRoot.querySelector<HTMLTextAreaElement>('form.composer textarea');
  }

  override connectedCallback() {
    super.connectedCallback();
    announce.ready(this);
    if (this.site || this.preview || !this.siteKey) return;
    // The loader hands its copy over; used on its own, the element reads the site's settings itself.
    this.conversation.client.getPublicSite(this.siteKey).then(
      (s) => (this.site ??= s.widget),
      () => {},
    );
  }

  /** The loader's command API: SupportChat('open'), SupportChat('identify', {...}), … */
  command(cmd: Command, arg?: unknown) {
    // Called by the loader (which checked already) or directly on the element: the same rules either way.
    checkCommand(cmd, arg);
    if (cmd === 'open' || cmd === 'close' || cmd === 'toggle')
      this.open = cmd === 'toggle' ? !this.open : cmd === 'open';
    else if (cmd === 'setLocale') this.locale = String(arg);
    else if (cmd === 'identify') Object.assign(this, identityOf(arg));
    else if (cmd === 'reset') {
      this.conversation.startNew(true);
      this.intro.reset();
    }
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    // Set before rendering, not after: opening shows no stale badge and costs no second update.
    if (changed.has('open') && this.open) {
      this.unread = 0;
      this.peeking = null;
      if (this.proactive.bubble) this.proactive.dismiss();
    }
    // The site's proactive messages start counting once its settings are known.
    if (changed.has('site') && this.site) this.proactive.arm(this.site.proactive ?? []);
    // A site that hides the launcher while away: find out now whether anyone can answer.
    if (changed.has('site') && this.offlineMode === 'hide' && !this.intro.availability) void this.intro.read();
    if (!changed.has('accentColor') && !changed.has('site')) return;
    const accent = this.accentColor ?? this.site?.accentColor;
    if (accent && plainColour.test(accent)) this.style.setProperty('--sc-accent', accent);
    else this.style.removeProperty('--sc-accent');
  }

  protected override updated(changed: PropertyValues<this>) {
    // Opening can happen in the very first update (a queued SupportChat('open')), so no previous value is needed.
    if (changed.has('open') && this.open) {
      announce.open(this);
      this.conversation.markRead();
      if (this.intro.step === 'pending' || changed.has('preview')) void this.intro.decide();
      // Opened (after a reload, say) at the newest message, not the oldest.
      // A preview sits in someone else's page (the console's form): it must not take their focus.
      this.focusOnOpen = !this.preview;
      void this.updateComplete.then(() => this.scrollToEnd());
    } else if (this.open && (changed.has('preview') || (this.preview && changed.has('site')))) {
      // The previewer switched between online and away, or changed the offline behaviour.
      void this.intro.decide();
    } else if (changed.has('open') && changed.get('open')) {
      announce.close(this);
      this.focusOnOpen = false;
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus());
    }
    // Into the panel once it knows what to show (a pre-chat or offline form may replace the composer once
    // availability is known: a field focused before that would vanish, taking the focus with it).
    if (this.focusOnOpen && this.open && this.intro.step !== 'pending') {
      const field = this.renderRoot.querySelector<HTMLElement>('.panel input:not([type=file]), .panel textarea');
      if (field) {
        this.focusOnOpen = false;
        field.focus();
      }
    }
    // A new line (theirs, mine, or one still sending) scrolls to it; typing or a receipt does not move the log.
    const lines = this.conversation.messages.length + this.conversation.pending.length;
    if (lines !== this.lines) this.scrollToEnd();
    this.lines = lines;
  }

  private lines = 0;
  /** Opened, and the focus not yet put in the panel. */
  private focusOnOpen = false;

  private scrollToEnd() {
    const list = this.renderRoot.querySelector('.log');
    if (list) list.scrollTop = list.scrollHeight;
  }

  private onPrechat = (fields: { name?: string; email?: string; subject?: string }) => {
    this.intro.prechat(fields);
    void this.updateComplete.then(() => this.area?.focus());
  };

  private onOfflineForm = (fields: { name?: string; email: string; message: string }) => {
    this.notice = null;
    void this.intro.leaveMessage(fields).catch((err) => (this.notice = (err as Error).message));
  };

  private async send(text: string) {
    const content = expandShortcodes(text.trim());
    if (!content || this.preview) return;
    if ((await this.conversation.send(content, this.intro.subject)) !== 'failed') return;
    this.notice = this.t.sendFailed;
    // Not lost: what they wrote goes back in the box (unless they have started something new), to send again.
    const area = this.area;
    if (area && !area.value) area.value = text;
  }

  private async attempt(p: Promise<unknown>, failed: string) {
    this.notice = null;
    await p.catch(() => (this.notice = failed));
  }

  private sendFiles(files: File[]) {
    this.notice = null;
    void this.uploads.send(files).catch((err) => (this.notice = this.t.uploadFailed((err as Error).message)));
  }

  private onRate = (stars: number, comment?: string) =>
    void this.attempt(this.conversation.rate(stars, comment), this.t.sendFailed);

  /** Escape closes what is on top: the emoji picker while it shows, else the panel. */
  private onPanelKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    if (this.reactingTo) this.reactingTo = null;
    else if (this.emoji.picking) this.closePicker();
    else this.open = false;
  };

  /** The picker goes; the focus goes back to the button that opened it (not to the page). */
  private closePicker() {
    this.emoji.show(false);
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('button.emoji')?.focus());
  }

  private onKeydown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey) this.submit(e);
    else if (e.key !== 'Escape') this.conversation.typing();
  };

  private submit = (e: Event) => {
    e.preventDefault();
    const area = this.area!;
    const text = area.value;
    area.value = '';
    void this.send(text);
  };

  override render() {
    const { t, open } = this;
    const toggle = () => (this.open = !open);
    const hidden = !open && this.intro.hidesLauncher;
    // The newest reply, else a proactive message from the team.
    const reply = !open && !hidden ? this.peeking : null;
    const p = reply
      ? { from: reply.senderName ?? t.someone, text: peekText(t, reply) }
      : !open && !hidden && this.proactive.bubble && this.proactive.message
        ? { from: t.title, text: this.proactive.message }
        : null;
    const dismiss = () => (reply ? (this.peeking = null) : this.proactive.dismiss());
    return html`${hidden ? nothing : launcher(t, { open, unread: this.unread, left: this.side === 'left', text: this.site?.launcherText ?? '', toggle })}
      ${p ? peek(t, p, { left: this.side === 'left', onOpen: () => (this.open = true), onDismiss: dismiss }) : nothing}
      ${open ? this.renderPanel(t, this.conversation) : html`<div class="sr-only" role="status">${p ? `${t.newMessage(p.from)}: ${p.text}` : ''}</div>`}`;
  }

  private renderPanel(t: Strings, c: ConversationController) {
    const a = this.intro.availability;
    const live = Boolean(c.conversationId) && (c.status === 'queued' || c.status === 'active' || c.status === null);
    const drop = (e: DragEvent) => {
      e.preventDefault();
      this.sendFiles([...(e.dataTransfer?.files ?? [])]);
    };
    const end = () => {
      this.confirmingEnd = false;
      void this.attempt(c.end(), t.sendFailed);
    };
    const refused = a?.originAllowed === false;
    const notice = refused ? t.originRefused : this.notice;
    const upload = this.uploads.uploading;
    return html`<section class=${this.side === 'left' ? 'panel left' : 'panel'} role="dialog" aria-label=${t.title}
      lang=${languageOf(this.locale)} dir=${directionOf(this.locale)}
      @dragover=${(e: DragEvent) => e.preventDefault()}
      @drop=${drop} @keydown=${this.onPanelKey}>
      ${header(t, {
        agentName: c.agentName,
        availability: a,
        chatWhileAway: this.offlineMode === 'chat',
        back: a?.nextOpenAt ? formatBack(a.nextOpenAt, this.locale) : null,
        canEnd: live && !this.confirmingEnd,
        onEnd: () => (this.confirmingEnd = true),
        onClose: () => (this.open = false),
      })}
      ${this.confirmingEnd ? confirmEnd(t, end, () => (this.confirmingEnd = false)) : nothing}
      ${c.offline ? html`<div class="status" role="status">${t.offline}</div>` : nothing}
      ${c.queue ? html`<div class="status" role="status">${t.queue(c.queue.position, c.queue.minutes)}</div>` : nothing}
      ${this.renderBody(t, c)}
      ${notice ? html`<div class="status error" role="alert">${notice}</div>` : nothing}
      ${upload ? html`<div class="status upload"><label>${upload.name} <progress max="100" value=${Math.round(upload.fraction * 100)}></progress></label></div>` : nothing}
      ${refused ? nothing : this.intro.chatting ? this.renderChat(t, c) : this.renderIntro(t)}
    </section>`;
  }

  /** The home screen before the first message (over the composer or the pre-chat form), then the conversation. */
  private renderBody(t: Strings, c: ConversationController) {
    const step = this.intro.step;
    const before =
      !c.conversationId && !c.messages.length && !c.pending.length && (step === 'none' || step === 'prechat');
    if (before) {
      const a = this.intro.availability;
      return home(t, {
        // The proactive message that brought them here, else the site's greeting.
        greeting: this.proactive.message ?? t.empty,
        team: a?.online ? (a.team ?? []) : [],
        replySeconds: a?.online ? (a.replySeconds ?? null) : null,
        recent: this.intro.recent,
        locale: this.locale,
        onResume: (id) => void this.intro.reopen(id),
      });
    }
    if (!this.intro.chatting) return nothing;
    const reacting: Reacting | undefined =
      c.conversationId && c.status !== 'closed' && !this.preview
        ? {
            open: this.reactingTo,
            toggle: (id) => (this.reactingTo = this.reactingTo === id ? null : id),
            set: (id, emoji, on) => {
              this.reactingTo = null;
              void this.attempt(c.react(id, emoji, on), t.sendFailed);
            },
          }
        : undefined;
    return log(t, c.messages, c.pending, this.locale, c.client.fileUrl.bind(c.client), reacting);
  }

  private renderIntro(t: Strings) {
    const step = this.intro.step as 'prechat' | 'offline' | 'offline-sent';
    const email = Boolean(this.intro.availability?.email);
    const known = { name: this.customerName, email: this.customerEmail };
    return intro(step, t, { email, known, onPrechat: this.onPrechat, onOffline: this.onOfflineForm });
  }

  private renderChat(t: Strings, c: ConversationController) {
    const ended = c.status === 'resolved' || c.status === 'closed';
    const offer = transcript(t, {
      canEmail: Boolean(this.intro.availability?.email && this.customerEmail),
      sent: c.transcript,
      // The server's reason is for developers (and may name its configuration); the customer gets plain words.
      onAsk: () => void this.attempt(c.requestTranscript(), t.transcriptFailed),
    });
    return html`
      ${c.typingName !== null ? html`<div class="status" aria-live="polite">${t.typing(c.typingName || t.someone)}</div>` : nothing}
      ${ended ? (c.rated ? html`${rating(t, true, this.onRate)}${offer}` : html`${offer}${rating(t, false, this.onRate)}`) : nothing}
      ${
        c.status === 'closed'
          ? html`<div class="status ended" role="status">${t.ended}
        <button type="button" class="link" @click=${() => {
          c.startNew();
          this.notice = null;
          void this.updateComplete.then(() => this.area?.focus());
        }}>${t.startNew}</button></div>`
          : this.renderComposer(t)
      }`;
  }

  private renderComposer(t: Strings) {
    const { emoji } = this;
    const picked = (e: HTMLElementEventMap['sc-emoji']) => this.area && emoji.insert(this.area, e.detail.emoji);
    return html`
      ${emoji.picking ? html`<sc-emoji-picker @sc-emoji=${picked} @sc-close=${() => this.closePicker()}></sc-emoji-picker>` : nothing}
      ${composer(t, {
        picking: emoji.picking,
        onFiles: (files) => this.sendFiles(files),
        onEmojiButton: () => void emoji.toggle(),
        onSubmit: this.submit,
        onKeydown: this.onKeydown,
        onInput: (area) => emoji.complete(area),
      })}`;
  }
}
