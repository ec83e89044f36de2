// "Email me the transcript" through the outbox, against a real SMTP server on loopback (smtp-server).
import { and, eq, lte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../src/db/schema/index.js';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';
import { customerHash } from '../src/lib/secrets.js';
import { startSmtp, type TestSmtp } from './smtp.js';

/** The raw message with quoted-printable soft line breaks joined and `=3D` decoded, so a long link reads whole. */
const unfold = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

let smtp: TestSmtp;
let received: TestSmtp['mails'];

let t: TestApp;
let now = new Date('2026-06-01T12:00:00.000Z');
const clock = { now: () => new Date(now) };

beforeAll(async () => {
  smtp = await startSmtp();
  received = smtp.mails;
  const port = smtp.port;
  t = await createTestApp(
    { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'help@acme.example', NOTIFY_SWEEP_SECONDS: '3600' },
    { clock },
  );
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
  it('an unverified visitor gets a confirmation link first; the link sends the transcript once; staff send anywhere', async () => {
    const agent = await createAgent(t.app, await login(t.app), { name: 'Sam' });
    const v = await startChat(t.app, {
      customerName: 'Cleo',
      customerEmail: 'cleo@example.com',
      subject: 'Order 42',
      message: 'Where is order 42?',
    });
    await send(t.app, agent.token, v.conversation.id, { content: 'It left the warehouse today <b>!</b>' });
    const ask = (payload: object = {}, token = v.token) =>
      t.app.inject({
        method: 'POST',
        url: `/api/chat/${v.conversation.id}/transcript`,
        headers: bearer(token),
        payload,
      });
    const before = received.length;
    const first = await ask({ email: 'someone-else@example.com' });
    expect(first.statusCode).toBe(202);
    expect(json(first)).toEqual({ queued: true, to: 'cleo@example.com', confirmationRequired: true });
    await until(() => received.length === before + 1, 'the confirmation email');
    const confirmation = received[before]!;
    expect(confirmation.to).toBe('cleo@example.com');
    expect(confirmation.data).toContain('Subject: Confirm: email me the transcript');
    // Nothing the visitor wrote reaches the address before its owner asks for it.
    expect(confirmation.data).not.toContain('order 42');
    expect(json(await ask())).toEqual({ queued: false, to: 'cleo@example.com', confirmationRequired: true });

    const link = /http:\/\/\S+\/api\/chat\/transcript\/confirm\?token=\S+/.exec(unfold(confirmation.data))![0];
    const opened = await t.app.inject({ url: link.replace(/^http:\/\/[^/]+/, '') });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toContain('text/html');
    expect(opened.body).toContain('The transcript is on its way to cleo@example.com.');
    await until(() => received.length === before + 2, 'the transcript');
    const mail = received[before + 1]!;
    expect(mail.to).toBe('cleo@example.com');
    expect(mail.data).toContain('Subject: Your conversation: Order 42');
    expect(mail.data).toContain('Cleo: Where is order 42?');
    expect(mail.data).toContain('Sam: It left the warehouse today <b>!</b>');
    // Single use.
    expect((await t.app.inject({ url: link.replace(/^http:\/\/[^/]+/, '') })).statusCode).toBe(410);
    expect((await t.app.inject({ url: '/api/chat/transcript/confirm?token=sce_forged' })).statusCode).toBe(410);
    // An agent may send it anywhere, at once.
    expect(json(await ask({ email: 'boss@example.com' }, agent.token))).toEqual({
      queued: true,
      to: 'boss@example.com',
      confirmationRequired: false,
    });
    await until(() => received.length === before + 3, 'the agent-requested email');
  });

  it('a verified customer gets the transcript at once; any address gets at most a few a day, whoever asks', async () => {
    const admin = await login(t.app);
    const def = json(await t.app.inject({ url: '/api/sites', headers: bearer(admin) })).sites[0];
    // The secret is shown once: an admin rotates to get one to sign with.
    const { site, identitySecret } = json(
      await t.app.inject({ method: 'POST', url: `/api/sites/${def.id}/identity-secret`, headers: bearer(admin) }),
    );
    const v = await startChat(t.app, {
      siteKey: site.siteKey,
      customerId: 'cust-7',
      customerHash: customerHash(identitySecret, 'cust-7'),
      customerEmail: 'verified@example.com',
      message: 'hello',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${v.conversation.id}/transcript`,
      headers: bearer(v.token),
      payload: {},
    });
    expect(json(res)).toEqual({ queued: true, to: 'verified@example.com', confirmationRequired: false });

    // Many anonymous visitors naming one victim address: five confirmations a day, then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const anon = await startChat(t.app, { customerEmail: 'victim@example.com', message: `spam ${i}` });
      statuses.push(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/chat/${anon.conversation.id}/transcript`,
            headers: bearer(anon.token),
            payload: {},
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });

  it('needs an address; another visitor gets 404', async () => {
    const anon = await startChat(t.app, {});
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${anon.conversation.id}/transcript`,
      headers: bearer(anon.token),
      payload: {},
    });
    expect(res.statusCode).toBe(400);
    const other = await startChat(t.app, { customerEmail: 'x@example.com' });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/chat/${other.conversation.id}/transcript`,
          headers: bearer(anon.token),
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
  });

  it('a refused delivery is retried with backoff and then sent', async () => {
    // Let what earlier tests queued go out first, so the one refusal below hits this email and no other (replies
    // by email wait a minute for the widget to show them first: not due within this test).
    const db = t.app.supportChat.deps.db;
    await until(
      async () =>
        (
          await db
            .select()
            .from(notifications)
            .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, clock.now())))
        ).length === 0,
      'earlier emails',
    );
    // Rows being sent are leased (not due), so also wait for the pass that sends them to finish.
    await t.app.dispatcher.idle();
    smtp.refuseNext(1);
    const before = received.length;
    const v = await startChat(t.app, { customerEmail: 'retry@example.com', message: 'please retry' });
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${v.conversation.id}/transcript`,
      headers: bearer(v.token),
      payload: {},
    });
    const row = async () =>
      (await db.select().from(notifications).where(eq(notifications.recipient, 'retry@example.com')))[0]!;
    await until(async () => (await row()).attempts === 1, 'the first attempt');
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1 });
    expect(received.length).toBe(before);
    now = new Date(now.getTime() + 31_000);
    t.app.dispatcher.kick();
    await until(() => received.length === before + 1, 'the retried email');
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

it('answers 503 when email is not configured', async () => {
  const plain = await createTestApp({}, {}, t.db);
  try {
    const v = await startChat(plain.app, { customerEmail: 'a@b.co' });
    const res = await plain.app.inject({
      method: 'POST',
      url: `/api/chat/${v.conversation.id}/transcript`,
      headers: bearer(v.token),
      payload: {},
    });
    expect(res.statusCode).toBe(503);
    expect(json(res).error.code).toBe('EMAIL_NOT_CONFIGURED');
  } finally {
    await plain.app.close();
  }
});
