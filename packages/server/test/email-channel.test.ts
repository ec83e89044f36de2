// The email channel end to end, against real SMTP on loopback both ways: our outbox sends to a test SMTP server
// (smtp-server), and the customer's answers are sent with nodemailer to our inbound listener. An offline-form customer
// gets the agent's reply by email and answers by email into the same conversation; mail to the support address opens
// a conversation that routes like a chat; agents hear of unread messages; bounces are recorded.
import { and, eq, lte } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages, notifications } from '../src/db/schema/index.js';
import { bearer, createAgent, createTestApp, json, login, send, startChat, type TestApp } from './helpers.js';
import { mailClient, parseMail, startSmtp, type TestSmtp } from './smtp.js';

const SUPPORT = 'help@acme.example';
const DOMAIN = 'mail.acme.example';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let smtp: TestSmtp;
let t: TestApp;
let admin: string;
let agent: Awaited<ReturnType<typeof createAgent>>;
let now = new Date('2026-06-01T12:00:00.000Z');
const clock = { now: () => new Date(now) };
const advance = (ms: number) => (now = new Date(now.getTime() + ms));

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp(
    {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: SUPPORT,
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_EMAIL_DOMAIN: DOMAIN,
      INBOUND_NEW_CONVERSATIONS_PER_HOUR: '3',
      NOTIFY_SWEEP_SECONDS: '3600',
    },
    { clock },
  );
  admin = await login(t.app);
  agent = await createAgent(t.app, admin, { name: 'Ada Agent' });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const customer = () => mailClient(t.app.inboundMail.port);

/** Delivers what is due and returns the emails that arrived, parsed. */
async function deliver(expected: number): Promise<ParsedMail[]> {
  const before = smtp.mails.length;
  t.app.dispatcher.kick();
  for (let i = 0; i < 200 && smtp.mails.length < before + expected; i++) await new Promise((r) => setTimeout(r, 25));
  // Give a surplus a moment to show up, so "exactly n" is what is asserted.
  await new Promise((r) => setTimeout(r, 100));
  return Promise.all(smtp.mails.slice(before).map((m) => parseMail(m.data)));
}

/** Sends everything due an hour from now (what earlier tests left waiting), so a test sees only its own emails. */
async function drain() {
  advance(3_600_000);
  const db = t.app.supportChat.deps.db;
  for (let i = 0; i < 200; i++) {
    t.app.dispatcher.kick();
    await new Promise((r) => setTimeout(r, 25));
    await t.app.dispatcher.idle();
    const due = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.status, 'pending'), lte(notifications.nextAttemptAt, clock.now())));
    if (!due.length) break;
  }
  await new Promise((r) => setTimeout(r, 100));
}

const assign = (conversationId: string, agentId: string) =>
  t.app.inject({ method: 'PUT', url: `/api/chat/${conversationId}`, headers: bearer(admin), payload: { agentId } });

const messagesOf = async (conversationId: string) =>
  (
    await t.app.supportChat.deps.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(messages.seq)
  ).map((m) => ({ type: m.senderType, content: m.content, attachments: m.attachments, metadata: m.metadata }));

