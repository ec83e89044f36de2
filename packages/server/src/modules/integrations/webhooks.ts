// Signed webhooks. An event becomes one outbox row per subscribed webhook, written in the transaction of its cause
// (so it is never lost, and never sent for a change that rolled back); the dispatcher signs each attempt afresh:
//   X-Support-Chat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
// Which events any webhook wants is kept in memory on every node (a `settings_changed` "webhooks" bus event refreshes
// it), so a message write does nothing extra while nobody subscribes to messages.
import { createHmac } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { WebhookEvent } from '@support-chat/protocol';
import { topics } from '../../bus/bus.js';
import { publishAll } from '../../bus/publish.js';
import type { Executor } from '../../db/client.js';
import { webhooks } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { PermanentDeliveryError } from '../notifications/errors.js';
import { deliverHttp } from '../notifications/http-delivery.js';
import type { Sender } from '../notifications/outbox.js';
import { readIntegrationSettings } from '../settings/service.js';

export interface WebhookEventInput {
  type: WebhookEvent;
  conversationId?: string | null;
  data: unknown;
}

export const SIGNATURE_HEADER = 'x-support-chat-signature';
const TIMEOUT_MS = 10_000;
const CONTROL_KEY = 'webhooks';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** A delivery's body: the event's id (the same on a redelivery), its type, when it happened, and its data. */
export const webhookBody = (id: string, type: string, createdAt: string, data: unknown) =>
  JSON.stringify({ id, type, createdAt, data });

export class WebhookEvents {
  /** Event types some active webhook wants; undefined until read (then every event is written, to be safe). */
  private wanted?: Set<string>;
  private off?: () => void;

  constructor(private readonly deps: Pick<Deps, 'db' | 'bus' | 'clock' | 'log'>) {}

  async start() {
    this.off = await this.deps.bus.subscribe(topics.control, (e) => {
      if (e.type === 'settings_changed' && e.key === CONTROL_KEY) void this.refresh();
    });
    await this.refresh();
  }

  stop() {
    this.off?.();
  }

  async refresh() {
    try {
      const rows = await this.deps.db
        .select({ events: webhooks.events })
        .from(webhooks)
        .where(eq(webhooks.active, true));
      this.wanted = new Set(rows.flatMap((r) => r.events));
    } catch (err) {
      this.wanted = undefined;
      this.deps.log.warn({ err }, 'could not read the webhooks; every event is written until they can be read');
    }
  }

  /** Every node re-reads the webhooks (after an admin changed one). */
  async changed() {
    await this.refresh();
    await publishAll(this.deps, [{ topic: topics.control, event: { type: 'settings_changed', key: CONTROL_KEY } }]);
  }

  wants(type: WebhookEvent): boolean {
    return !this.wanted || this.wanted.has(type);
  }

  /** Writes the deliveries of these events for every active webhook that subscribes to them: one statement. */
  async emit(tx: Executor, events: WebhookEventInput[], now: Date) {
    const wanted = events.filter((e) => this.wants(e.type));
    if (!wanted.length) return;
    const at = now.toISOString();
    const values = sql.join(
      wanted.map((e) => {
        const id = crypto.randomUUID();
        const body = webhookBody(id, e.type, at, e.data);
        return sql`(${id}::uuid, ${e.type}::text, ${e.conversationId ?? null}::uuid, ${body}::text)`;
      }),
      sql`, `,
    );
    await tx.execute(sql`insert into notifications (channel, recipient, subject, body, idempotency_key, kind,
        conversation_id, webhook_id, next_attempt_at, created_at)
      select 'webhook', w.url, v.type, v.body, 'webhook:' || w.id || ':' || v.id, v.type, v.cid, w.id,
        ${at}::timestamptz, ${at}::timestamptz
      from (values ${values}) as v(id, type, cid, body)
      join webhooks w on w.active and v.type = any(w.events)`);
  }
}

/**
 * Delivers a webhook row: to the webhook's current URL with its current secret (a fixed URL or a rotated secret
 * applies to retries and redeliveries). Private addresses only when the admin setting allows them.
 */
export function webhookSender(deps: Pick<Deps, 'clock'>): Sender {
  return async (n, tx) => {
    const [hook] = await tx.select().from(webhooks).where(eq(webhooks.id, n.webhookId!)).limit(1);
    if (!hook) throw new PermanentDeliveryError('the webhook was deleted');
    const t = Math.floor(deps.clock.now().getTime() / 1000);
    const res = await deliverHttp({
      url: hook.url,
      body: n.body,
      timeoutMs: TIMEOUT_MS,
      // Read in the dispatcher's transaction (never through the pool while it is open: PGlite has one connection).
      allowPrivate: (await readIntegrationSettings(tx)).allowPrivateAddresses,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'support-chat-webhooks/1',
        'x-support-chat-event': n.kind,
        'x-support-chat-delivery': n.id,
        [SIGNATURE_HEADER]: signatureHeader(hook.secret, t, n.body),
      },
    });
    return res.status;
  };
}
