// Integrations end to end in Chromium, against a real server with real SMTP both ways and local CRM and webhook
// servers: a customer leaves the widget's offline form, an agent answers in the console, the answer arrives by email,
// the customer replies from their mail client and the agent sees it in the same thread; the customer panel shows the
// CRM's context and resolving syncs the conversation; an admin adds a webhook in Team setup and the receiver verifies
// its signature; the delivery log shows it all.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAgent,
  createTestApp,
  hasChromium,
  isolatedPage,
  launchChromium,
  login,
  mailClient,
  parseMail,
  startSmtp,
  type TestApp,
  type TestSmtp,
} from '@support-chat/server/testing';

interface Hit {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(answer: (hit: Hit) => { status: number; body: string }) {
  const hits: Hit[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const hit = { path: req.url ?? '', headers: req.headers, body };
      hits.push(hit);
      const a = answer(hit);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, hits, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.skipIf(!hasChromium)('integrations in the console and the widget', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let smtp: TestSmtp;
  let crm: Awaited<ReturnType<typeof listen>>;
  let receiver: Awaited<ReturnType<typeof listen>>;
  const password = 'agent-password-1';
  let agent: Awaited<ReturnType<typeof createAgent>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    crm = await listen((hit) =>
      hit.path.startsWith('/customers/')
        ? {
            status: 200,
            body: JSON.stringify({
              customer: { company: 'Nordlys AS', plan: 'Pro', lifetimeValue: 'NOK 12,400' },
              orders: [{ id: 'NL-2208', date: '2026-11-30', total: 'NOK 890', status: 'in transit' }],
              timeline: [{ at: '2026-10-01T08:00:00Z', text: 'Signed up for Pro' }],
            }),
          }
        : { status: 201, body: '{}' },
    );
    receiver = await listen(() => ({ status: 200, body: '{}' }));
    t = await createTestApp({
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_FROM: 'help@shop.example',
      INBOUND_SMTP_PORT: '0',
      INBOUND_SMTP_HOST: '127.0.0.1',
      INBOUND_EMAIL_DOMAIN: 'mail.shop.example',
      CRM_API_URL: crm.url,
      CRM_API_KEY: 'crm-key',
      NOTIFY_SWEEP_SECONDS: '1',
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    agent = await createAgent(t.app, await login(t.app), { name: 'Alex Agent', password, role: 'admin' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await smtp?.close();
    crm?.server.close();
    receiver?.server.close();
  });

  async function page(): Promise<Page> {
    const p = await isolatedPage(browser, { viewport: { width: 1280, height: 900 } });
    p.on('pageerror', (e) => console.error('page error:', e.message));
    return p;
  }

  it('an offline-form customer gets the reply by email, answers by email, and the agent sees it in the thread', async () => {
    // Nobody is online: the widget offers the form, which promises an answer by email.
    const customer = await page();
    await customer.goto(`${base}/demo`);
    await customer.click('button[aria-label="Open chat"]');
    await customer.waitForSelector('support-chat form.intro textarea[name=message]');
    await customer.fill('support-chat input[name=name]', 'Ingrid Nord');
    await customer.fill('support-chat input[name=email]', 'ingrid@nordlys.example');
    await customer.fill('support-chat textarea[name=message]', 'My parcel NL-2208 has not moved for a week.');
    await customer.click('support-chat form.intro button[type=submit]');
    await customer.waitForSelector('support-chat .intro[role=status]');
    await customer.close();

    // The agent signs in: the email conversation waits in the queue like a chat; they accept it and answer.
    const p = await page();
    await p.goto(`${base}/console`);
    await p.fill('console-login input[name=email]', agent.email);
    await p.fill('console-login input[name=password]', password);
    await p.click('console-login button[type=submit]');
    const queued = p.locator('agent-console .queue-item', { hasText: 'Ingrid Nord' });
    await queued.waitFor({ timeout: 10_000 });
    await queued.locator('button.primary').click();
    const thread = p.locator('agent-console .conversation sc-thread');
    await thread.locator('li.customer', { hasText: 'has not moved for a week' }).waitFor();

    // The customer panel: the CRM's context, as text.
    const panel = p.locator('agent-console sc-customer-panel');
    await panel.locator('.crm dd', { hasText: 'Nordlys AS' }).waitFor();
    await panel.locator('.crm', { hasText: 'NL-2208' }).waitFor();
    await panel.locator('.crm', { hasText: 'Signed up for Pro' }).waitFor();
    expect(crm.hits[0]!.headers.authorization).toBe('Bearer crm-key');

    const composer = p.locator('agent-console sc-composer textarea');
    await composer.fill('Sorry, Ingrid! The carrier has it in Oslo; it arrives tomorrow.');
    await composer.press('Enter');

    // The reply arrives by email (the dispatcher sweeps every second), threaded and answerable.
    await expect.poll(() => smtp.mails.length, { timeout: 15_000 }).toBe(1);
    const mail = await parseMail(smtp.mails[0]!.data);
    expect(smtp.mails[0]!.to).toBe('ingrid@nordlys.example');
    expect(mail.text).toContain('The carrier has it in Oslo');
    const replyTo = mail.replyTo!.value[0]!.address!;
    expect(replyTo).toMatch(/^reply\+[0-9a-f-]{36}\.[0-9a-f]{16}@mail\.shop\.example$/);

    await mailClient(t.app.inboundMail.port).sendMail({
      from: 'Ingrid Nord <ingrid@nordlys.example>',
      to: replyTo,
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.messageId,
      references: [mail.messageId!],
      text: `Wonderful, thank you!\n\nOn Sat, 5 Dec 2026, help@shop.example wrote:\n> Sorry, Ingrid!\n`,
    });
    // It shows in the open thread, live, without the quoted part.
    await thread.locator('li.customer', { hasText: 'Wonderful, thank you!' }).waitFor({ timeout: 10_000 });
    expect(await thread.locator('li.customer', { hasText: 'Sorry, Ingrid!' }).count()).toBe(0);

    // Resolving syncs the conversation to the CRM.
    await p.locator('agent-console button:has-text("Resolve")').click();
    await expect.poll(() => crm.hits.filter((h) => h.path === '/conversations').length, { timeout: 15_000 }).toBe(1);
    const synced = JSON.parse(crm.hits.find((h) => h.path === '/conversations')!.body);
    expect(synced.conversation).toMatchObject({ customerName: 'Ingrid Nord', channel: 'email', status: 'resolved' });
    expect(synced.messages.map((m: { content: string }) => m.content)).toEqual([
      'My parcel NL-2208 has not moved for a week.',
      'Alex Agent joined the chat',
      'Sorry, Ingrid! The carrier has it in Oslo; it arrives tomorrow.',
      'Wonderful, thank you!',
    ]);
    await p.close();
  });

  it('an admin adds a webhook in Team setup; the receiver verifies the signed test delivery; the log shows it', async () => {
    const p = await page();
    await p.goto(`${base}/console`);
    await p.fill('console-login input[name=email]', agent.email);
    await p.fill('console-login input[name=password]', password);
    await p.click('console-login button[type=submit]');
    await p.click('agent-console header nav button:has-text("Team setup")');
    const setup = p.locator('agent-console agent-management');
    await setup.locator('[role=tab]:has-text("Integrations")').click();
    const page_ = setup.locator('sc-integrations');
    await page_.locator('#setup-h').waitFor();
    expect(await page_.locator('ul.setup li').allInnerTexts()).toEqual([
      'Email\nOn — notifications, replies and summaries are sent by email',
      'Replies by email\nOn — customers answer our emails, and mail to help@shop.example opens a conversation',
      'SMS\nOff — set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_PHONE_NUMBER',
      'CRM\nOn — agents see CRM context; resolved conversations are synced',
    ]);

    await page_.locator('button:has-text("Add webhook")').click();
    await p.fill('sc-webhook-dialog input[name=url]', `${receiver.url}/support`);
    await p.fill('sc-webhook-dialog input[name=description]', 'Warehouse bot');
    await p.click('sc-webhook-dialog button[type=submit]');
    const secret = (await page_.locator('.once code.key').textContent())?.trim();
    expect(secret).toMatch(/^whsec_/);
    // The receiver is on loopback: allowed only once the admin says so.
    await page_.locator('label:has-text("private and loopback") input').check();
    await expect
      .poll(async () => (await t.app.supportChat.deps.settings.integrations()).allowPrivateAddresses)
      .toBe(true);
    await page_.locator('button:has-text("Send test")').click();
    await expect.poll(() => receiver.hits.length, { timeout: 15_000 }).toBe(1);
    const hit = receiver.hits[0]!;
    const { t: ts, v1 } = Object.fromEntries(
      String(hit.headers['x-support-chat-signature'])
        .split(',')
        .map((kv) => kv.split('=') as [string, string]),
    );
    const expected = createHmac('sha256', secret!).update(`${ts}.${hit.body}`).digest('hex');
    expect(timingSafeEqual(Buffer.from(v1!), Buffer.from(expected))).toBe(true);
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'webhook.test' });

    // The delivery log lists it as sent with the receiver's answer, beside the emails and the CRM sync.
    await page_.locator('button:has-text("Refresh")').click();
    const row = page_.locator('table.log tbody tr', { hasText: 'webhook.test' });
    await row.locator('.pill', { hasText: 'sent' }).waitFor();
    expect((await row.locator('td').nth(5).textContent())?.trim()).toBe('200');
    await page_
      .locator('table.log tbody tr', { hasText: 'Conversation sync' })
      .locator('.pill', { hasText: 'sent' })
      .waitFor();
    await page_.locator('table.log tbody tr', { hasText: 'Reply to customer' }).first().waitFor();
    await p.close();
  });
});
