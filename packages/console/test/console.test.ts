// The agent console for real: its bundle budget, and end to end in Debian Chromium against a real server — a
// customer on /demo and an agent on /console chatting live in two pages, the XSS corpus in every place the
// console shows visitor text, and axe-core over its main states.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, bearer, createAgent, createTestApp, json, login, type TestApp } from '@support-chat/server/testing';
import { XSS_CORPUS, hasChromium, isolatedPage, launchChromium, probeXss } from '@support-chat/server/testing';

const bundle = readFileSync(new URL('../dist/console.js', import.meta.url));

describe('bundle budget', () => {
  it('console.js ≤ 45 KB gzip with Lit, the SDK and the emoji picker; no zod; no admin screens', () => {
    expect(gzipSync(bundle, { level: 9 }).length).toBeLessThanOrEqual(45 * 1024);
    expect(bundle.toString('utf8')).not.toMatch(/ZodError|\$ZodType/);
    // Team setup is its own bundle, fetched only when an admin opens it.
    expect(bundle.toString('utf8')).not.toContain('customElements.define("agent-management"');
  });

  it('work.js (Tickets and Conversations) ≤ 45 KB gzip and defines both; console.js has neither', () => {
    const work = readFileSync(new URL('../dist/work.js', import.meta.url));
    expect(gzipSync(work, { level: 9 }).length).toBeLessThanOrEqual(45 * 1024);
    for (const tag of ['ticket-board', 'sc-conversation-views']) {
      expect(work.toString('utf8')).toContain(`customElements.define("${tag}"`);
      expect(bundle.toString('utf8')).not.toContain(`customElements.define("${tag}"`);
    }
  });

  it('admin.js (Team setup) ≤ 45 KB gzip and defines <agent-management>', () => {
    const admin = readFileSync(new URL('../dist/admin.js', import.meta.url));
    expect(gzipSync(admin, { level: 9 }).length).toBeLessThanOrEqual(45 * 1024);
    expect(admin.toString('utf8')).toContain('customElements.define("agent-management"');
  });
});

