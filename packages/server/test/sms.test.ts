// SMS through a local server that speaks Twilio's Messages API (form-encoded POST, basic auth, JSON answers and
// Twilio's error bodies): a high or urgent ticket texts whoever is on call, an SLA warning texts the minutes left,
// the same event texts a number once, an invalid number (21211) fails at once and is not retried, a 429 is retried.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, json, login, startChat, type TestApp } from './helpers.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-1';
const FROM = '+14155550100';
const ONCALL = ['+14155550111', '+14155550122'];

interface Received {
  path: string;
  auth: string;
  form: Record<string, string>;
}

/** Twilio's Messages endpoint, with the answers it documents; `answer` picks one per recipient. */
function fakeTwilio(answer: (to: string) => { status: number; body: object }) {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      received.push({ path: req.url ?? '', auth: req.headers.authorization ?? '', form });
      const a = answer(form.To ?? '');
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.body));
    });
  });
  return new Promise<{ server: Server; url: string; received: Received[] }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received }),
    ),
  );
}

let t: TestApp;
let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
let admin: string;
const T0 = Date.parse('2026-05-04T10:00:00.000Z');
let now = new Date(T0);
const clock = { now: () => new Date(now) };
let tooMany = 1;

beforeAll(async () => {
  twilio = await fakeTwilio((to) => {
    if (to === ONCALL[1] && tooMany-- > 0)
      return { status: 429, body: { code: 20429, message: 'Too Many Requests', status: 429 } };
    if (to === '+15005550001')
      return {
        status: 400,
        body: { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", status: 400 },
      };
    return { status: 201, body: { sid: `SM${'0'.repeat(32)}`, status: 'queued', to } };
  });
  t = await createTestApp(
    {
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_PHONE_NUMBER: FROM,
      TWILIO_API_URL: twilio.url,
      SMS_ONCALL_NUMBERS: ONCALL.join(', '),
      NOTIFY_SWEEP_SECONDS: '3600',
      SLA_WATCH_SECONDS: '3600',
    },
    { clock },
  );
  admin = await login(t.app);
});
afterAll(async () => {
  await t?.close();
  twilio?.server.close();
});

const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  json(await t.app.inject({ method, url, headers: bearer(admin), ...(payload ? { payload } : {}) }));

async function ticket(subject: string, priority: string) {
  const { conversation } = await startChat(t.app, { customerName: 'Tess Ticket', message: subject });
  return (await api('POST', '/api/tickets', { conversationId: conversation.id, subject, description: 'x', priority }))
    .ticket;
}

const outbox = async () => {
  const { notifications } = await import('../src/db/schema/index.js');
  const { eq } = await import('drizzle-orm');
  return t.app.supportChat.deps.db.select().from(notifications).where(eq(notifications.channel, 'sms'));
};

/** Runs the dispatcher until it is idle. */
async function deliver() {
  t.app.dispatcher.kick();
  await new Promise((r) => setTimeout(r, 50));
  await expect.poll(() => (t.app.dispatcher as unknown as { running: boolean }).running).toBe(false);
}

describe('SMS through Twilio', () => {
  it('an urgent ticket texts everyone on call once, in Twilio’s format; a medium one texts nobody', async () => {
    await ticket('Nothing urgent', 'medium');
    const urgent = await ticket('Payments are down', 'urgent');
    await deliver();
    const first = twilio.received.filter((r) => r.form.Body?.includes('Payments are down'));
    expect(first.map((r) => r.form.To)).toEqual([ONCALL[0], ONCALL[1]]); // the second one got 429
    expect(first[0]).toEqual({
      path: `/2010-04-01/Accounts/${SID}/Messages.json`,
      auth: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
      form: { To: ONCALL[0], From: FROM, Body: '[URGENT] New ticket from Tess Ticket: Payments are down' },
    });
    expect(twilio.received.some((r) => r.form.Body?.includes('Nothing urgent'))).toBe(false);
    // The 429 waits for its backoff (30 s), then goes.
    const rows = await outbox();
    const limited = rows.find((r) => r.recipient === ONCALL[1] && r.body.includes('Payments'))!;
    expect(limited).toMatchObject({ status: 'pending', attempts: 1 });
    expect(limited.lastError).toBe('Twilio 429 (20429): Too Many Requests');
    now = new Date(T0 + 31_000);
    await deliver();
    expect((await outbox()).find((r) => r.id === limited.id)).toMatchObject({ status: 'sent', attempts: 2 });
    // The same ticket created event does not text twice (an update leaves it alone).
    await api('PUT', `/api/tickets/${urgent.id}`, { subject: 'Payments are down (EU)' });
    await deliver();
    expect(twilio.received.filter((r) => r.form.Body?.includes('Payments are down')).length).toBe(3);
  });

  it('an SLA warning texts the minutes left to whoever is on call', async () => {
    now = new Date(T0 + 60_000);
    const high = await ticket('Invoice missing', 'high');
    // High: first answer due in 60 min (the default policy); warned 30 min before.
    now = new Date(T0 + 60_000 + 30 * 60_000);
    await t.app.slaWatcher.tick();
    await deliver();
    const texts = (subject: string) =>
      twilio.received
        .filter((r) => r.form.Body?.startsWith('SLA') && r.form.Body.includes(subject))
        .map((r) => [r.form.To, r.form.Body]);
    expect(texts('Invoice missing')).toEqual(
      ONCALL.map((to) => [to, 'SLA warning: first answer due in 30 min for [high] Invoice missing']),
    );
    // The urgent ticket of the first test (opened 10:00): its first answer (30 min) was missed, its resolution (1 h)
    // is 29 minutes away.
    expect(texts('Payments are down').sort()).toEqual(
      ONCALL.flatMap((to) => [
        [to, 'SLA missed: first answer overdue for [urgent] Payments are down (EU)'],
        [to, 'SLA warning: resolution due in 29 min for [urgent] Payments are down (EU)'],
      ]).sort(),
    );
    expect(high.firstResponseDueAt).toBe(new Date(T0 + 60_000 + 60 * 60_000).toISOString());
  });

  it('an agent with a phone is texted about the high tickets assigned to them; a bad number is refused', async () => {
    const { createAgent } = await import('./helpers.js');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/agents',
      headers: bearer(admin),
      payload: { name: 'No Phone', email: 'nophone@test.local', phone: '0155 1234' },
    });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).error.details[0]).toMatchObject({ path: 'body.phone' });
    const pat = await createAgent(t.app, admin, { name: 'Pat Phone', phone: '+14155550133' });
    expect((await api('GET', `/api/agents/${pat.agentId}`)).agent.phone).toBe('+14155550133');
    const { conversation } = await startChat(t.app, { customerName: 'Ola', message: 'refund' });
    await api('POST', '/api/tickets', {
      conversationId: conversation.id,
      subject: 'Refund twice',
      description: 'x',
      priority: 'high',
      assignedAgentId: pat.agentId,
    });
    await deliver();
    expect(twilio.received.filter((r) => r.form.Body?.includes('Refund twice')).map((r) => r.form.To)).toEqual([
      ...ONCALL,
      '+14155550133',
    ]);
    // Cleared: no more texts to them.
    expect((await api('PUT', `/api/agents/${pat.agentId}`, { phone: null })).agent.phone).toBeNull();
  });

  it('an invalid number fails at once with Twilio’s reason and is never retried', async () => {
    const { smsIntegration } = await import('../src/modules/integrations/sms.js');
    const sms = smsIntegration(t.app.supportChat.deps);
    const tk = await ticket('Wrong number', 'low');
    expect(await sms.notifyHighPriorityTicket('+15005550001', tk)).toBe(true);
    expect(await sms.notifyHighPriorityTicket('+15005550001', tk)).toBe(false); // same event, same number: once
    await deliver();
    const row = (await outbox()).find((r) => r.recipient === '+15005550001')!;
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: "Twilio 400 (21211): The 'To' number +15005550001 is not a valid phone number.",
    });
    const before = twilio.received.length;
    now = new Date(now.getTime() + 24 * 3_600_000);
    await deliver();
    expect(twilio.received.length).toBe(before);
  });

  it('refuses a half-configured Twilio and numbers that are not E.164', async () => {
    const { loadConfig } = await import('../src/config.js');
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: SID })).toThrow(
      /TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER/,
    );
    expect(() =>
      loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_PHONE_NUMBER: '555-0100' }),
    ).toThrow(/E\.164/);
    expect(() => loadConfig({ SMS_ONCALL_NUMBERS: '+14155550111, call me' })).toThrow(/E\.164/);
  });
});
