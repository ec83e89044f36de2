// The seed's CRM integration, over the REST contract in docs/integrations.md:
//   getCustomerContext(customerId)  GET  {CRM_API_URL}/customers/{customerId}/context   (the console's customer panel)
//   syncConversationToCRM(conv)     POST {CRM_API_URL}/conversations                    (on resolve, through the outbox)
// Context is asked with a short timeout and kept for CRM_CACHE_SECONDS (a failure for a few seconds), so a slow or
// failing CRM never slows the console; syncs are outbox rows written with the resolve, retried until the CRM takes
// them, rendered when sent (so a retry carries the conversation as it is then). The first sync of a customer also
// pushes their earlier conversations that were never synced (history).
import { and, asc, eq, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { CrmContext } from '@support-chat/protocol';
import type { Config } from '../../config.js';
import type { Executor } from '../../db/client.js';
import { conversations, messages } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { deliverHttp, httpRequest } from '../notifications/http-delivery.js';
import type { Preparer, Sender } from '../notifications/outbox.js';

type CrmConfig = NonNullable<Config['crm']>;
type ConversationRow = typeof conversations.$inferSelect;

export const CRM_SYNC_KIND = 'crm_sync';
const FAILURE_CACHE_MS = 10_000;
const HISTORY_LIMIT = 20;

const unavailable = (reason: string, configured = true): CrmContext => ({
  configured,
  available: false,
  reason,
  fields: [],
  orders: [],
  timeline: [],
  fetchedAt: null,
});

const cut = (v: unknown, max = 500): string => {
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return (s ?? '').length > max ? `${s.slice(0, max - 1)}…` : (s ?? '');
};
const optional = (v: unknown) => (v === undefined || v === null || v === '' ? null : cut(v, 200));
/** `lifetimeValue` → "Lifetime value". */
const label = (key: string) => {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
const records = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];

/** Whatever the CRM answered, as text the panel can show (nothing of it is ever rendered as HTML). */
export function normalizeContext(json: unknown, fetchedAt: Date): CrmContext {
  const o = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const customer = typeof o.customer === 'object' && o.customer !== null ? (o.customer as Record<string, unknown>) : {};
  return {
    configured: true,
    available: true,
    reason: null,
    fields: Object.entries(customer)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .slice(0, 30)
      .map(([k, v]) => ({ label: cut(label(k), 80), value: cut(v) })),
    orders: records(o.orders)
      .slice(0, 20)
      .map((r) => ({
        id: cut(r.id ?? '', 100),
        date: optional(r.date),
        total: optional(r.total),
        status: optional(r.status),
      })),
    timeline: records(o.timeline)
      .slice(0, 30)
      .map((r) => ({ at: optional(r.at), text: cut(r.text ?? '') })),
    fetchedAt: fetchedAt.toISOString(),
  };
}

const authHeaders = (crm: CrmConfig): Record<string, string> => (crm.key ? { authorization: `Bearer ${crm.key}` } : {});

export class CrmIntegration {
  private readonly cache = new LRUCache<string, CrmContext>({ max: 5000 });
  private readonly inFlight = new Map<string, Promise<CrmContext>>();

  constructor(private readonly deps: Pick<Deps, 'db' | 'clock' | 'config' | 'log'>) {}

  get configured() {
    return Boolean(this.deps.config.crm);
  }

  /** What the CRM knows of a customer; never throws, never waits longer than CRM_TIMEOUT_MS. */
  async getCustomerContext(customerId: string, hints: { email?: string | null } = {}): Promise<CrmContext> {
    const crm = this.deps.config.crm;
    if (!crm) return unavailable('No CRM is connected (CRM_API_URL is not set).', false);
    const key = `${customerId}\u0000${hints.email ?? ''}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.fetchContext(crm, customerId, hints.email ?? null).then((ctx) => {
        this.cache.set(key, ctx, { ttl: ctx.available ? crm.cacheMs || 1 : FAILURE_CACHE_MS });
        return ctx;
      });
      pending.finally(() => this.inFlight.delete(key)).catch(() => {});
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async fetchContext(crm: CrmConfig, customerId: string, email: string | null): Promise<CrmContext> {
    const url = new URL(`${crm.url}/customers/${encodeURIComponent(customerId)}/context`);
    if (email) url.searchParams.set('email', email);
    try {
      const res = await httpRequest({
        url: url.toString(),
        method: 'GET',
        headers: { accept: 'application/json', ...authHeaders(crm) },
        timeoutMs: crm.timeoutMs,
        allowPrivate: true,
        maxResponseBytes: 256 * 1024,
      });
      if (res.status === 404) return { ...normalizeContext({}, this.deps.clock.now()), reason: 'Not in the CRM yet.' };
      if (res.status < 200 || res.status >= 300) return unavailable(`The CRM answered ${res.status}.`);
      return normalizeContext(JSON.parse(res.body), this.deps.clock.now());
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, customerId }, 'CRM context unavailable');
      return unavailable(
        /no answer within/.test((err as Error).message)
          ? `The CRM did not answer within ${crm.timeoutMs} ms.`
          : 'The CRM could not be reached.',
      );
    }
  }

  /**
   * The seed's `syncConversationToCRM(conversation)`: queues the push of this conversation (and the customer's
   * earlier conversations never pushed) in the caller's transaction. Rows for an unconfigured CRM are not written.
   */
  async syncConversationToCRM(
    conversation: Pick<ConversationRow, 'id' | 'siteId' | 'customerId'>,
    db: Executor = this.deps.db,
    now: Date = this.deps.clock.now(),
  ) {
    if (!this.configured) return;
    const at = now.toISOString();
    await db.execute(sql`insert into notifications (channel, recipient, subject, body, idempotency_key, kind,
        conversation_id, payload, next_attempt_at, created_at)
      select 'crm', ${`${this.deps.config.crm!.url}/conversations`}, '', '', ${CRM_SYNC_KIND} || ':' || c.id || ':' || c.last_seq,
        ${CRM_SYNC_KIND}, c.id, jsonb_build_object('history', c.id <> ${conversation.id}::uuid),
        ${at}::timestamptz, ${at}::timestamptz
      from conversations c
      where c.site_id = ${conversation.siteId} and c.customer_id = ${conversation.customerId}
        and (c.id = ${conversation.id}::uuid or (c.status in ('resolved', 'closed') and not exists (
          select 1 from notifications n where n.conversation_id = c.id and n.kind = ${CRM_SYNC_KIND})))
      order by (c.id = ${conversation.id}::uuid) desc, c.started_at desc
      limit ${HISTORY_LIMIT + 1}
      on conflict do nothing`);
  }

  /** The sync's body, from the conversation as it is when sent. */
  preparer(): Preparer {
    return async (tx, n) => {
      const [c] = await tx.select().from(conversations).where(eq(conversations.id, n.conversationId!)).limit(1);
      if (!c) return null;
      const rows = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, c.id), eq(messages.isPrivate, false)))
        .orderBy(asc(messages.seq))
        .limit(2000);
      const body = JSON.stringify({
        conversation: {
          id: c.id,
          siteId: c.siteId,
          customerId: c.customerId,
          customerName: c.customerName,
          customerEmail: c.customerEmail,
          channel: c.channel,
          subject: c.subject,
          status: c.status,
          priority: c.priority,
          tags: c.tags,
          agentName: c.agentName,
          startedAt: c.startedAt.toISOString(),
          firstResponseAt: c.firstResponseAt?.toISOString() ?? null,
          resolvedAt: c.resolvedAt?.toISOString() ?? null,
        },
        messages: rows.map((m) => ({
          seq: m.seq,
          senderType: m.senderType,
          senderName: m.senderName,
          content: m.content,
          attachments: m.attachments.map((a) => a.name),
          createdAt: m.createdAt.toISOString(),
        })),
        history: n.payload.history === true,
      });
      return { subject: '', body, payload: n.payload };
    };
  }

  sender(): Sender {
    return async (n) => {
      const crm = this.deps.config.crm!;
      const res = await deliverHttp({
        url: `${crm.url}/conversations`,
        body: n.body,
        timeoutMs: 15_000,
        // The operator set CRM_API_URL: an intranet CRM is fine (the admin-set webhooks are the ones guarded).
        allowPrivate: true,
        headers: { 'content-type': 'application/json', 'idempotency-key': n.id, ...authHeaders(crm) },
      });
      // The customer's context changed on the CRM's side: the panel asks again next time.
      const customerId = (JSON.parse(n.body) as { conversation?: { customerId?: string } }).conversation?.customerId;
      for (const key of this.cache.keys()) if (key.startsWith(`${customerId}\u0000`)) this.cache.delete(key);
      return res.status;
    };
  }
}