describe.skipIf(!hasChromium)('in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'console-agent-pass';

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) => {
    const res = await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return json(res);
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    admin = await login(t.app);
    // A front desk that takes chats by hand: new chats wait in the queue until an agent accepts them.
    const team = (await api('POST', '/api/teams', { name: 'Front desk', assignmentMode: 'manual' })).team;
    agent = await createAgent(t.app, admin, { name: 'Alex Agent', password, teamIds: [team.id] });
    await api('POST', '/api/routing-rules', {
      name: 'Web to the front desk',
      conditions: { channels: ['web'] },
      teamId: team.id,
    });
    await api('POST', '/api/canned-responses', {
      title: 'Order on its way',
      shortcut: 'shipped',
      category: 'Orders',
      content: 'Thanks {{customer.firstName|there}}! {{agent.firstName}} here: your order is on its way.',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function page(opts: { bypassCSP?: boolean } = {}) {
    const p = await isolatedPage(browser, { viewport: { width: 1280, height: 800 }, ...opts });
    p.on('pageerror', (e) => console.error('page error:', e.message));
    return p;
  }

  async function signIn(p: Page, email = agent.email, pass = password) {
    await p.goto(`${base}/console`);
    await p.fill('console-login input[name=email]', email);
    await p.fill('console-login input[name=password]', pass);
    await p.click('console-login button[type=submit]');
    await p.waitForSelector('agent-console nav.lists');
  }

  async function goOnline(p: Page) {
    await p.selectOption('agent-console select[aria-label="Your status"]', 'online');
    await expect.poll(async () => (await api('GET', `/api/agents/${agent.agentId}`)).agent.status).toBe('online');
  }

  const thread = (p: Page) => p.locator('agent-console .conversation sc-thread');

  it('a customer on /demo and an agent on /console chat live: queue, accept, canned reply by shortcut, typing, note, ticket, resolve', async () => {
    const agentPage = await page();
    await signIn(agentPage);
    await goOnline(agentPage);

    const customer = await page();
    await customer.goto(`${base}/demo`);
    await customer.click('button[aria-label="Open chat"]');
    await customer.fill('support-chat input[name=name]', 'Grace Hopper');
    await customer.fill('support-chat input[name=email]', 'grace@example.com');
    await customer.click('support-chat form.intro button[type=submit]');
    await customer.fill('support-chat textarea', 'Where is my order 4711?');
    await customer.press('support-chat textarea', 'Enter');

    // The chat shows up in the agent's queue without a reload.
    const queued = agentPage.locator('agent-console .queue-item', { hasText: 'Grace Hopper' });
    await queued.waitFor({ timeout: 10_000 });
    await queued.locator('button.primary').click();
    await agentPage
      .locator('agent-console nav.lists [aria-labelledby=mine-h] .item', { hasText: 'Grace Hopper' })
      .waitFor();
    await thread(agentPage).locator('li.customer', { hasText: 'Where is my order 4711?' }).waitFor();
    await customer.locator('support-chat li.system', { hasText: 'Alex Agent' }).waitFor();

    // A canned response by its shortcut, completed from the keyboard, placeholders filled by the server.
    const composer = agentPage.locator('agent-console sc-composer textarea');
    await composer.click();
    await composer.pressSequentially('/ship');
    await agentPage.locator('agent-console sc-composer [role=option]', { hasText: 'Order on its way' }).waitFor();
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Thanks Grace! Alex here: your order is on its way.');
    // The customer sees the agent typing (the canned text counts as typing once edited).
    await composer.pressSequentially(' 🙂');
    await customer.locator('support-chat .status', { hasText: 'Alex Agent' }).waitFor();
    await composer.press('Enter');
    await customer
      .locator('support-chat li.agent', { hasText: 'Thanks Grace! Alex here: your order is on its way.' })
      .waitFor();
    // The customer has the chat open, so the reply is read: the agent sees the receipt. And typing goes both ways.
    await thread(agentPage).locator('li.agent .receipt', { hasText: 'Read' }).waitFor();
    await customer.locator('support-chat textarea').pressSequentially('Great');
    await agentPage.locator('agent-console .conversation .typing', { hasText: 'Grace Hopper is typing' }).waitFor();
    await customer.locator('support-chat textarea').fill('');
    expect((await api('GET', '/api/canned-responses?q=shipped')).cannedResponses[0].usageCount).toBe(1);

    // The customer's reply arrives live, and after the agent's socket drops, it catches up by itself.
    t.app.gateway.dropAll();
    await customer.fill('support-chat textarea', 'Great, thank you!');
    await customer.press('support-chat textarea', 'Enter');
    await thread(agentPage).locator('li.customer', { hasText: 'Great, thank you!' }).waitFor({ timeout: 15_000 });

    // Away from the inbox, a customer message counts as unread: in the tab title and on the Inbox button.
    await agentPage.click('agent-console header nav button:has-text("Conversations")');
    await customer.fill('support-chat textarea', 'Are you still there?');
    await customer.press('support-chat textarea', 'Enter');
    await expect.poll(() => agentPage.title()).toBe('(1) Support console');
    await agentPage.locator('agent-console header nav .badge', { hasText: '1' }).waitFor();
    await agentPage.click('agent-console header nav button:has-text("Inbox")');
    await expect.poll(() => agentPage.title()).toBe('Support console');

    // Search inside the conversation finds the customer's words.
    await agentPage.fill('agent-console .conversation input[name=q]', 'order 4711');
    await agentPage.press('agent-console .conversation input[name=q]', 'Enter');
    await agentPage
      .locator('agent-console .conversation .found button', { hasText: 'Where is my order 4711?' })
      .click();
    await thread(agentPage).locator('li.found', { hasText: 'Where is my order 4711?' }).waitFor();

    // A private note: the agent sees it marked as such; the customer never does.
    await composer.click();
    await agentPage.keyboard.press('Alt+n');
    await composer.fill('VIP: offer free shipping next time');
    await composer.press('Enter');
    await thread(agentPage).locator('li.note', { hasText: 'VIP: offer free shipping next time' }).waitFor();
    await composer.press('Alt+n');
    await composer.fill('Anything else I can do?');
    await composer.press('Enter');
    await customer.locator('support-chat li.agent', { hasText: 'Anything else I can do?' }).waitFor();
    expect(await customer.locator('support-chat').textContent()).not.toContain('VIP');

    // A ticket from the open chat: it links the conversation and shows up in the customer panel and the board.
    await agentPage.click('agent-console .conversation header button:has-text("Create ticket")');
    const dialog = agentPage.locator('agent-console dialog');
    await dialog.locator('input[name=subject]').fill('Refund shipping for order 4711');
    await dialog.locator('select[name=priority]').selectOption('high');
    await dialog.locator('button[type=submit]').click();
    await agentPage.locator('agent-console aside', { hasText: 'Refund shipping for order 4711' }).waitFor();
    const { tickets } = await api('GET', '/api/tickets?q=Refund%20shipping');
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      priority: 'high',
      assignedAgentId: agent.agentId,
      customerEmail: 'grace@example.com',
    });
    await agentPage.click('agent-console header nav button:has-text("Tickets")');
    await agentPage.locator('agent-console ticket-board td', { hasText: 'Refund shipping for order 4711' }).click();
    await agentPage
      .locator('agent-console ticket-board .detail sc-thread li', { hasText: 'Where is my order 4711?' })
      .waitFor();
    await agentPage.locator('agent-console ticket-board .detail .sla', { hasText: 'due in' }).waitFor();

    // Resolve: the chat leaves "my chats" and the customer is asked to rate it.
    await agentPage.click('agent-console header nav button:has-text("Inbox")');
    await agentPage.keyboard.press('Alt+r');
    await customer.locator('support-chat form.rating').waitFor();
    await agentPage.locator('agent-console [aria-labelledby=mine-h]', { hasText: 'No active chats' }).waitFor();
    const c = (await api('GET', `/api/chat?customerId=${encodeURIComponent(tickets[0].customerId)}`)).conversations[0];
    expect(c.status).toBe('resolved');
    await agentPage.close();
    await customer.close();
  });

  it('Close asks for confirmation; Cancel keeps the chat', async () => {
    const closer = await createAgent(t.app, admin, { name: 'Cleo Closer', password });
    const p = await page();
    await signIn(p, closer.email, password);
    const v = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: { customerName: 'Cy Closing', message: 'bye soon' },
      }),
    );
    await p.locator('agent-console .queue-item', { hasText: 'Cy Closing' }).locator('button.primary').click();
    await thread(p).locator('li.customer', { hasText: 'bye soon' }).waitFor();
    const status = async () => (await api('GET', `/api/chat/${v.conversation.id}`)).conversation.status;
    await p.click('agent-console .conversation header button.danger:has-text("Close")');
    await p.locator('agent-console dialog', { hasText: 'Close this conversation?' }).waitFor();
    await p.click('agent-console dialog button:has-text("Cancel")');
    expect(await status()).toBe('active');
    await p.click('agent-console .conversation header button.danger:has-text("Close")');
    await p.click('agent-console dialog button:has-text("Close conversation")');
    await expect.poll(status).toBe('closed');
    await p.close();
  });

  it('an agent at capacity sees Accept disabled, and why', async () => {
    const solo = await createAgent(t.app, admin, { name: 'Sol One', password, maxConcurrentChats: 1 });
    const p = await page();
    await signIn(p, solo.email, password);
    const start = (name: string) =>
      t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { customerName: name, message: 'hello' } });
    await start('Cap First');
    await start('Cap Second');
    await p.locator('agent-console .queue-item', { hasText: 'Cap First' }).locator('button.primary').click();
    await p.locator('agent-console [aria-labelledby=mine-h] .item', { hasText: 'Cap First' }).waitFor();
    const second = p.locator('agent-console .queue-item', { hasText: 'Cap Second' }).locator('button.primary');
    await expect.poll(() => second.isDisabled()).toBe(true);
    expect(await second.getAttribute('title')).toBe('You have 1 of 1 chats: resolve or transfer one to take another.');
    await p.locator('agent-console [role=note]', { hasText: 'You have 1 of 1 chats' }).waitFor();
    await p.close();
  });

  it('two agents: picker by Alt+K, a file from the agent, transfer to a colleague who sees it live, return to the queue', async () => {
    const other = await createAgent(t.app, admin, { name: 'Bo Backup', password });
    const [alex, bo] = [await page(), await page()];
    await signIn(alex);
    await signIn(bo, other.email, password);
    const v = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: { customerName: 'Finn Files', message: 'I need help with my invoice' },
      }),
    );
    const id = v.conversation.id;
    // The customer follows along over the API here (the first test has the widget).
    const messages = async () =>
      json(await t.app.inject({ url: `/api/chat/${id}/messages`, headers: bearer(v.visitorToken) })).messages as {
        content: string;
        attachments: { name: string }[];
        senderType: string;
      }[];
    await alex.locator('agent-console .queue-item', { hasText: 'Finn Files' }).locator('button.primary').click();
    await thread(alex).locator('li.customer', { hasText: 'I need help with my invoice' }).waitFor();
    // The list previews what the customer wrote, not the system line the accept added.
    await expect
      .poll(() =>
        alex
          .locator('agent-console [aria-labelledby=mine-h] .item', { hasText: 'Finn Files' })
          .locator('.sub')
          .textContent(),
      )
      .toBe('I need help with my invoice');

    // Alt+K opens the picker; a category and a word narrow it; Enter inserts the filled text.
    await alex.locator('agent-console sc-composer textarea').click();
    await alex.keyboard.press('Alt+k');
    const picker = alex.locator('agent-console canned-responses');
    await picker.locator('select').selectOption('Orders');
    await picker.locator('input[type=search]').fill('way');
    await picker.locator('input[type=search]').press('Enter');
    await expect
      .poll(() => alex.locator('agent-console sc-composer textarea').inputValue())
      .toBe('Thanks Finn! Alex here: your order is on its way.');
    await alex.locator('agent-console sc-composer textarea').fill('');

    // An agent saves a reply of their own from the picker (not shared: that is for admins) and uses it by shortcut.
    await alex.keyboard.press('Alt+k');
    await picker.locator('button:has-text("New")').click();
    expect(await picker.locator('input[name=shared]').count()).toBe(0);
    await picker.locator('input[name=title]').fill('My sign-off');
    await picker.locator('input[name=shortcut]').fill('signoff');
    // A wrong placeholder is named, not just "Invalid body".
    await picker.locator('textarea[name=content]').fill('Cheers, {{agent.nope}}');
    await picker.locator('button[type=submit]').click();
    await picker.locator('[role=alert]', { hasText: 'unknown placeholder {{agent.nope}}' }).waitFor();
    await picker.locator('textarea[name=content]').fill('Cheers, {{agent.firstName}}');
    await picker.locator('button[type=submit]').click();
    await picker.locator('[role=option]', { hasText: 'My sign-off' }).waitFor();
    await alex.keyboard.press('Escape');
    const composer = alex.locator('agent-console sc-composer textarea');
    await composer.click();
    await composer.pressSequentially('/signo');
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Cheers, Alex');
    expect(
      (await api('GET', '/api/canned-responses?q=signoff', undefined, agent.token)).cannedResponses[0].agentId,
    ).toBe(agent.agentId);
    await composer.fill('');

    // Their own reply can be changed and deleted from the picker; a shared one (an admin's) offers neither.
    await alex.keyboard.press('Alt+k');
    const mine = picker.locator('[role=option]', { hasText: 'My sign-off' });
    expect(await picker.locator('[role=option]', { hasText: 'Order on its way' }).locator('button').count()).toBe(0);
    await mine.locator('button:has-text("Edit")').click();
    expect(await picker.locator('form input[name=title]').inputValue()).toBe('My sign-off');
    await picker.locator('form textarea[name=content]').fill('Best, {{agent.name}}');
    await picker.locator('form button:has-text("Save changes")').click();
    await picker.locator('[role=option]', { hasText: 'Best, {{agent.name}}' }).waitFor();
    expect(
      (await api('GET', '/api/canned-responses?q=signoff', undefined, agent.token)).cannedResponses[0].content,
    ).toBe('Best, {{agent.name}}');
    await mine.locator('button:has-text("Delete")').click();
    await picker.locator('[role=alertdialog]', { hasText: 'Delete “My sign-off”?' }).waitFor();
    await picker.locator('[role=alertdialog] button:has-text("Delete")').click();
    await expect.poll(() => mine.count()).toBe(0);
    expect((await api('GET', '/api/canned-responses?q=signoff', undefined, agent.token)).cannedResponses).toEqual([]);
    await alex.keyboard.press('Escape');

    // A file from the agent: uploaded, sent, shown in the thread, and there for the customer.
    await alex.locator('agent-console sc-composer input[type=file]').setInputFiles({
      name: 'invoice.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% invoice\n'),
    });
    await thread(alex).locator('a.file', { hasText: 'invoice.pdf' }).waitFor();
    await expect
      .poll(async () => (await messages()).some((m) => m.attachments.some((a) => a.name === 'invoice.pdf')))
      .toBe(true);

    // A file picked in note mode is part of the note: shown to agents as a note, never to the customer.
    await alex.locator('agent-console sc-composer button:has-text("Private note")').click();
    await alex.locator('agent-console sc-composer input[type=file]').setInputFiles({
      name: 'internal.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n% internal\n'),
    });
    await thread(alex).locator('li.note a.file', { hasText: 'internal.pdf' }).waitFor();
    await alex.locator('agent-console sc-composer button:has-text("Private note")').click();
    const staffView = (await api('GET', `/api/chat/${id}/messages`, undefined, agent.token)).messages as {
      isPrivate: boolean;
      attachments: { name: string; url: string }[];
    }[];
    const note = staffView.find((m) => m.attachments.some((a) => a.name === 'internal.pdf'))!;
    expect(note.isPrivate).toBe(true);
    expect((await messages()).some((m) => m.attachments.some((a) => a.name === 'internal.pdf'))).toBe(false);
    expect((await t.app.inject({ url: note.attachments[0]!.url, headers: bearer(v.visitorToken) })).statusCode).toBe(
      404,
    );

    // Transfer to Bo: it leaves Alex's chats and appears in Bo's, live, with its history.
    await bo.selectOption('agent-console select[aria-label="Your status"]', 'online');
    await alex.click('agent-console .conversation header button:has-text("Transfer")');
    await alex.locator('agent-console dialog select[name=target]').selectOption(`agent:${other.agentId}`);
    await alex.locator('agent-console dialog button[type=submit]').click();
    await alex.locator('agent-console [aria-labelledby=mine-h]', { hasText: 'No active chats' }).waitFor();
    const boChat = bo.locator('agent-console [aria-labelledby=mine-h] .item', { hasText: 'Finn Files' });
    await boChat.waitFor();
    await boChat.click();
    await thread(bo).locator('li.customer', { hasText: 'I need help with my invoice' }).waitFor();
    await bo.keyboard.press('Alt+ArrowDown');

    // Bo returns it to the queue: every console sees it waiting again.
    await bo.click('agent-console .conversation header button:has-text("Return to queue")');
    await alex.locator('agent-console .queue-item', { hasText: 'Finn Files' }).waitFor();
    await bo.locator('agent-console .queue-item', { hasText: 'Finn Files' }).waitFor();
    expect((await messages()).map((m) => m.content)).toContain('Returned to the queue');
    for (const p of [alex, bo]) await p.close();
  });

  it('renders visitor text everywhere as text: messages, names, emails, subjects, tags, attributes, page URLs, file names, tickets', async () => {
    const payload = '<img src=x onerror=window.__xss=1>';
    const start = await t.app.inject({
      method: 'POST',
      url: '/api/chat/start',
      payload: {
        customerName: `<b onmouseover=window.__xss=1>Xavier</b>`,
        customerEmail: 'x@example.com',
        subject: payload,
        tags: ['<svg onload=window.__xss=1>'],
        metadata: { pageUrl: 'javascript:window.__xss=1', plan: payload },
      },
    });
    const { conversation, visitorToken } = json(start);
    for (const content of XSS_CORPUS) {
      await t.app.inject({
        method: 'POST',
        url: `/api/chat/${conversation.id}/message`,
        headers: bearer(visitorToken),
        payload: { content },
      });
    }
    const form = new FormData();
    form.append(
      'file',
      new Blob([Buffer.from('%PDF-1.4\n%xss\n')], { type: 'application/pdf' }),
      '"><img src=x onerror=window.__xss=1>.pdf',
    );
    const upload = await fetch(`${base}/api/uploads?conversationId=${conversation.id}`, {
      method: 'POST',
      headers: bearer(visitorToken),
      body: form,
    });
    expect(upload.status, await upload.clone().text()).toBe(201);
    const { attachment } = (await upload.json()) as { attachment: { name: string } };
    expect(attachment.name).toContain('<img src=x onerror=window.__xss=1>');
    await t.app.inject({
      method: 'POST',
      url: `/api/chat/${conversation.id}/message`,
      headers: bearer(visitorToken),
      payload: { content: '', attachments: [attachment], messageType: 'file' },
    });
    await api('POST', '/api/tickets', {
      conversationId: conversation.id,
      subject: payload,
      description: XSS_CORPUS.join('\n'),
    });
    await api('POST', '/api/canned-responses', {
      title: payload,
      content: '<script>window.__xss=1</script>',
      shortcut: 'xss',
    });

    const p = await page();
    await signIn(p);
    await p.locator('agent-console .queue-item', { hasText: 'Xavier' }).locator('button.item').click();
    await thread(p).locator('li.customer', { hasText: XSS_CORPUS[0]! }).first().waitFor();
    await thread(p).locator('a.file').waitFor();
    await p.click('agent-console sc-composer button:has-text("Canned")');
    await p.locator('agent-console canned-responses [role=option]', { hasText: payload }).waitFor();
    const inbox = await probeXss(p, 'support-console');
    await p.keyboard.press('Escape');
    await p.click('agent-console header nav button:has-text("Tickets")');
    await p.locator('agent-console ticket-board td button', { hasText: payload }).click();
    await p.locator('agent-console ticket-board .description').waitFor();
    const board = await probeXss(p, 'support-console');
    await p.click('agent-console header nav button:has-text("Conversations")');
    await p.fill('agent-console conversation-history input[name=q]', 'Xavier');
    await p.press('agent-console conversation-history input[name=q]', 'Enter');
    await p.locator('agent-console conversation-history li button', { hasText: 'Xavier' }).click();
    await p.locator('agent-console conversation-history sc-thread li', { hasText: XSS_CORPUS[1]! }).first().waitFor();
    const history = await probeXss(p, 'support-console');
    // From history to the inbox: the conversation opens there, ready to work on.
    await p.click('agent-console conversation-history button.open');
    await thread(p).locator('li.customer', { hasText: XSS_CORPUS[2]! }).first().waitFor();

    for (const [where, probe] of Object.entries({ inbox, board, history })) {
      expect(probe.xss, where).toBeUndefined();
      expect(probe.onAttrs, where).toEqual([]);
      expect(probe.jsLinks, where).toBe(0);
      expect(probe.active, where).toBe(0);
    }
    // Shown, as the text it is.
    for (const s of XSS_CORPUS) expect(inbox.text).toContain(s);
    expect(inbox.text).toContain('<b onmouseover=window.__xss=1>Xavier</b>');
    expect(inbox.text).toContain('javascript:window.__xss=1');
    expect(inbox.text).toContain(attachment.name);
    expect(board.text).toContain(payload);
    await p.close();
  });

  it('signing out ends the session; a session ended elsewhere (another tab, a password change) brings back the sign-in form', async () => {
    const p = await page();
    await signIn(p);
    await p.click('agent-console header button:has-text("Sign out")');
    await p.waitForSelector('console-login input[name=email]');
    expect((await p.request.get(`${base}/api/auth/me`)).status()).toBe(401);
    await signIn(p);
    // Every session of this agent ends (as a password change does): the open console notices by itself.
    await api('PUT', `/api/agents/${agent.agentId}`, { password: 'console-agent-pass-2' });
    await p.waitForSelector('console-login input[name=email]', { timeout: 10_000 });
    await api('PUT', `/api/agents/${agent.agentId}`, { password });
    await p.close();
  });

  it('an admin sets up a team and an agent in Team setup alone; the agent signs in with the handed-over password, and deactivation signs them out', async () => {
    const lead = await page();
    await signIn(lead, ADMIN.email, ADMIN.password);
    await lead.click('agent-console header nav button:has-text("Team setup")');
    const setup = lead.locator('agent-console agent-management');
    await setup.locator('[role=tab]:has-text("Teams")').click();
    await setup.locator('button:has-text("Add team")').click();
    await lead.fill('sc-team-dialog input[name=name]', 'Refunds desk');
    await lead.check('sc-team-dialog input[value=manual]');
    await lead.click('sc-team-dialog button[type=submit]');
    await setup
      .locator('tbody tr', { hasText: 'Refunds desk' })
      .locator('td', { hasText: 'Wait in the queue' })
      .waitFor();

    await setup.locator('[role=tab]:has-text("Agents")').click();
    await setup.locator('button:has-text("Add agent")').click();
    // A mistake first: the server's reason appears under the field.
    await lead.fill('sc-agent-dialog input[name=name]', 'Rita Refunds');
    await lead.fill('sc-agent-dialog input[name=email]', 'rita-at-example');
    await lead.click('sc-agent-dialog button[type=submit]');
    await lead.locator('sc-agent-dialog #err-email').waitFor();
    await lead.fill('sc-agent-dialog input[name=email]', 'rita@example.com');
    await lead.check('sc-agent-dialog fieldset label:has-text("Refunds desk") input');
    await lead.fill('sc-agent-dialog input[name=skills]', 'refunds, german');
    await lead.fill('sc-agent-dialog input[name=maxConcurrentChats]', '2');
    await lead.click('sc-agent-dialog button[type=submit]');
    const handed = (await lead.locator('sc-agent-dialog code.secret').textContent())!.trim();
    expect(handed).toMatch(/^\S{12,}$/);
    await lead.click('sc-agent-dialog button:has-text("Done")');
    const row = setup.locator('tbody tr', { hasText: 'Rita Refunds' });
    await expect.poll(() => row.locator('.load').textContent()).toContain('0 / 2');

    const created = (await api('GET', '/api/agents')).agents.find(
      (a: { email: string }) => a.email === 'rita@example.com',
    );
    expect(created).toMatchObject({
      skills: ['refunds', 'german'],
      maxConcurrentChats: 2,
      role: 'agent',
      active: true,
    });
    expect((await api('GET', `/api/teams/${created.teamId}`)).team).toMatchObject({
      name: 'Refunds desk',
      assignmentMode: 'manual',
    });

    // Rita signs in with what the lead handed over; her going online shows in Team setup without a reload.
    const rita = await page();
    await signIn(rita, 'rita@example.com', handed);
    // She sets her own password (the handed-over one first) and keeps working in this session.
    await rita.click('agent-console sc-console-header button.me');
    await rita.fill('sc-account-dialog input[name=currentPassword]', 'wrong-one');
    await rita.fill('sc-account-dialog input[name=password]', 'ritas-own-password');
    await rita.fill('sc-account-dialog input[name=confirm]', 'ritas-own-password');
    await rita.click('sc-account-dialog button[type=submit]');
    await rita.locator('sc-account-dialog #err-currentPassword', { hasText: 'is not your current password' }).waitFor();
    await rita.fill('sc-account-dialog input[name=currentPassword]', handed);
    await rita.click('sc-account-dialog button[type=submit]');
    await rita.locator('agent-console .toast', { hasText: 'Saved: your other sessions have ended' }).waitFor();
    await rita.selectOption('agent-console select[aria-label="Your status"]', 'online');
    await expect.poll(() => row.locator('select').inputValue()).toBe('online');

    // A rule, tested with a sample chat before any customer meets it.
    await setup.locator('[role=tab]:has-text("Routing")').click();
    await setup.locator('button:has-text("Add rule")').click();
    await lead.fill('sc-rule-dialog input[name=name]', 'Refund requests');
    await lead.fill('sc-rule-dialog input[name=keywords]', 'refund');
    await lead.selectOption('sc-rule-dialog select[name=teamId]', { label: 'Refunds desk' });
    await lead.fill('sc-rule-dialog input[name=requiredSkills]', 'refunds');
    await lead.click('sc-rule-dialog button[type=submit]');
    await setup.locator('sc-routing-rules li', { hasText: 'Refund requests' }).waitFor();
    // The new rule goes first: the suite's catch-all "Web to the front desk" would take the chat otherwise.
    await setup.locator('sc-routing-rules button[aria-label="Move “Refund requests” up"]').click();
    await setup.locator('sc-routing-rules button[aria-label="Move “Refund requests” up"][disabled]').waitFor();
    await lead.fill('sc-routing-rules input[name=message]', 'I want a refund for order 88');
    await lead.click('sc-routing-rules button:has-text("Test")');
    await expect
      .poll(() => setup.locator('sc-routing-rules .verdict').textContent())
      .toBe('Meets Refund requests: goes to Refunds desk, for an agent with refunds.');

    // A customer's chat meets the rule and waits in Rita's queue; she takes it and answers.
    const customer = await page();
    await customer.goto(`${base}/demo`);
    await customer.click('button[aria-label="Open chat"]');
    await customer.fill('support-chat input[name=name]', 'Rex Refund');
    await customer.fill('support-chat input[name=email]', 'rex@example.com');
    await customer.click('support-chat form.intro button[type=submit]');
    await customer.fill('support-chat textarea', 'Please refund my order 88');
    await customer.press('support-chat textarea', 'Enter');
    const waiting = rita.locator('agent-console .queue-item', { hasText: 'Rex Refund' });
    await waiting.waitFor({ timeout: 15_000 });
    await waiting.locator('button.primary').click();
    await rita.fill('agent-console sc-composer textarea', 'Hi Rex, Rita here: the refund is on its way.');
    await rita.press('agent-console sc-composer textarea', 'Enter');
    await customer.locator('support-chat li.agent', { hasText: 'the refund is on its way' }).waitFor();
    await setup.locator('[role=tab]:has-text("Agents")').click();
    await expect.poll(() => row.locator('.load').textContent()).toContain('1 / 2');

    // Deactivated, after a confirmation: Rita's console goes back to the sign-in form.
    await row.locator('button:has-text("Deactivate")').click();
    await lead.locator('sc-confirm-dialog dialog', { hasText: 'Deactivate Rita Refunds?' }).waitFor();
    await lead.click('sc-confirm-dialog button[type=submit]');
    await row.locator('.pill', { hasText: 'deactivated' }).waitFor();
    await rita.locator('console-login input[name=email]').waitFor({ timeout: 15_000 });
    // Her chat went back to the desk's queue, and the customer was told.
    await customer.locator('support-chat li.system', { hasText: 'Rita Refunds is no longer available' }).waitFor();
    await customer.close();
    await setup.locator('[role=tab]:has-text("Audit log")').click();
    await setup.locator('td code', { hasText: 'agent.deactivate' }).waitFor();
    await lead.close();
    await rita.close();
  });

  it('has no accessibility violations (axe-core): sign-in, inbox with a conversation, canned picker, tickets, help', async () => {
    // The console's CSP forbids injected scripts, axe included: this test lets the tool in.
    const p = await page({ bypassCSP: true });
    const axePath = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));
    const audit = async (label: string) => {
      await p.addScriptTag({ path: axePath });
      const violations = await p.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: {
              run(
                ctx: unknown,
                opts: unknown,
              ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>;
            };
          }
        ).axe;
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map(
          (v) => `${v.id} (${v.impact}) ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`,
        );
      });
      expect(violations, label).toEqual([]);
    };
    await p.goto(`${base}/console`);
    await p.waitForSelector('console-login input[name=email]');
    await audit('sign-in');
    const v = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: { customerName: 'Ada Access', message: 'Is this accessible?' },
      }),
    );
    await signIn(p);
    await p.locator('agent-console .queue-item', { hasText: 'Ada Access' }).locator('button.primary').click();
    await thread(p).locator('li.customer', { hasText: 'Is this accessible?' }).waitFor();
    await audit('inbox with a conversation');
    await p.click('agent-console sc-composer button:has-text("Canned")');
    await p.waitForSelector('agent-console canned-responses [role=option]');
    await audit('canned picker');
    await p.keyboard.press('Escape');
    await p.click('agent-console header nav button:has-text("Tickets")');
    await p.waitForSelector('agent-console ticket-board table');
    await audit('tickets');
    await p.click('agent-console header button[aria-label="Keyboard shortcuts"]');
    await p.waitForSelector('agent-console dialog[open]');
    await audit('help');
    await p.keyboard.press('Escape');
    expect(v.conversation.id).toBeTruthy();
    await p.close();

    // The admin's Team setup, its tables and its agent form.
    const lead = await page({ bypassCSP: true });
    const leadAudit = async (label: string) => {
      await lead.addScriptTag({ path: axePath });
      const violations = await lead.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: { id: string }[] }> } }
        ).axe;
        return (await axe.run(document, { resultTypes: ['violations'] })).violations.map((x) => x.id);
      });
      expect(violations, label).toEqual([]);
    };
    await signIn(lead, ADMIN.email, ADMIN.password);
    await lead.click('agent-console header nav button:has-text("Team setup")');
    await lead.waitForSelector('agent-console agent-management table');
    await leadAudit('team setup: agents');
    await lead.click('agent-console agent-management [role=tab]:has-text("Teams")');
    await leadAudit('team setup: teams');
    await lead.click('agent-console agent-management [role=tab]:has-text("Agents")');
    await lead.click('agent-console agent-management button:has-text("Add agent")');
    await lead.waitForSelector('sc-agent-dialog dialog[open]');
    await leadAudit('add an agent');
    await lead.close();
  });
});
