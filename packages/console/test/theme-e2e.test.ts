// The console's dark theme, end to end in Chromium against a real server: it follows the system, can be chosen in
// Account (kept in this browser across a reload), and every screen an agent or admin uses passes axe-core in it —
// the inbox with a chat open (labels, priority, a note, a snoozed chat), Tickets, Conversations, Reports and Team
// setup — at 1280, 768 and 375 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  axeViolations,
  bearer,
  createAgent,
  hasChromium,
  json,
  type TestApp,
} from '@support-chat/server/testing';
import { axePath, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('the console in the dark', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'theme-agent-pass';

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) => {
    const res = await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return json(res);
  };

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    agent = await createAgent(t.app, admin, { name: 'Dara Dark', password });
    await api('POST', '/api/labels', { name: 'billing', color: '#dc2626' });
    for (const [name, extra] of [
      ['Nell Night', { tags: ['billing', 'vip'], priority: 'urgent' }],
      ['Sol Snoozed', {}],
    ] as const) {
      const c = json(
        await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { customerName: name, message: 'Hi' } }),
      );
      await api('PUT', `/api/chat/${c.conversation.id}`, { agentId: agent.agentId, ...extra });
      if (name === 'Nell Night') {
        await api('POST', `/api/chat/${c.conversation.id}/message`, { content: 'Looking into it', isPrivate: true });
        await api('POST', `/api/chat/${c.conversation.id}/message`, { content: 'One moment please' });
        await api('POST', '/api/tickets', {
          conversationId: c.conversation.id,
          subject: 'Refund',
          description: 'Charged twice',
          priority: 'high',
        });
      } else await api('PUT', `/api/chat/${c.conversation.id}`, { snooze: { untilReply: true } });
    }
  });
  afterAll(() => e?.close());

  const signIn = (email: string, pass: string, colorScheme: 'light' | 'dark') =>
    signedIn(e, email, pass, { colorScheme });
  const background = (p: Page, sel: string) =>
    p
      .locator(sel)
      .first()
      .evaluate((e) => getComputedStyle(e).backgroundColor);
  async function clean(p: Page, label: string, widths = [1280, 768, 375]) {
    for (const w of widths) {
      await p.setViewportSize({ width: w, height: 800 });
      expect(await axeViolations(p, axePath), `${label} at ${w}`).toEqual([]);
    }
    await p.setViewportSize({ width: 1280, height: 800 });
  }

  it('follows a dark system: the inbox, Tickets and Conversations are dark and pass axe-core', async () => {
    const p = await signIn(agent.email, password, 'dark');
    expect(await background(p, 'body')).toBe('rgb(15, 23, 42)');
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'Nell Night' }).click();
    await p.locator('agent-console sc-thread li.note').waitFor();
    expect(await background(p, 'agent-console sc-conversation')).toBe('rgb(15, 23, 42)');
    // The open chat's row in the list: the dark selection, not the light theme's pale blue.
    expect(await background(p, 'agent-console sc-chat-lists .item[aria-current=true]')).toBe('rgb(23, 37, 84)');
    expect(await background(p, 'agent-console sc-composer textarea')).toBe('rgb(15, 23, 42)');
    await p.locator('agent-console sc-chat-lists .pill.snoozed').waitFor();
    await clean(p, 'inbox, dark');

    await p.click('agent-console sc-console-header >> text=Tickets');
    await p.locator('agent-console ticket-board tbody tr', { hasText: 'Refund' }).waitFor();
    await clean(p, 'tickets, dark');
    await p.click('agent-console sc-console-header >> text=Conversations');
    await p.locator('conversation-history li', { hasText: 'Nell Night' }).waitFor();
    await clean(p, 'conversations, dark');
    await p.close();
  });

  it('is chosen in Account and kept across a reload, whatever the system says', async () => {
    const p = await signIn(agent.email, password, 'dark');
    await p.click('agent-console sc-console-header button.me');
    const dialog = p.locator('sc-account-dialog dialog');
    await dialog.waitFor();
    expect(await dialog.locator('input[name=theme][value=system]').isChecked()).toBe(true);
    await clean(p, 'account dialog, dark', [1280, 375]);
    await dialog.locator('input[name=theme][value=light]').check();
    await expect.poll(() => background(p, 'body')).toBe('rgb(255, 255, 255)');
    await p.keyboard.press('Escape');
    await p.reload();
    await p.waitForSelector('agent-console sc-console-header');
    expect(await background(p, 'body')).toBe('rgb(255, 255, 255)');
    expect(await p.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    // Back to the system's.
    await p.click('agent-console sc-console-header button.me');
    await p.locator('sc-account-dialog input[name=theme][value=system]').check();
    await expect.poll(() => background(p, 'body')).toBe('rgb(15, 23, 42)');
    await p.close();

    // A light system with Dark chosen.
    const q = await signIn(agent.email, password, 'light');
    expect(await background(q, 'body')).toBe('rgb(255, 255, 255)');
    await q.click('agent-console sc-console-header button.me');
    await q.locator('sc-account-dialog input[name=theme][value=dark]').check();
    await expect.poll(() => background(q, 'body')).toBe('rgb(15, 23, 42)');
    await q.close();
  });

  it('Team setup and Reports in the dark pass axe-core too', async () => {
    const p = await signIn(ADMIN.email, ADMIN.password, 'dark');
    await p.click('agent-console header nav button:has-text("Team setup")');
    const setup = p.locator('agent-console agent-management');
    await setup.locator('[role=tab]:has-text("Agents")').waitFor();
    await setup.locator('tbody tr', { hasText: 'Dara Dark' }).waitFor();
    await clean(p, 'team setup: agents, dark', [1280, 375]);
    await setup.locator('[role=tab]:has-text("Labels")').click();
    await setup.locator('sc-labels-admin tbody tr', { hasText: 'billing' }).waitFor();
    await clean(p, 'team setup: labels, dark', [1280, 375]);
    await p.click('agent-console header nav button:has-text("Reports")');
    await p.locator('support-analytics .tile').first().waitFor();
    await clean(p, 'reports, dark', [1280, 375]);
    await p.close();
  });
});
