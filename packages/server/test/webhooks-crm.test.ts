// Signed webhooks and the CRM, against local HTTP servers: a webhook receiver that verifies the signature the way
// docs/integrations.md tells integrators to, and a CRM that speaks the documented contract (context, sync) and can be
// made slow or broken. Private addresses are refused until the admin setting allows them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../src/db/schema/index.js';
import { isPublicAddress } from '../src/modules/notifications/http-delivery.js';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';

interface Hit {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(handle: (hit: Hit, res: ServerResponse) => void) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const hit = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      handle(hit, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** What docs/integrations.md tells a receiver to do: recompute the HMAC over "<t>.<body>", compare, check the age. */
function verify(secret: string, header: string | undefined, body: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!parts.v1 || !Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return timingSafeEqual(
    Buffer.from(expected),
    Buffer.from(parts.v1.padEnd(expected.length).slice(0, expected.length)),
  );
}

let t: TestApp;
let admin: string;
let agent: Awaited<ReturnType<typeof createAgent>>;
let receiver: Awaited<ReturnType<typeof listen>>;
let crm: Awaited<ReturnType<typeof listen>>;
let receiverStatus = 200;
let crmMode: 'ok' | 'slow' | 'down' = 'ok';
let crmPostFailures = 0;
let now = new Date('2026-06-01T12:00:00.000Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  receiver = await listen((_hit, res) => {
    res.writeHead(receiverStatus, { 'content-type': 'text/plain' });
    res.end(receiverStatus === 200 ? 'thanks' : 'nope');
  });
  crm = await listen((hit, res) => {
    if (hit.headers.authorization !== 'Bearer crm-key-1') {
      res.writeHead(401).end();
      return;
    }
    if (hit.method === 'GET' && hit.path.startsWith('/customers/')) {
      if (crmMode === 'down') return void res.writeHead(503).end('maintenance');
      const answer = () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            customer: { company: 'Acme <b>Corp</b>', plan: 'Pro', lifetimeValue: 1234.5, vip: true, empty: '' },
            orders: [{ id: 'A-1042', date: '2026-05-28', total: '129.00 EUR', status: 'shipped' }],
            timeline: [{ at: '2026-05-01T09:00:00Z', text: 'Upgraded to Pro' }],
          }),
        );
      };
      if (crmMode === 'slow') setTimeout(answer, 1500);
      else answer();
      return;
    }
    if (hit.method === 'POST' && hit.path === '/conversations') {
      if (crmPostFailures-- > 0) return void res.writeHead(500).end('database is down');
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      return;
    }
    res.writeHead(404).end();
  });
  t = await createTestApp(
    {
      CRM_API_URL: crm.url,
      CRM_API_KEY: 'crm-key-1',
      CRM_TIMEOUT_MS: '300',
      CRM_CACHE_SECONDS: '60',
      NOTIFY_SWEEP_SECONDS: '3600',
    },
    { clock },
  );
  admin = await login(t.app);
  agent = await createAgent(t.app, admin, { name: 'Ada Agent' });
});
afterAll(async () => {
  await t?.close();
  receiver?.server.close();
  crm?.server.close();
});

const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, token = admin) =>
  t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

/** Runs the dispatcher until nothing is due (retries included, as the clock moves past their backoff). */
async function dispatch() {
  const db = t.app.supportChat.deps.db;
  for (let i = 0; i < 100; i++) {
    t.app.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 30));
    await t.app.dispatcher.idle();
    const pending = await db.select().from(notifications).where(eq(notifications.status, 'pending'));
    if (!pending.some((n) => n.nextAttemptAt <= clock.now())) return;
  }
}

