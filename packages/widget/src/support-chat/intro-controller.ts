// What a visitor sees before their first message, decided on first open: the offline form when nobody can answer
// (availability), the pre-chat form when the host page did not say who they are, else straight to the composer. A
// returning visitor goes straight to their chat. Availability also tells the header and the email offers.
import type { ReactiveControllerHost } from 'lit';
import type { ConversationController } from './conversation-controller.js';

export type IntroStep = 'pending' | 'none' | 'prechat' | 'offline' | 'offline-sent';

export interface IntroHost extends ReactiveControllerHost {
  siteKey: string;
  customerId?: string;
  customerName?: string;
  customerEmail?: string;
}

/** Not a lifecycle controller (nothing to start or stop): state the element renders, and the steps between. */
export class IntroController {
  step: IntroStep = 'pending';
  /** Whether anyone is online, whether the server sends email, whether this page may chat (once read). */
  availability?: { online: boolean; email: boolean; originAllowed: boolean };
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
    if (c.conversationId) this.set('none');
    if (this.host.siteKey) {
      try {
        const a = await c.client.getAvailability(this.host.siteKey);
        this.availability = { online: a.onlineAgents > 0, email: a.email, originAllowed: a.originAllowed };
        if (!a.originAllowed) this.tellOwner();
      } catch {
        // Unknown availability: offer the chat rather than a dead end.
      }
    }
    if (c.conversationId) return this.host.requestUpdate();
    const h = this.host;
    const identified = Boolean(h.customerId || h.customerEmail || h.customerName);
    this.set(this.availability?.online === false ? 'offline' : identified ? 'none' : 'prechat');
  }

  /** Every chat call from this page will be refused: the visitor is told plainly, the site owner what to change. */
  private tellOwner() {
    console.error(
      `support-chat: this page's origin ${location.origin} is not allowed for site ${this.host.siteKey || '(default)'}. ` +
        "Add it to the site's allowed origins: ALLOWED_ORIGINS for the default site, or PUT /api/sites/:id { allowedOrigins }.",
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
