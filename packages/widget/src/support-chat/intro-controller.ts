// What a visitor sees before their first message, decided on first open: the offline form when nobody can answer
// (availability), the pre-chat form when the host page did not say who they are, else straight to the composer. A
// returning visitor goes straight to their chat. Availability also tells the header and the email offers.
import type { ReactiveControllerHost } from 'lit';
import { generatedVisitorName, type Conversation, type OfflineMode } from '@support-chat/sdk';
import type { ConversationController } from './conversation-controller.js';

export type IntroStep = 'pending' | 'none' | 'prechat' | 'offline' | 'offline-sent';

export interface IntroHost extends ReactiveControllerHost {
  siteKey: string;
  customerId?: string;
  customerName?: string;
  customerEmail?: string;
  /** What the widget does while nobody can answer (the site's setting). */
  readonly offlineMode: OfflineMode;
  /** A preview (the admin console's): no server; `away` shows the widget as when nobody can answer. */
  readonly preview: '' | 'online' | 'away';
}

/** Not a lifecycle controller (nothing to start or stop): state the element renders, and the steps between. */
export class IntroController {
  step: IntroStep = 'pending';
  /**
   * Whether anyone can answer (someone online, within business hours), whether the server sends email, whether this
   * page may chat, and when the team is back while outside business hours (once read).
   */
  availability?: {
    online: boolean;
    email: boolean;
    originAllowed: boolean;
    nextOpenAt: Date | null;
    /** Who is online (first names), and the team's median first reply in seconds: the home screen's. */
    team?: { name: string; avatarUrl: string | null }[];
    replySeconds?: number | null;
  };
  /** A returning visitor's earlier conversations (newest first), for the home screen. */
  recent: Conversation[] = [];
  /** What the pre-chat form said the chat is about: the new conversation's subject. */
  subject?: string;

  constructor(
    private readonly host: IntroHost,
    private readonly conversation: ConversationController,
  ) {}

  private set(step: IntroStep) {
    this.step = step;
    this.host.requestUpdate();
  }

  /** The chat shows (the log and composer) rather than a form. */
  get chatting() {
    return this.step === 'none' || this.step === 'pending';
  }

  /** Back to undecided (SupportChat('reset')): the next open decides again. */
  reset() {
    this.subject = undefined;
    this.set('pending');
  }

  /** A saved conversation came back: no form in front of it. */
  resumed() {
    this.set('none');
  }

  async decide() {
    const c = this.conversation;
    const h = this.host;
    if (h.preview) {
      // The admin's preview of a new chat: the greeting and the composer, or the away state, with no server.
      this.availability = { online: h.preview === 'online', email: true, originAllowed: true, nextOpenAt: null };
      return this.set(h.preview === 'away' && h.offlineMode !== 'chat' ? 'offline' : 'none');
    }
    if (c.conversationId) this.set('none');
    await Promise.all([this.read(), this.readRecent()]);
    if (c.conversationId) return this.host.requestUpdate();
    const identified = Boolean(h.customerId || h.customerEmail || h.customerName);
    // Away: the offline form, unless the site lets visitors start a chat that waits for the team.
    const away = this.availability?.online === false && h.offlineMode !== 'chat';
    this.set(away ? 'offline' : identified ? 'none' : 'prechat');
  }

  /** Reads availability (as the page loads, for a site that hides the launcher while away; and on first open). */
  async read() {
    const h = this.host;
    if (!h.siteKey || h.preview) return;
    try {
      const a = await this.conversation.client.getAvailability(h.siteKey);
      this.availability = {
        online: a.onlineAgents > 0 && a.withinBusinessHours,
        email: a.email,
        originAllowed: a.originAllowed,
        nextOpenAt: a.nextOpenAt ? new Date(a.nextOpenAt) : null,
        team: a.team,
        replySeconds: a.typicalReplySeconds,
      };
      if (!a.originAllowed) this.tellOwner();
      h.requestUpdate();
    } catch {
      // Unknown availability: offer the chat rather than a dead end.
    }
  }

  /** A returning visitor (a token kept from before) with no chat going: their last three conversations. */
  private async readRecent() {
    const c = this.conversation;
    if (!c.client.token || c.conversationId) return;
    try {
      this.recent = (await c.client.listConversations({ limit: 3 })).conversations;
      // They told us who they are last time: no pre-chat form asking again.
      const last = this.recent[0];
      if (last) {
        this.host.customerEmail ??= last.customerEmail ?? undefined;
        if (!generatedVisitorName.test(last.customerName)) this.host.customerName ??= last.customerName;
      }
    } catch {
      // Not worth a word: the home screen shows no list.
    }
  }

  /** The visitor picked an earlier conversation on the home screen: it shows, and writing continues it. */
  async reopen(id: string) {
    await this.conversation.resume(id, true);
    this.recent = [];
  }

  /** The site hides the launcher while nobody can answer; a visitor with a chat going still has it. */
  get hidesLauncher() {
    return this.host.offlineMode === 'hide' && this.availability?.online === false && !this.conversation.conversationId;
  }

  /** Every chat call from this page will be refused: the visitor is told plainly, the site owner what to change. */
  private tellOwner() {
    console.error(
      `support-chat: this page's origin ${location.origin} is not allowed for site ${this.host.siteKey || '(default)'}. ` +
        "Add it to the site's allowed origins in the console (Team setup → Sites & widget), or PUT /api/sites/:id { allowedOrigins }.",
    );
  }

  /** The pre-chat form: who the visitor is and what it is about, for the conversation their first message starts. */
  prechat(fields: { name?: string; email?: string; subject?: string }) {
    this.host.customerName = fields.name;
    this.host.customerEmail = fields.email;
    this.subject = fields.subject;
    this.set('none');
  }

  /** The offline form: a message the team answers later (by email when the server sends it). */
  async leaveMessage(fields: { name?: string; email: string; message: string }) {
    await this.conversation.leaveMessage(fields);
    this.set('offline-sent');
  }
}
