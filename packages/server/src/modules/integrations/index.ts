// The integrations, as one object per node: the seed's email, SMS and CRM integrations, and signed webhooks. The
// modules call it (through deps.integrations) inside the transactions of their changes; the outbox dispatcher gets its
// preparers and senders from it.
import { asc, eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/client.js';
import { messages, sites } from '../../db/schema/index.js';
import type { Deps, IntegrationsPort } from '../../deps.js';
import type { DispatcherOptions } from '../notifications/outbox.js';
import { CRM_SYNC_KIND, CrmIntegration } from './crm.js';
import { emailIntegration } from './email.js';
import { loadReplyKey } from './email-thread.js';
import { smsIntegration } from './sms.js';
import { WebhookEvents, webhookSender } from './webhooks.js';

type IntegrationDeps = Pick<Deps, 'db' | 'bus' | 'clock' | 'config' | 'log'>;

export class Integrations implements IntegrationsPort {
  readonly webhooks: WebhookEvents;
  readonly crm: CrmIntegration;
  private replyKey = '';

  constructor(private readonly deps: IntegrationDeps) {
    this.webhooks = new WebhookEvents(deps);
    this.crm = new CrmIntegration(deps);
  }

  async start() {
    this.replyKey = await loadReplyKey(this.deps.db);
    await this.webhooks.start();
  }

  stop() {
    this.webhooks.stop();
  }

  /** The seed's email integration, writing in `db` (a transaction, or the pool). */
  email(db: Executor = this.deps.db) {
    return emailIntegration({ ...this.deps, replyKey: this.replyKey }, db);
  }

  /** The seed's SMS integration, writing in `db`. */
  sms(db: Executor = this.deps.db) {
    return smsIntegration(this.deps, db);
  }

  /** The reply-address signing key (the inbound listener checks addresses with it). */
  get replyAddressKey() {
    return this.replyKey;
  }

  dispatcherOptions(): DispatcherOptions {
    return {
      preparers: {
        ...this.email().preparers(),
        ...(this.crm.configured ? { [CRM_SYNC_KIND]: this.crm.preparer() } : {}),
      },
      senders: {
        webhook: webhookSender(this.deps),
        ...(this.crm.configured ? { crm: this.crm.sender() } : {}),
      },
    };
  }

  async afterMessages(tx: Tx, items: Parameters<IntegrationsPort['afterMessages']>[1], now: Date) {
    const email = this.email(tx);
    if (email.configured) {
      const alerts: { conversationId: string; agentId: string; seq: number }[] = [];
      for (const { conversation: c, message: m } of items) {
        if (m.isPrivate) continue;
        if (m.senderType === 'customer' && c.agentId)
          alerts.push({ conversationId: c.id, agentId: c.agentId, seq: m.seq });
        // An agent's reply reaches a customer who left an address: by email when they do not read it in the widget.
        if (m.senderType === 'agent' && c.customerEmail) await email.notifyNewMessage(c, m, c.customerEmail);
      }
      await email.alertAgents(alerts);
    }
    await this.webhooks.emit(
      tx,
      items.map((i) => ({
        type: 'message.created' as const,
        conversationId: i.conversation.id,
        data: { conversationId: i.conversation.id, message: i.dto },
      })),
      now,
    );
  }

  async afterResolve(tx: Tx, c: Parameters<IntegrationsPort['afterResolve']>[1], now: Date) {
    await this.crm.syncConversationToCRM(c, tx, now);
    if (!c.customerEmail || !this.deps.config.smtp) return;
    const [site] = await tx
      .select({ summary: sites.emailSummaryOnResolve })
      .from(sites)
      .where(eq(sites.id, c.siteId))
      .limit(1);
    if (!site?.summary) return;
    const rows = await tx
      .select()
      .from(messages)
      .where(eq(messages.conversationId, c.id))
      .orderBy(asc(messages.seq))
      .limit(5000);
    await this.email(tx).sendConversationSummary(c, rows, c.customerEmail);
  }

  emit(tx: Executor, events: Parameters<IntegrationsPort['emit']>[1], now: Date) {
    return this.webhooks.emit(tx, events, now);
  }
}
