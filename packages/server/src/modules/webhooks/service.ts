// Webhooks as admins manage them, and the outbox's delivery log: every email, SMS, CRM call and webhook delivery with
// its status, attempts, last answer and error; failed ones can be sent again.
import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type {
  CreateWebhookBody,
  Delivery,
  ListDeliveriesQuery,
  UpdateWebhookBody,
  Webhook,
} from '@support-chat/protocol';
import type { z } from 'zod';
import { notifications, webhooks } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { randomSecret } from '../../lib/secrets.js';
import { iso, isoOrNull } from '../../lib/time.js';
import { webhookBody } from '../integrations/webhooks.js';
import type { NotificationRow } from '../notifications/outbox.js';

type WebhookRow = typeof webhooks.$inferSelect;

export const toWebhookDto = (w: WebhookRow): Webhook => ({
  id: w.id,
  url: w.url,
  description: w.description,
  events: w.events,
  active: w.active,
  secretHint: w.secret.slice(-4),
  createdAt: iso(w.createdAt),
  updatedAt: iso(w.updatedAt),
});

export const toDeliveryDto = (n: NotificationRow): Delivery => ({
  id: n.id,
  channel: n.channel,
  kind: n.kind,
  recipient: n.recipient,
  subject: n.subject,
  status: n.status,
  attempts: n.attempts,
  responseStatus: n.responseStatus,
  lastError: n.lastError,
  webhookId: n.webhookId,
  conversationId: n.conversationId,
  redeliverable: whyNotRedeliverable(n) === null,
  nextAttemptAt: iso(n.nextAttemptAt),
  sentAt: isoOrNull(n.sentAt),
  createdAt: iso(n.createdAt),
});

/** Why a delivery cannot be sent again, or null when it can (the API's rule and the log's button are this one). */
function whyNotRedeliverable(n: NotificationRow): string | null {
  if (n.status === 'pending') return 'This delivery is still being tried';
  if ((n.channel === 'email' || n.channel === 'sms') && n.status !== 'failed' && n.status !== 'bounced')
    return 'Only a failed or bounced email or text can be sent again';
  if (n.channel === 'webhook' && !n.webhookId) return 'Its webhook was deleted';
  return null;
}

const notFound = () => new AppError('NOT_FOUND', 'Webhook not found');
/** Shown once; `whsec_` tells it apart from our other secrets in a config file. */
const newSecret = () => `whsec_${randomSecret(24)}`;

export async function listWebhooks(deps: Pick<Deps, 'db'>) {
  const rows = await deps.db.select().from(webhooks).orderBy(webhooks.createdAt);
  return rows.map(toWebhookDto);
}

export async function createWebhook(deps: Pick<Deps, 'db' | 'clock'>, body: z.output<typeof CreateWebhookBody>) {
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(webhooks)
    .values({ ...body, secret: newSecret(), createdAt: now, updatedAt: now })
    .returning();
  return { webhook: toWebhookDto(row!), secret: row!.secret };
}

export async function updateWebhook(
  deps: Pick<Deps, 'db' | 'clock'>,
  id: string,
  body: z.output<typeof UpdateWebhookBody>,
) {
  const [before] = await deps.db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!before) throw notFound();
  const [row] = await deps.db
    .update(webhooks)
    .set({ ...body, updatedAt: deps.clock.now() })
    .where(eq(webhooks.id, id))
    .returning();
  return { before: toWebhookDto(before), webhook: toWebhookDto(row!) };
}

export async function rotateWebhookSecret(deps: Pick<Deps, 'db' | 'clock'>, id: string) {
  const [row] = await deps.db
    .update(webhooks)
    .set({ secret: newSecret(), updatedAt: deps.clock.now() })
    .where(eq(webhooks.id, id))
    .returning();
  if (!row) throw notFound();
  return { webhook: toWebhookDto(row), secret: row.secret };
}

export async function deleteWebhook(deps: Pick<Deps, 'db'>, id: string) {
  const [row] = await deps.db.delete(webhooks).where(eq(webhooks.id, id)).returning();
  if (!row) throw notFound();
  return toWebhookDto(row);
}

/** A `webhook.test` delivery to this webhook now, whatever it subscribes to. */
export async function testWebhook(deps: Pick<Deps, 'db' | 'clock'>, id: string) {
  const [hook] = await deps.db.select().from(webhooks).where(eq(webhooks.id, id));
  if (!hook) throw notFound();
  const now = deps.clock.now();
  const eventId = crypto.randomUUID();
  const body = webhookBody(eventId, 'webhook.test', iso(now), {
    webhookId: hook.id,
    message: 'A test delivery from support-chat.',
  });
  const [row] = await deps.db
    .insert(notifications)
    .values({
      channel: 'webhook',
      recipient: hook.url,
      subject: 'webhook.test',
      body,
      idempotencyKey: `webhook:${hook.id}:${eventId}`,
      kind: 'webhook.test',
      webhookId: hook.id,
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning();
  return toDeliveryDto(row!);
}

export async function listDeliveries(deps: Pick<Deps, 'db'>, q: z.output<typeof ListDeliveriesQuery>) {
  const where: SQL[] = [];
  if (q.channel) where.push(eq(notifications.channel, q.channel));
  if (q.status) where.push(eq(notifications.status, q.status));
  if (q.webhookId) where.push(eq(notifications.webhookId, q.webhookId));
  const filter = where.length ? and(...where) : undefined;
  const [rows, [total]] = await Promise.all([
    deps.db
      .select()
      .from(notifications)
      .where(filter)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.limit)
      .offset(q.offset),
    deps.db.select({ n: count() }).from(notifications).where(filter),
  ]);
  return { deliveries: rows.map(toDeliveryDto), total: total?.n ?? 0 };
}

/**
 * Sends a delivery again, as a new row (the log keeps the first one as it ended): webhooks and CRM syncs, whatever
 * became of them; emails and texts only when they failed or bounced (a sent one would reach a person twice).
 */
export async function redeliver(deps: Pick<Deps, 'db' | 'clock'>, id: string) {
  const [n] = await deps.db.select().from(notifications).where(eq(notifications.id, id));
  if (!n) throw new AppError('NOT_FOUND', 'Delivery not found');
  const refusal = whyNotRedeliverable(n);
  if (refusal) throw new AppError('CONFLICT', refusal);
  const person = n.channel === 'email' || n.channel === 'sms';
  const now = deps.clock.now();
  const [copy] = await deps.db
    .insert(notifications)
    .values({
      channel: n.channel,
      recipient: n.recipient,
      subject: n.subject,
      body: n.body,
      idempotencyKey: `${n.idempotencyKey}:again:${crypto.randomUUID()}`,
      kind: n.kind,
      conversationId: n.conversationId,
      // An email again gets its own Message-ID (and bounce address), made from its own id.
      payload: person ? { ...n.payload, messageId: undefined } : n.payload,
      webhookId: n.webhookId,
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning();
  return toDeliveryDto(copy!);
}