describe('webhooks', () => {
  let hook: { id: string };
  let secret: string;

  it('refuses loopback receivers until an admin allows private addresses', async () => {
    const made = await api('POST', '/api/webhooks', {
      url: `${receiver.url}/hook`,
      description: 'Ops dashboard',
      events: ['message.created', 'conversation.created', 'conversation.status_changed'],
    });
    expect(made.statusCode).toBe(201);
    ({ webhook: hook, secret } = json(made));
    expect(secret).toMatch(/^whsec_/);
    expect(json(made).webhook).toMatchObject({
      active: true,
      secretHint: secret.slice(-4),
      description: 'Ops dashboard',
    });

    const v = await startChat(t.app, { message: 'first words' });
    await dispatch();
    expect(receiver.hits).toHaveLength(0);
    const log = json(await api('GET', `/api/deliveries?webhookId=${hook.id}`));
    expect(log.deliveries.map((d: { kind: string; status: string }) => [d.kind, d.status]).sort()).toEqual([
      ['conversation.created', 'failed'],
      ['message.created', 'failed'],
    ]);
    expect(log.deliveries[0].lastError).toMatch(/private or loopback address \(not allowed\)/);
    expect(log.deliveries.map((d: { redeliverable: boolean }) => d.redeliverable)).toEqual([true, true]);

    const allowed = await api('PUT', '/api/integrations/settings', { allowPrivateAddresses: true });
    expect(json(allowed).settings).toEqual({ allowPrivateAddresses: true });
    expect(json(allowed).crm).toEqual({ configured: true });
    // Redelivery sends the failed one again, now allowed.
    const failed = log.deliveries.find((d: { kind: string }) => d.kind === 'message.created');
    expect((await api('POST', `/api/deliveries/${failed.id}/redeliver`)).statusCode).toBe(201);
    await dispatch();
    expect(receiver.hits).toHaveLength(1);
    const body = JSON.parse(receiver.hits[0]!.body);
    expect(body).toMatchObject({
      type: 'message.created',
      data: { conversationId: v.conversation.id, message: { content: 'first words', senderType: 'customer' } },
    });
  });

  it('signs every delivery so that the receiver can verify it, and names the event and delivery', async () => {
    receiver.hits.length = 0;
    const v = await startChat(t.app, { message: 'signed?' });
    await dispatch();
    expect(receiver.hits.map((h) => JSON.parse(h.body).type).sort()).toEqual([
      'conversation.created',
      'message.created',
    ]);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    for (const hit of receiver.hits) {
      expect(hit.headers['content-type']).toBe('application/json');
      expect(hit.headers['x-support-chat-event']).toBe(JSON.parse(hit.body).type);
      expect(hit.headers['x-support-chat-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(hit.headers['x-support-chat-signature']).toMatch(new RegExp(`^t=${nowSeconds},v1=[0-9a-f]{64}$`));
      expect(verify(secret, hit.headers['x-support-chat-signature'] as string, hit.body, nowSeconds)).toBe(true);
      // A changed body, or another secret, does not verify.
      expect(verify(secret, hit.headers['x-support-chat-signature'] as string, `${hit.body} `, nowSeconds)).toBe(false);
      expect(verify('whsec_other', hit.headers['x-support-chat-signature'] as string, hit.body, nowSeconds)).toBe(
        false,
      );
    }
    const created = receiver.hits.map((h) => JSON.parse(h.body)).find((b) => b.type === 'conversation.created');
    expect(created.data.conversation).toMatchObject({ id: v.conversation.id, status: 'queued', channel: 'web' });
  });

  it('retries with backoff while the receiver fails, logs each answer, and stops at a 4xx', async () => {
    receiver.hits.length = 0;
    receiverStatus = 503;
    const v = await startChat(t.app, {});
    await dispatch();
    const [row] = await t.app.supportChat.deps.db
      .select()
      .from(notifications)
      .where(eq(notifications.conversationId, v.conversation.id));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 503, lastError: 'HTTP 503: nope' });
    expect(row!.nextAttemptAt.getTime() - now.getTime()).toBe(30_000);
    // Still being tried: the log offers no "send again", and the API refuses it.
    const listed = json(await api('GET', `/api/deliveries?webhookId=${hook.id}&status=pending`)).deliveries;
    expect(listed.map((d: { id: string; redeliverable: boolean }) => [d.id, d.redeliverable])).toEqual([
      [row!.id, false],
    ]);
    const early = await api('POST', `/api/deliveries/${row!.id}/redeliver`);
    expect([early.statusCode, json(early).error.message]).toEqual([409, 'This delivery is still being tried']);
    receiverStatus = 200;
    now = new Date(now.getTime() + 31_000);
    await dispatch();
    const [after] = await t.app.supportChat.deps.db.select().from(notifications).where(eq(notifications.id, row!.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 2, responseStatus: 200, lastError: null });

    receiverStatus = 410;
    await startChat(t.app, {});
    await dispatch();
    const gone = json(await api('GET', `/api/deliveries?webhookId=${hook.id}&limit=1`)).deliveries[0];
    expect(gone).toMatchObject({ kind: 'conversation.created', status: 'failed', attempts: 1, responseStatus: 410 });
    receiverStatus = 200;
  });

  it('sends only the events a webhook subscribes to, and none once it is off', async () => {
    const v = await startChat(t.app, { message: 'x' });
    await api('PUT', `/api/chat/${v.conversation.id}`, { agentId: agent.agentId });
    await dispatch();
    receiver.hits.length = 0;
    await api('PUT', `/api/chat/${v.conversation.id}`, { status: 'resolved' }, agent.token);
    await send(t.app, agent.token, v.conversation.id, { content: 'bye' });
    await dispatch();
    expect(receiver.hits.map((h) => JSON.parse(h.body).type).sort()).toEqual([
      'conversation.status_changed',
      'message.created',
    ]);
    const resolved = receiver.hits.map((h) => JSON.parse(h.body)).find((b) => b.type === 'conversation.status_changed');
    expect(resolved.data).toMatchObject({ previousStatus: 'active', conversation: { status: 'resolved' } });

    expect((await api('PUT', `/api/webhooks/${hook.id}`, { active: false })).statusCode).toBe(200);
    receiver.hits.length = 0;
    await startChat(t.app, { message: 'quiet' });
    await dispatch();
    expect(receiver.hits).toHaveLength(0);
    await api('PUT', `/api/webhooks/${hook.id}`, { active: true });
  });

  it('a test delivery goes now; rotating the secret signs with the new one', async () => {
    const rotated = json(await api('POST', `/api/webhooks/${hook.id}/secret`));
    expect(rotated.secret).not.toBe(secret);
    receiver.hits.length = 0;
    expect((await api('POST', `/api/webhooks/${hook.id}/test`)).statusCode).toBe(201);
    await dispatch();
    const [hit] = receiver.hits;
    expect(JSON.parse(hit!.body)).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.id } });
    const nowSeconds = Math.floor(now.getTime() / 1000);
    expect(verify(rotated.secret, hit!.headers['x-support-chat-signature'] as string, hit!.body, nowSeconds)).toBe(
      true,
    );
    expect(verify(secret, hit!.headers['x-support-chat-signature'] as string, hit!.body, nowSeconds)).toBe(false);
  });

  it('validates what admins give it', async () => {
    const bad = await api('POST', '/api/webhooks', { url: 'ftp://example.com', events: [] });
    expect(bad.statusCode).toBe(400);
    expect(
      json(bad)
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['body.events', 'body.url']);
    expect(
      (await api('POST', '/api/webhooks', { url: 'https://u:p@example.com/x', events: ['rating.created'] })).statusCode,
    ).toBe(400);
    expect((await api('POST', '/api/webhooks', { url: 'https://example.com/x', events: ['nope'] })).statusCode).toBe(
      400,
    );
    expect((await api('PUT', `/api/webhooks/${crypto.randomUUID()}`, { active: false })).statusCode).toBe(404);
    expect((await api('GET', '/api/webhooks', undefined, agent.token)).statusCode).toBe(403);
  });

  it('knows which addresses are public', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '192.168.0.1',
      '172.16.5.5',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      '100.64.0.1',
    ])
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8'])
      expect([a, isPublicAddress(a)]).toEqual([a, true]);
  });
});

