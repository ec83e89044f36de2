// Snooze in the console, end to end in Chromium against a real server: an agent puts a chat aside until the
// customer replies or until a time of her own, by mouse and by keyboard; it waits under "Snoozed", comes back marked
// when the customer writes, and her reply clears the mark; the Conversations view lists what is snoozed.
// axe-core at 1280, 768 and 375 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, focusedName, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('snooze in the console', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'snooze-agent-pass';
  const chats: Record<string, { id: string; token: string }> = {};

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = admin) => {
    const res = await t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return json(res);
  };
  const conversation = async (name: string) => (await api('GET', `/api/chat/${chats[name]!.id}`)).conversation;

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    agent = await createAgent(t.app, admin, { name: 'Sami Snooze', password });
    for (const name of ['Nina Later', 'Omar Now']) {
      const c = json(
        await t.app.inject({
          method: 'POST',
          url: '/api/chat/start',
          payload: { customerName: name, message: `Hi, ${name} here` },
        }),
      );
      chats[name] = { id: c.conversation.id, token: c.visitorToken };
      await api('PUT', `/api/chat/${c.conversation.id}`, { agentId: agent.agentId });
    }
  });
  afterAll(() => e?.close());

  it('until the customer replies: set aside under Snoozed, back with a mark when she writes, unmarked by the reply', async () => {
    const p = await signedIn(e, agent.email, password);
    const lists = p.locator('agent-console sc-chat-lists');
    await lists.locator('.item', { hasText: 'Nina Later' }).click();
    const header = p.locator('agent-console sc-conversation .details');
    await p.selectOption('agent-console sc-conversation select[name=snooze]', 'reply');
    await header.locator('.pill.snoozed', { hasText: 'Snoozed until the customer replies' }).waitFor();
    // Her list: Nina waits under "Snoozed", Omar alone under "My chats".
    await lists.locator('h2', { hasText: 'Snoozed (1)' }).waitFor();
    expect(await lists.locator('section[aria-labelledby=mine-h] .item').allInnerTexts()).toEqual([
      expect.stringContaining('Omar Now'),
    ]);
    await lists
      .locator('section[aria-labelledby=snoozed-h] .item', { hasText: 'Snoozed until the customer replies' })
      .waitFor();
    const snoozed = await conversation('Nina Later');
    expect(snoozed.snoozedAt).not.toBeNull();
    expect(snoozed.snoozedUntil).toBeNull();
    // The select goes back to saying how things stand.
    expect(await p.locator('agent-console sc-conversation select[name=snooze]').inputValue()).toBe('');
    for (const w of [1280, 768, 375]) {
      await p.setViewportSize({ width: w, height: 800 });
      expect(await axeViolations(p, axePath), `snoozed chat at ${w}`).toEqual([]);
    }
    await p.setViewportSize({ width: 1280, height: 800 });

    // Nina writes: the chat is back in "My chats" with its mark, in the list and the header.
    const nina = chats['Nina Later']!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/chat/${nina.id}/message`,
      headers: bearer(nina.token),
      payload: { content: 'Any news?' },
    });
    expect(res.statusCode).toBe(201);
    await lists
      .locator('section[aria-labelledby=mine-h] .item', { hasText: 'Nina Later' })
      .locator('.pill.woke')
      .waitFor();
    await expect.poll(() => lists.locator('section[aria-labelledby=snoozed-h]').count()).toBe(0);
    await header.locator('.pill.woke', { hasText: 'Back from snooze' }).waitFor();
    expect(await axeViolations(p, axePath), 'back from snooze').toEqual([]);

    // Her reply clears the mark everywhere.
    await p.fill('agent-console sc-composer textarea', 'Yes: it shipped today.');
    await p.press('agent-console sc-composer textarea', 'Enter');
    await expect.poll(() => header.locator('.pill.woke').count()).toBe(0);
    await expect.poll(() => lists.locator('.pill.woke').count()).toBe(0);
    expect((await conversation('Nina Later')).unsnoozedAt).toBeNull();
    await p.close();
  });

  it('until a time of her own, by keyboard; woken by hand; the Conversations view lists what is snoozed', async () => {
    const p = await signedIn(e, agent.email, password);
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'Omar Now' }).click();
    // Alt+Z puts the focus on the snooze choices.
    await p.locator('agent-console sc-composer textarea').click();
    await p.keyboard.press('Alt+KeyZ');
    expect(await focusedName(p)).toBe('snooze');
    await p.selectOption('agent-console sc-conversation select[name=snooze]', 'custom');
    const field = p.locator('agent-console sc-conversation input[name=at]');
    await field.waitFor();
    // Two days from now at 14:30, in the browser's time zone.
    const when = await p.evaluate(() => {
      const d = new Date();
      d.setDate(d.getDate() + 2);
      d.setHours(14, 30, 0, 0);
      const pad = (n: number) => String(n).padStart(2, '0');
      return {
        value: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T14:30`,
        iso: d.toISOString(),
      };
    });
    await field.fill(when.value);
    await field.press('Enter');
    await expect.poll(async () => (await conversation('Omar Now')).snoozedUntil).toBe(when.iso);
    await p.locator('agent-console sc-conversation .details .pill.snoozed', { hasText: 'Snoozed until' }).waitFor();
    await expect.poll(() => field.count()).toBe(0);

    // The Conversations view's "Snoozed" lists it (and only it), and says so in the URL.
    await p.click('agent-console sc-console-header >> text=Conversations');
    await p.click('sc-conversation-views nav.views button:has-text("Snoozed")');
    await expect.poll(() => new URL(p.url()).searchParams.get('snoozed')).toBe('true');
    const rows = p.locator('conversation-history li');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining('Omar Now')]);
    await rows.locator('.pill.snoozed').waitFor();
    for (const w of [1280, 375]) {
      await p.setViewportSize({ width: w, height: 800 });
      expect(await axeViolations(p, axePath), `snoozed view at ${w}`).toEqual([]);
    }
    await p.setViewportSize({ width: 1280, height: 800 });

    // Back to the inbox: woken by hand, no mark (she knows).
    await p.keyboard.press('Alt+Digit1');
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'Omar Now' }).click();
    await p.selectOption('agent-console sc-conversation select[name=snooze]', 'wake');
    await expect.poll(async () => (await conversation('Omar Now')).snoozedAt).toBeNull();
    expect((await conversation('Omar Now')).unsnoozedAt).toBeNull();
    await expect.poll(() => p.locator('agent-console sc-chat-lists .pill.snoozed').count()).toBe(0);
    await p.close();
  });
});
