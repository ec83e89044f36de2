// Labels, priority and conversation views in the console, end to end in Chromium against a real server: an admin
// keeps the label catalogue in Team setup; an agent labels a chat with completion and changes its priority from the
// header (and by keyboard), and a second console sees both live; the Conversations view combines filters, keeps them
// in the URL across a reload, and saves them as a named view. axe-core at 1280, 768 and 375 px.
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  axeViolations,
  bearer,
  createAgent,
  createTestApp,
  hasChromium,
  isolatedPage,
  json,
  launchChromium,
  login,
  type TestApp,
} from '@support-chat/server/testing';

const axePath = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

describe.skipIf(!hasChromium)('labels, priority and views in the console', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'labels-agent-pass';
  const chats: Record<string, string> = {};

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
    const team = (await api('POST', '/api/teams', { name: 'Billing desk', assignmentMode: 'manual' })).team;
    agent = await createAgent(t.app, admin, { name: 'Lena Label', password, teamIds: [team.id] });
    // Three chats, all Lena's: the one she labels, one she leaves alone, one resolved.
    for (const name of ['Paula Payer', 'Otto Other', 'Rita Resolved']) {
      const c = json(await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { customerName: name } }));
      chats[name] = c.conversation.id;
      await api('PUT', `/api/chat/${c.conversation.id}`, { agentId: agent.agentId, teamId: team.id });
    }
    await api('PUT', `/api/chat/${chats['Rita Resolved']}`, { status: 'resolved' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(p: Page, email: string, pass: string, path = '/console') {
    await p.goto(`${base}${path}`);
    await p.fill('console-login input[name=email]', email);
    await p.fill('console-login input[name=password]', pass);
    await p.click('console-login button[type=submit]');
    await p.waitForSelector('agent-console sc-console-header');
  }

  const page = (width = 1280, height = 800) =>
    isolatedPage(browser, { viewport: { width, height }, bypassCSP: true }).then((p) => {
      p.on('pageerror', (e) => console.error('page error:', e.message));
      return p;
    });

  it('an admin keeps the catalogue: add with a colour, edit, delete after saying what that does', async () => {
    const lead = await page();
    // A link straight to Team setup (its code loads once the role is known).
    await signIn(lead, ADMIN.email, ADMIN.password, '/console?view=admin');
    await lead.click('agent-console agent-management [role=tab]:has-text("Labels")');
    const form = lead.locator('sc-labels-admin form.add');
    for (const [name, color, description] of [
      ['Billing', '#dc2626', 'Invoices and refunds'],
      ['bug', '#7c3aed', ''],
      ['old', '#64748b', 'To be removed'],
    ] as const) {
      await form.locator('input[name=name]').fill(name);
      await form.locator('input[name=color]').fill(color);
      await form.locator('input[name=description]').fill(description);
      await form.locator('button[type=submit]').click();
      await lead.locator('sc-labels-admin tbody tr', { hasText: name }).waitFor();
    }
    // A name taken in another case is refused with the server's reason, and the form keeps what was typed.
    await form.locator('input[name=name]').fill('BILLING');
    await form.locator('button[type=submit]').click();
    await lead.locator('sc-labels-admin [role=alert]', { hasText: 'already exists' }).waitFor();
    expect(await form.locator('input[name=name]').inputValue()).toBe('BILLING');

    const bug = lead.locator('sc-labels-admin tbody tr', { hasText: 'bug' });
    await bug.locator('button:has-text("Edit")').click();
    const editing = lead.locator('sc-labels-admin tbody tr:has(input[name=description])');
    await editing.locator('input[name=description]').fill('Something broken');
    await editing.locator('button:has-text("Save")').click();
    await lead.locator('sc-labels-admin tbody tr', { hasText: 'Something broken' }).waitFor();

    const old = lead.locator('sc-labels-admin tbody tr', { hasText: 'old' });
    await old.locator('button:has-text("Delete")').click();
    await old.locator('button:has-text("Remove from every chat and ticket?")').click();
    await expect.poll(() => lead.locator('sc-labels-admin tbody tr', { hasText: 'old' }).count()).toBe(0);

    const labels = (await api('GET', '/api/labels')).labels as { name: string; color: string; description: string }[];
    expect(labels.map((l) => [l.name, l.color, l.description])).toEqual([
      ['Billing', '#dc2626', 'Invoices and refunds'],
      ['bug', '#7c3aed', 'Something broken'],
    ]);
    for (const w of [1280, 768, 375]) {
      await lead.setViewportSize({ width: w, height: 800 });
      expect(await axeViolations(lead, axePath), `labels admin at ${w}`).toEqual([]);
    }
    await lead.close();
  });

  it('an agent labels a chat with completion and sets its priority (mouse and keyboard); another console sees it live', async () => {
    const lena = await page();
    await signIn(lena, agent.email, password);
    const lead = await page();
    await signIn(lead, ADMIN.email, ADMIN.password, `/console?view=conversations`);
    await lead.locator('conversation-history li', { hasText: 'Paula Payer' }).waitFor();

    await lena.locator('agent-console nav.lists .item', { hasText: 'Paula Payer' }).click();
    const editor = lena.locator('agent-console sc-conversation sc-label-editor');
    // "bill" + Enter picks the catalogue's "Billing" (one label, one spelling).
    await editor.locator('input').fill('billing');
    await editor.locator('input').press('Enter');
    await editor.locator('.label', { hasText: 'Billing' }).waitFor();
    // Alt+L puts the focus in the label field from anywhere; a tag outside the catalogue is allowed too.
    await lena.locator('agent-console sc-composer textarea').click();
    await lena.keyboard.press('Alt+KeyL');
    await lena.keyboard.type('vip');
    await lena.keyboard.press('Enter');
    await editor.locator('.label', { hasText: 'vip' }).waitFor();
    await expect
      .poll(async () => (await api('GET', `/api/chat/${chats['Paula Payer']}`)).conversation.tags)
      .toEqual(['Billing', 'vip']);
    // The catalogue's colour on its dot; grey for the free tag.
    const dot = (name: string) =>
      editor
        .locator('.label', { hasText: name })
        .locator('.dot')
        .evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await dot('Billing')).toBe('rgb(220, 38, 38)');
    expect(await dot('vip')).toBe('rgb(100, 116, 139)');

    // Priority from the header, then by keyboard (Alt+P focuses it).
    await lena.selectOption('agent-console sc-conversation select[name=priority]', 'high');
    await expect
      .poll(async () => (await api('GET', `/api/chat/${chats['Paula Payer']}`)).conversation.priority)
      .toBe('high');
    await lena.keyboard.press('Alt+KeyP');
    const focused = () =>
      lena.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.getAttribute('name') ?? a?.getAttribute('aria-label');
      });
    expect(await focused()).toBe('priority');
    await lena.keyboard.press('ArrowDown');
    await expect
      .poll(async () => (await api('GET', `/api/chat/${chats['Paula Payer']}`)).conversation.priority)
      .toBe('urgent');
    // Her chat list shows both.
    const item = lena.locator('agent-console nav.lists .item', { hasText: 'Paula Payer' });
    await item.locator('.pill.urgent').waitFor();
    await item.locator('.label', { hasText: 'Billing' }).waitFor();

    // The lead's Conversations list, read before any of this, follows live.
    await lead
      .locator('conversation-history li', { hasText: 'Paula Payer' })
      .locator('.label', { hasText: 'vip' })
      .waitFor();
    await lead.locator('conversation-history li', { hasText: 'Paula Payer' }).locator('.pill.urgent').waitFor();
    await lead.locator('conversation-history li button', { hasText: 'Paula Payer' }).first().click();
    await lead.click('conversation-history button.open');
    const leadEditor = lead.locator('agent-console sc-conversation sc-label-editor');
    await leadEditor.locator('.label', { hasText: 'vip' }).waitFor();
    // Lena removes "vip": the lead's open conversation drops it without a reload.
    await editor.locator('button[aria-label="Remove label vip"]').click();
    await expect.poll(() => leadEditor.locator('.label', { hasText: 'vip' }).count()).toBe(0);
    await lena.selectOption('agent-console sc-conversation select[name=priority]', 'low');
    await expect
      .poll(() => lead.locator('agent-console sc-conversation select[name=priority]').inputValue())
      .toBe('low');
    await lena.selectOption('agent-console sc-conversation select[name=priority]', 'urgent');
    await expect
      .poll(() => lead.locator('agent-console sc-conversation select[name=priority]').inputValue())
      .toBe('urgent');

    for (const w of [1280, 768, 375]) {
      await lena.setViewportSize({ width: w, height: 800 });
      expect(await axeViolations(lena, axePath), `conversation with labels at ${w}`).toEqual([]);
    }
    await lena.close();
    await lead.close();
  });

  it('tickets carry labels too: chips on the board, a label filter, and the editor in the ticket', async () => {
    const billing = (
      await api('POST', '/api/tickets', {
        conversationId: chats['Otto Other'],
        subject: 'Invoice copy',
        description: 'Needs the March invoice again',
        tags: ['Billing'],
      })
    ).ticket;
    await api('POST', '/api/tickets', {
      conversationId: chats['Otto Other'],
      subject: 'Broken link',
      description: 'The help link is dead',
    });
    const lena = await page();
    await signIn(lena, agent.email, password);
    await lena.click('agent-console header nav button:has-text("Tickets")');
    const board = lena.locator('agent-console ticket-board');
    const subjects = () => board.locator('tbody td button').allTextContents();
    await expect.poll(subjects).toEqual(expect.arrayContaining(['Invoice copy', 'Broken link']));
    await board.locator('tbody tr', { hasText: 'Invoice copy' }).locator('.label', { hasText: 'Billing' }).waitFor();
    await board.locator('select[name=label]').selectOption('Billing');
    await expect.poll(subjects).toEqual(['Invoice copy']);

    await board.locator('tbody td button', { hasText: 'Invoice copy' }).click();
    const editor = board.locator('.detail sc-label-editor');
    await editor.locator('input').fill('bug');
    await editor.locator('input').press('Enter');
    await expect
      .poll(async () => (await api('GET', `/api/tickets/${billing.id}`)).ticket.tags)
      .toEqual(['Billing', 'bug']);
    await board.locator('tbody tr', { hasText: 'Invoice copy' }).locator('.label', { hasText: 'bug' }).waitFor();
    expect(await axeViolations(lena, axePath), 'ticket board with labels').toEqual([]);
    await lena.close();
  });

  it('the inbox below desktop width: the customer as a sheet at 768 px, one pane at a time at 375 px', async () => {
    const lena = await page(768, 800);
    // A link to Team setup, opened by an agent: the inbox, not an empty page.
    await signIn(lena, agent.email, password, '/console?view=admin');
    await lena.locator('agent-console nav.lists').waitFor();
    expect(new URL(lena.url()).search).toBe('');
    expect(await lena.evaluate(() => Boolean(customElements.get('agent-management')))).toBe(false);
    const visible = (sel: string) => lena.locator(sel).isVisible();
    await lena.locator('agent-console nav.lists .item', { hasText: 'Otto Other' }).click();
    await lena.locator('agent-console sc-conversation h2', { hasText: 'Otto Other' }).waitFor();
    // Tablet: list and conversation side by side, no customer panel until asked for; Escape puts it away.
    expect(await visible('agent-console nav.lists')).toBe(true);
    expect(await visible('agent-console sc-customer-panel')).toBe(false);
    await lena.click('agent-console sc-conversation button.customer');
    await lena.locator('agent-console sc-customer-panel dd', { hasText: 'Otto Other' }).waitFor();
    expect(await axeViolations(lena, axePath), 'customer sheet at 768').toEqual([]);
    await lena.keyboard.press('Escape');
    await expect.poll(() => visible('agent-console sc-customer-panel')).toBe(false);
    await lena.click('agent-console sc-conversation button.customer');
    await lena.click('agent-console button.close-sheet');
    await expect.poll(() => visible('agent-console sc-customer-panel')).toBe(false);
    // Nothing is wider than the screen.
    expect(await lena.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);

    // Phone: the list, then the conversation alone, and back.
    await lena.setViewportSize({ width: 375, height: 800 });
    expect(await visible('agent-console nav.lists')).toBe(false);
    expect(await visible('agent-console sc-conversation h2')).toBe(true);
    await lena.click('agent-console sc-conversation button.back');
    await expect.poll(() => visible('agent-console nav.lists')).toBe(true);
    expect(await visible('agent-console sc-conversation')).toBe(false);
    await lena.locator('agent-console nav.lists .item', { hasText: 'Paula Payer' }).click();
    await lena.locator('agent-console sc-conversation h2', { hasText: 'Paula Payer' }).waitFor();
    expect(await visible('agent-console nav.lists')).toBe(false);
    expect(await lena.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await axeViolations(lena, axePath), 'conversation at 375').toEqual([]);
    await lena.close();
  });

  it('the Conversations view: ready-made views, combined filters in the URL (kept across a reload), saved views', async () => {
    const lena = await page();
    await signIn(lena, agent.email, password);
    await lena.click('agent-console header nav button:has-text("Conversations")');
    const views = lena.locator('sc-conversation-views');
    const names = () =>
      views
        .locator('conversation-history li > button strong')
        .allInnerTexts()
        .then((n) => [...n].sort());

    await views.locator('nav.views button:has-text("Mine")').click();
    await expect.poll(names).toEqual(['Otto Other', 'Paula Payer']);
    expect(new URL(lena.url()).searchParams.get('agentId')).toBe(agent.agentId);
    await views.locator('nav.views button:has-text("Resolved")').click();
    await expect.poll(names).toEqual(['Rita Resolved']);
    await views.locator('nav.views button:has-text("My team")').click();
    await expect.poll(names).toEqual(['Otto Other', 'Paula Payer', 'Rita Resolved']);
    expect((await views.locator('nav.views button[aria-pressed=true]').textContent())?.trim()).toBe('My team');

    // Filters combine with the view: label, then priority.
    await views.locator('select[name=label]').selectOption('Billing');
    await expect.poll(names).toEqual(['Paula Payer']);
    await views.locator('select[name=priority]').selectOption('low');
    await expect.poll(names).toEqual([]);
    await lena.locator('sc-conversation-views conversation-history p', { hasText: 'No conversations.' }).waitFor();
    await views.locator('select[name=priority]').selectOption('urgent');
    await expect.poll(names).toEqual(['Paula Payer']);
    // No ready-made view matches now.
    expect(await views.locator('nav.views button[aria-pressed=true]').count()).toBe(0);
    const url = new URL(lena.url());
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      view: 'conversations',
      label: 'Billing',
      priority: 'urgent',
    });

    // A reload (or the link) shows the same list.
    await lena.reload();
    await lena.waitForSelector('sc-conversation-views');
    await expect.poll(names).toEqual(['Paula Payer']);
    expect(await views.locator('select[name=priority]').inputValue()).toBe('urgent');

    // Away to the inbox and back: the same filters.
    await lena.click('agent-console header nav button:has-text("Inbox")');
    expect(new URL(lena.url()).search).toBe('');
    await lena.click('agent-console header nav button:has-text("Conversations")');
    await expect.poll(names).toEqual(['Paula Payer']);
    expect(await views.locator('select[name=label]').inputValue()).toBe('Billing');

    // Saved as a named view: it lists, selects, and deletes.
    await views.locator('button:has-text("Save view")').click();
    await views.locator('input[name=name]').fill('Urgent billing');
    await views.locator('form.name button[type=submit]').click();
    const saved = views.locator('nav.views .saved button', { hasText: 'Urgent billing' });
    await saved.waitFor();
    expect(await saved.getAttribute('aria-pressed')).toBe('true');
    await views.locator('nav.views button:has-text("All")').click();
    await expect.poll(names).toEqual(['Otto Other', 'Paula Payer', 'Rita Resolved']);
    await saved.click();
    await expect.poll(names).toEqual(['Paula Payer']);
    const stored = (await api('GET', '/api/views', undefined, agent.token)).views;
    expect(stored).toMatchObject([{ name: 'Urgent billing' }]);
    expect(Object.fromEntries(new URLSearchParams(stored[0].query))).toEqual({
      priority: 'urgent',
      label: 'Billing',
      teamId: (await api('GET', `/api/chat/${chats['Paula Payer']}`)).conversation.teamId,
    });

    for (const w of [1280, 768, 375]) {
      await lena.setViewportSize({ width: w, height: 800 });
      expect(await axeViolations(lena, axePath), `conversations view at ${w}`).toEqual([]);
    }
    await views.locator('button[aria-label="Delete view Urgent billing"]').click();
    await expect.poll(() => views.locator('nav.views .saved').count()).toBe(0);
    expect((await api('GET', '/api/views', undefined, agent.token)).views).toEqual([]);
    await lena.close();
  });
});
