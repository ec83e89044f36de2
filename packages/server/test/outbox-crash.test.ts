// The outbox across a crash: the compiled server commits an urgent ticket from the offline form (the texts to whoever
// is on call, a signed webhook), an agent's reply (the customer's email) and the resolve (the CRM sync), is killed
// with SIGKILL before its dispatcher runs, and on the next start every notification is delivered once — and a third
// start sends nothing more. Against real SMTP on loopback and local servers speaking Twilio's, the CRM's and a
// webhook receiver's formats.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildCompiledServer, type CompiledServer } from './compiled.js';
import { createTestDatabase, driver, type TestDatabase } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';

let server: CompiledServer;
const ONCALL = ['+14155550111', '+14155550122'];
const SID = 'AC0123456789abcdef0123456789abcdef';

let twilio: Server;
let twilioUrl: string;
const texts: { to: string; body: string }[] = [];
let smtp: TestSmtp;
let receiver: Server;
const hooks: { event: string; delivery: string }[] = [];
const crmSyncs: string[] = [];
let dataDir: string;
let db: TestDatabase | undefined;
const env: Record<string, string> = {};

beforeAll(async () => {
  server = buildCompiledServer(`crash-${driver}`);
  twilio = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      texts.push({ to: form.get('To') ?? '', body: form.get('Body') ?? '' });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ sid: `SM${String(texts.length).padStart(32, '0')}`, status: 'queued' }));
    });
  });
  await new Promise<void>((r) => twilio.listen(0, '127.0.0.1', r));
  twilioUrl = `http://127.0.0.1:${(twilio.address() as AddressInfo).port}`;
  smtp = await startSmtp();
  // One local server is both the webhook receiver and the CRM.
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if (req.url === '/conversations') crmSyncs.push(JSON.parse(raw).conversation.id);
      else
        hooks.push({
          event: String(req.headers['x-support-chat-event']),
          delivery: String(req.headers['x-support-chat-delivery']),
        });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  env.CRM_API_URL = receiverUrl;
  env.SMTP_HOST = '127.0.0.1';
  env.SMTP_PORT = String(smtp.port);
  env.SMTP_FROM = 'help@acme.example';
  env.RECEIVER = `${receiverUrl}/hook`;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-crash-'));
  if (driver === 'postgres') {
    db = await createTestDatabase();
    await db.handle.close();
    env.DATABASE_URL = db.url!;
  }
  Object.assign(env, {
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    ADMIN_EMAIL: 'admin@example.com',
    ADMIN_PASSWORD: 'admin-password-1',
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: 'twilio-auth-token-1',
    TWILIO_PHONE_NUMBER: '+14155550100',
    TWILIO_API_URL: twilioUrl,
    SMS_ONCALL_NUMBERS: ONCALL.join(','),
  });
}, 60_000);

afterAll(async () => {
  twilio?.close();
  receiver?.close();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
  await db?.drop();
  server?.remove();
});

const start = (extra: Record<string, string>) => server.start({ ...env, ...extra });
const stop = (child: Parameters<CompiledServer['stop']>[0], signal: NodeJS.Signals) => server.stop(child, signal);

it('notifications committed before a crash are delivered once after the restart, and never again', async () => {
  // First life: the dispatcher's sweep is an hour away, so the ticket's texts are committed and not yet sent.
  const first = await start({ NOTIFY_SWEEP_SECONDS: '3600' });
  const call = async (method: string, url: string, body: object, token?: string) => {
    const res = await fetch(first.base + url, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(res.status, url).toBeLessThan(300);
    return res.json() as Promise<any>;
  };
  const post = (url: string, body: object, token?: string) => call('POST', url, body, token);
  const { token } = await post('/api/auth/login', { email: 'admin@example.com', password: 'admin-password-1' });
  const me = await fetch(`${first.base}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
    r.json(),
  );
  await call('PUT', '/api/integrations/settings', { allowPrivateAddresses: true }, token);
  await post('/api/webhooks', { url: env.RECEIVER, events: ['ticket.created', 'conversation.status_changed'] }, token);
  // The offline form: an urgent ticket on a new email conversation (texts, a webhook)…
  const { ticket } = await post('/api/tickets', {
    subject: 'Checkout is down',
    description: 'site down',
    customerName: 'Cara Crash',
    customerEmail: 'cara@example.com',
    priority: 'urgent',
  });
  const conversationId = ticket.conversationId as string;
  // …an agent's reply (the customer's email) and the resolve (a webhook, the CRM sync).
  await call('PUT', `/api/chat/${conversationId}`, { agentId: me.agent.id }, token);
  await post(`/api/chat/${conversationId}/message`, { content: 'We are on it.' }, token);
  await call('PUT', `/api/chat/${conversationId}`, { status: 'resolved' }, token);
  await stop(first.child, 'SIGKILL');
  expect([texts, smtp.mails, hooks, crmSyncs]).toEqual([[], [], [], []]);

  // Second life: the outbox is swept at once and each text goes out.
  const second = await start({ NOTIFY_SWEEP_SECONDS: '1' });
  await expect
    .poll(() => [texts.length, smtp.mails.length, hooks.length, crmSyncs.length], { timeout: 20_000 })
    .toEqual([2, 1, 3, 1]);
  expect(texts.map((t) => t.to).sort()).toEqual(ONCALL);
  expect(smtp.mails[0]!.to).toBe('cara@example.com');
  expect(smtp.mails[0]!.data).toContain('We are on it.');
  // The status changed twice (assigned: queued → active; resolved): two deliveries, each its own.
  expect(hooks.map((h) => h.event).sort()).toEqual([
    'conversation.status_changed',
    'conversation.status_changed',
    'ticket.created',
  ]);
  expect(new Set(hooks.map((h) => h.delivery)).size).toBe(3);
  expect(crmSyncs).toEqual([conversationId]);
  expect(new Set(texts.map((t) => t.body))).toEqual(new Set(['[URGENT] New ticket from Cara Crash: Checkout is down']));
  await stop(second.child, 'SIGTERM');

  // Third life: nothing left to send.
  const third = await start({ NOTIFY_SWEEP_SECONDS: '1' });
  await new Promise((r) => setTimeout(r, 2500));
  await stop(third.child, 'SIGTERM');
  expect([texts.length, smtp.mails.length, hooks.length, crmSyncs.length]).toEqual([2, 1, 3, 1]);
}, 90_000);