describe('the CRM', () => {
  it("shows the customer's context in the console as text, from a short-lived cache", async () => {
    const v = await startChat(t.app, { customerName: 'Kim', customerEmail: 'kim@example.com', message: 'hi' });
    crm.hits.length = 0;
    const res = await api('GET', `/api/chat/${v.conversation.id}/crm`, undefined, agent.token);
    expect(res.statusCode).toBe(200);
    expect(json(res).context).toEqual({
      configured: true,
      available: true,
      reason: null,
      fields: [
        { label: 'Company', value: 'Acme <b>Corp</b>' },
        { label: 'Plan', value: 'Pro' },
        { label: 'Lifetime value', value: '1234.5' },
        { label: 'Vip', value: 'true' },
      ],
      orders: [{ id: 'A-1042', date: '2026-05-28', total: '129.00 EUR', status: 'shipped' }],
      timeline: [{ at: '2026-05-01T09:00:00Z', text: 'Upgraded to Pro' }],
      fetchedAt: now.toISOString(),
    });
    expect(crm.hits).toHaveLength(1);
    expect(crm.hits[0]!.path).toBe(
      `/customers/${encodeURIComponent(v.conversation.customerId)}/context?email=kim%40example.com`,
    );
    await api('GET', `/api/chat/${v.conversation.id}/crm`, undefined, agent.token);
    expect(crm.hits).toHaveLength(1);
    // A visitor never reads it.
    expect((await api('GET', `/api/chat/${v.conversation.id}/crm`, undefined, v.token)).statusCode).toBe(403);
  });

  it('a slow or failing CRM never slows the console: the panel says why', async () => {
    crmMode = 'slow';
    const v = await startChat(t.app, { message: 'slow' });
    const started = Date.now();
    const res = json(await api('GET', `/api/chat/${v.conversation.id}/crm`, undefined, agent.token));
    expect(Date.now() - started).toBeLessThan(1400);
    expect(res.context).toMatchObject({
      available: false,
      reason: 'The CRM did not answer within 300 ms.',
      fields: [],
    });
    crmMode = 'down';
    const w = await startChat(t.app, { message: 'down' });
    expect(json(await api('GET', `/api/chat/${w.conversation.id}/crm`, undefined, agent.token)).context).toMatchObject({
      available: false,
      reason: 'The CRM answered 503.',
    });
    crmMode = 'ok';
  });

  it('resolving syncs the conversation, and the customer’s earlier ones, to the CRM; failures are retried', async () => {
    const customerId = `crm-${Date.now()}`;
    // Two conversations of one customer (same site and customer id).
    const first = await startChat(t.app, { customerId: `${customerId}`, customerName: 'Ola', message: 'old question' });
    await api('PUT', `/api/chat/${first.conversation.id}`, { agentId: agent.agentId });
    await api('PUT', `/api/chat/${first.conversation.id}`, { status: 'closed' });
    const db = t.app.supportChat.deps.db;
    await db.delete(notifications).where(eq(notifications.kind, 'crm_sync'));
    const second = await startChat(t.app, {
      customerId: `${customerId}`,
      customerName: 'Ola',
      message: 'new question',
    });
    await api('PUT', `/api/chat/${second.conversation.id}`, { agentId: agent.agentId });
    await send(t.app, agent.token, second.conversation.id, { content: 'answered' });
    crm.hits.length = 0;
    crmPostFailures = 2;
    const resolvedAt = now.toISOString();
    await api('PUT', `/api/chat/${second.conversation.id}`, { status: 'resolved' }, agent.token);
    await dispatch();
    // Both first attempts met the CRM's 500; the retries went through after the backoff.
    const rows = await db.select().from(notifications).where(eq(notifications.kind, 'crm_sync'));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    now = new Date(now.getTime() + 31_000);
    await dispatch();
    const synced = await db.select().from(notifications).where(eq(notifications.kind, 'crm_sync'));
    expect(synced.map((r) => [r.status, r.attempts, r.responseStatus])).toEqual([
      ['sent', 2, 201],
      ['sent', 2, 201],
    ]);
    const posts = crm.hits
      .filter((h) => h.method === 'POST' && h.body.startsWith('{'))
      .slice(2)
      .map((h) => ({ headers: h.headers, body: JSON.parse(h.body) }));
    expect(posts.map((p) => [p.body.conversation.id, p.body.history]).sort()).toEqual(
      [
        [first.conversation.id, true],
        [second.conversation.id, false],
      ].sort(),
    );
    const current = posts.find((p) => !p.body.history)!;
    expect(current.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(current.body.conversation).toMatchObject({
      customerId,
      customerName: 'Ola',
      status: 'resolved',
      agentName: 'Ada Agent',
      resolvedAt,
    });
    expect(
      current.body.messages.map((m: { senderType: string; content: string }) => [m.senderType, m.content]),
    ).toEqual([
      ['customer', 'new question'],
      ['agent', 'answered'],
    ]);
  });

  it("the seed's integration API is the running server's own", async () => {
    const { getCRMIntegration, getEmailIntegration, getSMSIntegration } = await import('../src/app.js');
    const v = await startChat(t.app, { customerId: 'seed-api-1', customerName: 'Ivy', message: 'hello' });
    expect(await getCRMIntegration().getCustomerContext('seed-api-1')).toMatchObject({
      configured: true,
      available: true,
      fields: [
        { label: 'Company', value: 'Acme <b>Corp</b>' },
        { label: 'Plan', value: 'Pro' },
        { label: 'Lifetime value', value: '1234.5' },
        { label: 'Vip', value: 'true' },
      ],
    });
    crm.hits.length = 0;
    await getCRMIntegration().syncConversationToCRM(v.conversation);
    await dispatch();
    const pushed = crm.hits.filter((h) => h.method === 'POST').map((h) => JSON.parse(h.body).conversation.id);
    expect(pushed).toEqual([v.conversation.id]);
    // This server sends no email and no texts: the seed's calls say so and queue nothing.
    expect(getEmailIntegration().configured).toBe(false);
    expect(
      await getEmailIntegration().notifyNewMessage(v.conversation, { seq: 1, senderType: 'customer' }, 'x@example.com'),
    ).toBe(false);
    expect(getSMSIntegration().configured).toBe(false);
  });
});
