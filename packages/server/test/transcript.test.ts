// "Email me the transcript" through the outbox, against a real SMTP server on loopback (smtp-server).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../src/db/schema/index.js';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';

let smtp: TestSmtp;
let received: TestSmtp['mails'];

let t: TestApp;
let now = new Date('2026-06-01T12:00:00.000Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  smtp = await startSmtp();
  received = smtp.mails;
  const port = smtp.port;
  t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'help@acme.example', NOTIFY_SWEEP_SECONDS: '3600' }, { clock });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const until = async (cond: () => boolean | Promise<boolean>, what: string) => {
  for (let i = 0; i < 100; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('transcripts', () => {
  it('mails the conversation as text to the customer once, however often it is asked for', async () => {
    const agent = await createAgent(t.app, await login(t.app), { name: 'Sam' });
    const v = await startChat(t.app, { customerName: 'Cleo', customerEmail: 'cleo@example.com', subject: 'Order 42', message: 'Where is order 42?' });
    await send(t.app, agent.token, v.conversation.id, { content: 'It left the warehouse today <b>!</b>' });
    const ask = (payload: object = {}, token = v.token) =>
      t.app.inject({ method: 'POST', url: `/api/chat/${v.conversation.id}/transcript`, headers: bearer(token), payload });
    const first = await ask({ email: 'someone-else@example.com' });
    expect(first.statusCode).toBe(202);
    expect(json(first)).toEqual({ queued: true, to: 'cleo@example.com' });
    await until(() => received.length === 1, 'the email');
    const mail = received[0]!;
    expect(mail.to).toBe('cleo@example.com');
    expect(mail.data).toContain('Subject: Your conversation: Order 42');
    expect(mail.data).toContain('Cleo: Where is order 42?');
    expect(mail.data).toContain('Sam: It left the warehouse today <b>!</b>');
    expect(json(await ask())).toEqual({ queued: false, to: 'cleo@example.com' });
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toHaveLength(1);
    // An agent may send it anywhere.
    expect(json(await ask({ email: 'boss@example.com' }, agent.token))).toEqual({ queued: true, to: 'boss@example.com' });
    await until(() => received.length === 2, 'the agent-requested email');
  });

  it('needs an address; another visitor gets 404', async () => {
    const anon = await startChat(t.app, {});
    const res = await t.app.inject({ method: 'POST', url: `/api/chat/${anon.conversation.id}/transcript`, headers: bearer(anon.token), payload: {} });
    expect(res.statusCode).toBe(400);
    const other = await startChat(t.app, { customerEmail: 'x@example.com' });
    expect((await t.app.inject({ method: 'POST', url: `/api/chat/${other.conversation.id}/transcript`, headers: bearer(anon.token), payload: {} })).statusCode).toBe(404);
  });

  it('a refused delivery is retried with backoff and then sent', async () => {
    smtp.refuseNext(1);
    const before = received.length;
    const v = await startChat(t.app, { customerEmail: 'retry@example.com', message: 'please retry' });
    await t.app.inject({ method: 'POST', url: `/api/chat/${v.conversation.id}/transcript`, headers: bearer(v.token), payload: {} });
    const db = t.app.supportChat.deps.db;
    const row = async () => (await db.select().from(notifications).where(eq(notifications.recipient, 'retry@example.com')))[0]!;
    await until(async () => (await row()).attempts === 1, 'the first attempt');
    expect((await row())).toMatchObject({ status: 'pending', attempts: 1 });
    expect(received.length).toBe(before);
    now = new Date(now.getTime() + 31_000);
    t.app.dispatcher.kick();
    await until(() => received.length === before + 1, 'the retried email');
    expect((await row())).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

it('answers 503 when email is not configured', async () => {
  const plain = await createTestApp({}, {}, t.db);
  try {
    const v = await startChat(plain.app, { customerEmail: 'a@b.co' });
    const res = await plain.app.inject({ method: 'POST', url: `/api/chat/${v.conversation.id}/transcript`, headers: bearer(v.token), payload: {} });
    expect(res.statusCode).toBe(503);
    expect(json(res).error.code).toBe('EMAIL_NOT_CONFIGURED');
  } finally {
    await plain.app.close();
  }
});