describe('the email channel', () => {
  it("an offline-form customer gets the agent's reply by email and answers by email into the same conversation", async () => {
    const form = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        payload: {
          subject: 'Where is my order?',
          description: 'Order 1042 has not arrived.',
          customerEmail: 'kim@example.com',
        },
      }),
    );
    const conversationId: string = form.ticket.conversationId;
    expect((await assign(conversationId, agent.agentId)).statusCode).toBe(200);
    expect((await send(t.app, agent.token, conversationId, { content: 'It ships today, Kim.' })).statusCode).toBe(201);

    const [reply, ...more] = await deliver(1);
    expect(more).toHaveLength(0);
    const replyTo = (reply!.replyTo?.value[0]?.address ?? '').toLowerCase();
    expect(replyTo).toMatch(new RegExp(`^reply\\+${conversationId}\\.[0-9a-f]{16}@${DOMAIN.replace(/\./g, '\\.')}$`));
    expect(reply!.to).toMatchObject({ value: [{ address: 'kim@example.com' }] });
    expect(reply!.subject).toBe(`Where is my order? [#${conversationId.slice(0, 8)}]`);
    expect(reply!.text).toContain('It ships today, Kim.');
    expect(reply!.text).toContain('— Ada Agent');
    const root = `<c-${conversationId}@${DOMAIN}>`;
    expect(reply!.inReplyTo).toBe(root);
    expect(reply!.references).toBe(root);
    expect(reply!.messageId).toMatch(new RegExp(`^<n-[0-9a-f-]{36}@${DOMAIN.replace(/\./g, '\\.')}>$`));

    // Kim answers from her mail client: new words on top, our email quoted below, a picture attached.
    await customer().sendMail({
      from: 'Kim <kim@example.com>',
      to: replyTo,
      subject: `Re: ${reply!.subject}`,
      messageId: '<kim-1@example.com>',
      inReplyTo: reply!.messageId,
      references: [root, reply!.messageId!],
      text: `Great, thanks!\nHere is the label.\n\nOn Mon, 1 Jun 2026 at 12:00, ${SUPPORT} wrote:\n> It ships today, Kim.\n> — Ada Agent\n`,
      attachments: [{ filename: 'label.png', content: PNG }],
    });
    const after = await messagesOf(conversationId);
    expect(after.map((m) => [m.type, m.content])).toEqual([
      ['customer', 'Order 1042 has not arrived.'],
      ['agent', 'It ships today, Kim.'],
      ['customer', 'Great, thanks!\nHere is the label.'],
    ]);
    const last = after.at(-1)!;
    expect(last.attachments).toEqual([
      {
        url: expect.stringMatching(/^\/api\/uploads\/[0-9a-f-]{36}$/),
        name: 'label.png',
        mimeType: 'image/png',
        size: PNG.length,
      },
    ]);
    expect(last.metadata).toMatchObject({ emailMessageId: '<kim-1@example.com>' });

    // The same email delivered twice (a relay retrying) is one message.
    await customer().sendMail({
      from: 'kim@example.com',
      to: replyTo,
      subject: 'Re: again',
      messageId: '<kim-1@example.com>',
      text: 'Great, thanks!',
    });
    expect(await messagesOf(conversationId)).toHaveLength(3);

    // The next reply nests under Kim's email.
    await send(t.app, agent.token, conversationId, { content: 'Got it.' });
    const [second] = await deliver(1);
    expect(second!.inReplyTo).toBe('<kim-1@example.com>');
    expect(second!.references).toEqual([root, '<kim-1@example.com>']);
    expect(second!.text).not.toContain('It ships today');
  });

  it('refuses a stranger writing into a conversation, unknown mailboxes and a forged reply address', async () => {
    const form = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        payload: { subject: 'Refund', description: 'Please refund.', customerEmail: 'lee@example.com' },
      }),
    );
    const conversationId: string = form.ticket.conversationId;
    await assign(conversationId, agent.agentId);
    await send(t.app, agent.token, conversationId, { content: 'Done.' });
    const [mail] = await deliver(1);
    const replyTo = mail!.replyTo!.value[0]!.address!;

    await expect(
      customer().sendMail({ from: 'mallory@example.com', to: replyTo, subject: 'x', text: 'let me in' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      customer().sendMail({ from: 'lee@example.com', to: `nobody@${DOMAIN}`, subject: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    const forged = replyTo.replace(/\.[0-9a-f]{16}@/, '.0000000000000000@');
    await expect(
      customer().sendMail({ from: 'lee@example.com', to: forged, subject: 'x', text: 'hi' }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect((await messagesOf(conversationId)).map((m) => m.content)).toEqual(['Please refund.', 'Done.']);
  });

  it('mail to the support address opens an email conversation that routes like a chat, and agents answer it', async () => {
    await customer().sendMail({
      from: '"Noor Haddad" <noor@example.com>',
      to: SUPPORT,
      subject: 'Invoice question',
      messageId: '<noor-1@example.com>',
      text: 'Why was I charged twice?\n\n-- \nNoor Haddad\nAcme Customer',
    });
    const list = json(await t.app.inject({ url: '/api/chat?status=queued&limit=100', headers: bearer(admin) }));
    const c = list.conversations.find((x: { customerEmail: string }) => x.customerEmail === 'noor@example.com');
    expect(c).toMatchObject({
      channel: 'email',
      status: 'queued',
      customerName: 'Noor Haddad',
      customerId: 'email:noor@example.com',
      subject: 'Invoice question',
    });
    expect((await messagesOf(c.id)).map((m) => m.content)).toEqual(['Why was I charged twice?']);
    await assign(c.id, agent.agentId);
    await send(t.app, agent.token, c.id, { content: 'A refund is on its way.' });
    const [reply] = await deliver(1);
    expect(reply!.to).toMatchObject({ value: [{ address: 'noor@example.com' }] });
    expect(reply!.inReplyTo).toBe('<noor-1@example.com>');
    expect(reply!.subject).toBe(`Invoice question [#${c.id.slice(0, 8)}]`);
  });

  it('refuses mail over INBOUND_MAX_BYTES (15 MB by default) with 552', async () => {
    const big = 'x'.repeat(16 * 1024 * 1024);
    await expect(
      customer().sendMail({ from: 'big@example.com', to: SUPPORT, subject: 'huge', text: big }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('stores hostile mail as plain text: markup kept as words, NUL bytes and lone surrogates removed', async () => {
    await customer().sendMail({
      from: '"<b>Eve</b>" <eve@example.com>',
      to: SUPPORT,
      subject: '<img src=x onerror=alert(1)>',
      text: 'a\u0000b <script>alert(1)</script> \ud800!',
    });
    const list = json(await t.app.inject({ url: '/api/chat?limit=100', headers: bearer(admin) }));
    const c = list.conversations.find((x: { customerEmail: string }) => x.customerEmail === 'eve@example.com');
    expect(c).toMatchObject({ customerName: '<b>Eve</b>', subject: '<img src=x onerror=alert(1)>' });
    expect((await messagesOf(c.id)).map((m) => m.content)).toEqual(['ab <script>alert(1)</script> \ufffd!']);
  });

  it('defers a flood from one address (4xx: its server retries later), and takes it again an hour on', async () => {
    const flood = (n: number) =>
      customer().sendMail({ from: 'flood@example.com', to: SUPPORT, subject: `Question ${n}`, text: `question ${n}` });
    for (const n of [1, 2, 3]) await flood(n);
    await expect(flood(4)).rejects.toMatchObject({ responseCode: 450 });
    // Another address is not held back by it.
    await customer().sendMail({ from: 'calm@example.com', to: SUPPORT, subject: 'Hi', text: 'one question' });
    advance(3_600_000);
    await flood(5);
    const mine = json(await t.app.inject({ url: '/api/chat?limit=100', headers: bearer(admin) })).conversations.filter(
      (c: { customerEmail: string }) => c.customerEmail === 'flood@example.com',
    );
    expect(mine.map((c: { subject: string }) => c.subject).sort()).toEqual([
      'Question 1',
      'Question 2',
      'Question 3',
      'Question 5',
    ]);
  });

  it('an automatic reply (out of office) never becomes a message', async () => {
    const before = json(await t.app.inject({ url: '/api/chat?limit=100', headers: bearer(admin) })).total;
    await customer().sendMail({
      from: 'away@example.com',
      to: SUPPORT,
      subject: 'Out of office',
      text: 'I am away until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(json(await t.app.inject({ url: '/api/chat?limit=100', headers: bearer(admin) })).total).toBe(before);
  });

  it("an assigned agent gets one email for a burst of unread customer messages; none once they've read them", async () => {
    await drain();
    const v = await startChat(t.app, { customerName: 'Pat', message: 'hello?' });
    const id: string = v.conversation.id;
    await assign(id, agent.agentId);
    // The agent is offline (never connected): one minute gathers the burst.
    await send(t.app, v.token, id, { content: 'is anyone there?' });
    await send(t.app, v.token, id, { content: 'my card was declined' });
    expect(await deliver(0)).toHaveLength(0);
    advance(61_000);
    const [alert, ...extra] = await deliver(1);
    expect(extra).toHaveLength(0);
    expect(alert!.to).toMatchObject({ value: [{ address: agent.email }] });
    expect(alert!.subject).toBe('2 new messages from Pat');
    expect(alert!.text).toContain('Pat: is anyone there?');
    expect(alert!.text).toContain('Pat: my card was declined');
    expect(alert!.headers.get('auto-submitted')).toBe('auto-generated');

    // A new burst, read in the console before the minute is up: no email.
    const sent = json(await send(t.app, v.token, id, { content: 'still there?' }));
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/read`,
      headers: bearer(agent.token),
      payload: { messageId: sent.message.id },
    });
    advance(61_000);
    expect(await deliver(0)).toHaveLength(0);
    const rows = await t.app.supportChat.deps.db
      .select({ status: notifications.status })
      .from(notifications)
      .where(and(eq(notifications.conversationId, id), eq(notifications.kind, 'agent_unread')));
    expect(rows.map((r) => r.status).sort()).toEqual(['sent', 'skipped']);
  });

  it("the seed's notifyNewMessage tells the assigned agent, like the product's own alerts", async () => {
    await drain();
    const { getEmailIntegration } = await import('../src/app.js');
    const v = await startChat(t.app, { customerName: 'Seda', message: 'ping' });
    await assign(v.conversation.id, agent.agentId);
    const [conversation] = await t.app.supportChat.deps.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, v.conversation.id));
    // The chat's own alert for "ping" (written before the assignment) does not exist; the seed's call writes one.
    expect(
      await getEmailIntegration().notifyNewMessage(conversation!, { seq: 1, senderType: 'customer' }, agent.email),
    ).toBe(true);
    advance(61 * 60_000);
    const [alert, ...more] = await deliver(1);
    expect(more).toHaveLength(0);
    expect(alert!.to).toMatchObject({ value: [{ address: agent.email }] });
    expect(alert!.subject).toBe('New message from Seda');
    expect(alert!.text).toContain('Seda: ping');
  });

  it('an agent who turned email off gets none', async () => {
    await drain();
    const quiet = await createAgent(t.app, admin, { name: 'Quiet Quinn' });
    const me = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/me',
      headers: bearer(quiet.token),
      payload: { notifications: { email: false } },
    });
    expect(json(me).user.notifications).toMatchObject({ email: false, emailAfterMinutes: 5 });
    const v = await startChat(t.app, { message: 'hi' });
    await assign(v.conversation.id, quiet.agentId);
    await send(t.app, v.token, v.conversation.id, { content: 'anyone?' });
    advance(10 * 60_000);
    expect(await deliver(0)).toHaveLength(0);
  });

  it('a web customer with an address gets a reply by email only when they have not read it in the widget', async () => {
    await drain();
    const v = await startChat(t.app, { customerName: 'Ola', customerEmail: 'ola@example.com', message: 'hi' });
    const id: string = v.conversation.id;
    await assign(id, agent.agentId);
    const seen = json(await send(t.app, agent.token, id, { content: 'Hello Ola!' }));
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${id}/read`,
      headers: bearer(v.token),
      payload: { messageId: seen.message.id },
    });
    advance(61_000);
    expect(await deliver(0)).toHaveLength(0);
    await send(t.app, agent.token, id, { content: 'Are you still there?' });
    advance(61_000);
    const [mail] = await deliver(1);
    expect(mail!.to).toMatchObject({ value: [{ address: 'ola@example.com' }] });
    expect(mail!.text).toContain('Are you still there?');
    expect(mail!.text).not.toContain('Hello Ola!');
  });

  it('sends the customer a summary on resolve when the site says so', async () => {
    const sites = json(await t.app.inject({ url: '/api/sites', headers: bearer(admin) })).sites;
    const site = sites.find((s: { isDefault: boolean }) => s.isDefault);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/sites/${site.id}`,
      headers: bearer(admin),
      payload: { emailSummaryOnResolve: true },
    });
    expect(json(put).site.emailSummaryOnResolve).toBe(true);
    const v = await startChat(t.app, {
      customerName: 'Sam',
      customerEmail: 'sam@example.com',
      message: 'How do I reset?',
    });
    await assign(v.conversation.id, agent.agentId);
    const r = json(await send(t.app, agent.token, v.conversation.id, { content: 'Use the link on the login page.' }));
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${v.conversation.id}/read`,
      headers: bearer(v.token),
      payload: { messageId: r.message.id },
    });
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${v.conversation.id}`,
      headers: bearer(agent.token),
      payload: { status: 'resolved' },
    });
    const [summary] = await deliver(1);
    expect(summary!.to).toMatchObject({ value: [{ address: 'sam@example.com' }] });
    expect(summary!.subject).toBe(`Your conversation with us [#${v.conversation.id.slice(0, 8)}]`);
    expect(summary!.text).toContain('Sam: How do I reset?');
    expect(summary!.text).toContain('Ada Agent: Use the link on the login page.');
    await t.app.inject({
      method: 'PUT',
      url: `/api/sites/${site.id}`,
      headers: bearer(admin),
      payload: { emailSummaryOnResolve: false },
    });
  });

  it('a bounce for one of our emails marks it bounced, with the reason', async () => {
    const form = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/tickets',
        payload: { subject: 'Typo', description: 'hi', customerEmail: 'no-such-user@example.com' },
      }),
    );
    await assign(form.ticket.conversationId, agent.agentId);
    await send(t.app, agent.token, form.ticket.conversationId, { content: 'Hello?' });
    const [mail] = await deliver(1);
    const id = /<n-([0-9a-f-]{36})@/.exec(mail!.messageId!)![1]!;
    // Sent with a VERP envelope sender, so the bounce names this email.
    expect(smtp.mails.at(-1)).toMatchObject({ from: `bounces+${id}@${DOMAIN}`, to: 'no-such-user@example.com' });
    const dsn = [
      'Reporting-MTA: dns; mx.example.com',
      '',
      'Final-Recipient: rfc822; no-such-user@example.com',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
    ].join('\r\n');
    await customer().sendMail({
      from: 'MAILER-DAEMON@mx.example.com',
      to: `bounces+${id}@${DOMAIN}`,
      subject: 'Undelivered Mail Returned to Sender',
      text: 'Your message could not be delivered.',
      attachments: [{ content: dsn, contentType: 'message/delivery-status' }],
    });
    const [row] = await t.app.supportChat.deps.db.select().from(notifications).where(eq(notifications.id, id));
    expect(row).toMatchObject({
      status: 'bounced',
      lastError: 'Bounced (5.1.1): smtp; 550 5.1.1 User unknown',
      responseStatus: 500,
    });
  });

  it("emails every admin last week's figures on Monday morning, once", async () => {
    await drain();
    // Monday before 08:00: not yet (last week's report goes out from 08:00).
    now = new Date('2026-06-08T07:59:00.000Z');
    expect(await t.app.weeklyReport.tick()).toBe(0);
    now = new Date('2026-06-08T09:00:00.000Z');
    expect(await t.app.weeklyReport.tick()).toBe(1);
    expect(await t.app.weeklyReport.tick()).toBe(0);
    const [report, ...more] = await deliver(1);
    expect(more).toHaveLength(0);
    const overview = json(
      await t.app.inject({
        url: '/api/analytics/overview?from=2026-06-01T00:00:00.000Z&to=2026-06-08T00:00:00.000Z',
        headers: bearer(admin),
      }),
    ).summary;
    expect(overview.conversations).toBeGreaterThan(5);
    expect(report!.to).toMatchObject({ value: [{ address: 'admin@test.local' }] });
    expect(report!.subject).toBe(
      `Support last week (Mon 1 Jun – Sun 7 Jun 2026): ${overview.conversations} conversations, ${overview.resolved} resolved`,
    );
    expect(report!.text).toContain(`Conversations     ${overview.conversations} (none the week before)`);
    expect(report!.text).toContain("Your support team's week: Mon 1 Jun – Sun 7 Jun 2026 (UTC).");
    expect(report!.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('an answer to a conversation an agent merged away lands where its messages went', async () => {
    const from = 'Lee <lee@example.com>';
    for (const subject of ['Invoice wrong', 'Invoice still wrong'])
      await customer().sendMail({ from, to: SUPPORT, subject, text: subject });
    const [kept, other] = await t.app.supportChat.deps.db
      .select()
      .from(conversations)
      .where(eq(conversations.customerId, 'email:lee@example.com'))
      .orderBy(conversations.createdAt);
    const merged = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${kept!.id}/merge`,
      headers: bearer(admin),
      payload: { sourceId: other!.id },
    });
    expect(merged.statusCode).toBe(200);
    await customer().sendMail({
      from,
      to: SUPPORT,
      subject: 'Re: Invoice still wrong',
      inReplyTo: `<c-${other!.id}@${DOMAIN}>`,
      text: 'Any news?',
    });
    expect((await messagesOf(kept!.id)).map((m) => m.content)).toEqual([
      'Invoice wrong',
      'Invoice still wrong',
      'Admin merged another conversation into this one',
      'Any news?',
    ]);
    expect(await messagesOf(other!.id)).toEqual([]);
  });
});
