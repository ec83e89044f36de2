// Merging end to end in Chromium against a real server: a customer chats in the widget while an earlier message of
// theirs waits in another conversation; the agent, in that one, presses Alt+G, picks the widget's chat and merges it.
// The console shows one thread in time order with the merge line; the widget follows to the kept conversation (its
// thread, the line in the visitor's words) and what the customer writes next arrives there. Then two tickets of one
// customer are merged from the ticket board. axe-core on the dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, customerWrites, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('merging conversations and tickets', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'merge-agent-pass';

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    agent = await createAgent(t.app, admin, { name: 'Max Merge', password });
    // Someone online: the widget offers a chat, not the offline form.
    await t.app.inject({
      method: 'PUT',
      url: `/api/agents/${agent.agentId}/status`,
      headers: bearer(agent.token),
      payload: { status: 'online' },
    });
  });
  afterAll(() => e?.close());

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(admin), payload });

  it('merges the widget chat into the conversation the agent has open; the customer follows', async () => {
    const customer = await customerWrites(e, { name: 'Mia Merge', email: 'mia@example.com' }, 'My parcel is late');
    await customer.locator('support-chat li.customer', { hasText: 'My parcel is late' }).waitFor();
    let widgetChat: { id: string; customerId: string } | undefined;
    await expect
      .poll(async () => {
        const list = json(await api('GET', '/api/chat?limit=5')).conversations;
        widgetChat = list.find((c: { customerName: string }) => c.customerName === 'Mia Merge');
        return widgetChat?.id ?? '';
      })
      .not.toBe('');

    // The same customer wrote about something else a moment later, in a conversation the agent holds.
    const kept = json(
      await api('POST', '/api/chat/start', {
        customerId: widgetChat!.customerId,
        customerName: 'Mia Merge',
        subject: 'Invoice',
        message: 'Also, my invoice is wrong',
      }),
    ).conversation;
    await api('PUT', `/api/chat/${kept.id}`, { agentId: agent.agentId });

    const p = await signedIn(e, agent.email, password);
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'invoice' }).click();
    await p.locator('agent-console sc-conversation .sub', { hasText: 'Invoice' }).waitFor();
    await p.keyboard.press('Alt+g');
    const dialog = p.locator('sc-merge-dialog dialog');
    await dialog.locator('h2', { hasText: 'Merge into this conversation' }).waitFor();
    const choice = dialog.locator('li label');
    await choice.first().waitFor();
    expect(await choice.count()).toBe(1);
    expect(await choice.first().locator('.sub').textContent()).toMatch(/^web · active · Max Merge · started /);
    expect(await dialog.locator('input[type=radio]').first().isChecked()).toBe(true);
    expect(await axeViolations(p, axePath), 'merge dialog').toEqual([]);
    // …and in the dark, on a tablet and a phone.
    await p.emulateMedia({ colorScheme: 'dark' });
    for (const width of [768, 375]) {
      await p.setViewportSize({ width, height: 800 });
      expect(await axeViolations(p, axePath), `merge dialog, dark, ${width} px`).toEqual([]);
    }
    await p.emulateMedia({ colorScheme: 'light' });
    await p.setViewportSize({ width: 1280, height: 800 });
    await dialog.locator('button', { hasText: 'Merge' }).click();
    await p.locator('agent-console .toast', { hasText: 'Merged: 2 messages moved here' }).waitFor();

    // One thread, in time order, with the line.
    const thread = p.locator('agent-console sc-conversation sc-thread');
    await thread.locator('li', { hasText: 'Max Merge merged another conversation into this one' }).waitFor();
    const texts = await thread.locator('li .text, li.system').allInnerTexts();
    const at = (s: string) => texts.findIndex((x) => x.includes(s));
    expect(at('My parcel is late')).toBeGreaterThanOrEqual(0);
    expect(at('My parcel is late')).toBeLessThan(at('Also, my invoice is wrong'));
    expect(at('Also, my invoice is wrong')).toBeLessThan(at('merged another conversation'));

    // The widget follows to the kept conversation, says the line in the visitor's words, and writes there now.
    await customer.locator('support-chat li.customer', { hasText: 'Also, my invoice is wrong' }).waitFor();
    await customer
      .locator('support-chat li.system', { hasText: 'Your other conversation with us was added here' })
      .waitFor();
    await customer.fill('support-chat textarea', 'Thanks for sorting both');
    await customer.press('support-chat textarea', 'Enter');
    await thread.locator('li', { hasText: 'Thanks for sorting both' }).waitFor();
    const gone = json(await api('GET', `/api/chat/${widgetChat!.id}`)).conversation;
    expect(gone).toMatchObject({ status: 'closed', mergedIntoId: kept.id });
    // A visitor whose browser still remembers the merged-away conversation is brought to the kept one on return.
    await customer.evaluate((old) => {
      for (const key of Object.keys(localStorage)) {
        try {
          const saved = JSON.parse(localStorage.getItem(key) ?? '');
          if (saved?.conversationId) localStorage.setItem(key, JSON.stringify({ ...saved, conversationId: old }));
        } catch {}
      }
    }, widgetChat!.id);
    await customer.reload();
    await customer.click('button[aria-label="Open chat"]');
    await customer.locator('support-chat li.customer', { hasText: 'Thanks for sorting both' }).waitFor();
    await customer.close();
    await p.close();
  });

  it('merges two tickets of one customer from the ticket board', async () => {
    const ticket = async (subject: string) =>
      json(
        await api('POST', '/api/tickets', {
          subject,
          description: `${subject}: details`,
          customerId: 'cust-tickets',
          customerName: 'Tom Tickets',
          customerEmail: 'tom@example.com',
        }),
      ).ticket;
    const keep = await ticket('Refund for order 12');
    const dup = await ticket('Refund please (order 12)');

    const p = await signedIn(e, agent.email, password, { path: '/console?view=tickets' });
    await p.locator('ticket-board td button', { hasText: 'Refund for order 12' }).click();
    await p.locator('ticket-board .detail button', { hasText: 'Merge…' }).click();
    const dialog = p.locator('sc-merge-dialog dialog');
    await dialog.locator('h2', { hasText: 'Merge into this ticket' }).waitFor();
    await dialog.locator('li label', { hasText: 'Refund please (order 12)' }).waitFor();
    await dialog.locator('button', { hasText: 'Merge' }).click();
    // Its description, and the line routing wrote when the agent took its thread.
    await p.locator('ticket-board .notice', { hasText: /^Merged: \d+ messages? moved into this thread$/ }).waitFor();
    await p.locator('ticket-board sc-thread li', { hasText: 'Refund please (order 12): details' }).waitFor();
    await p
      .locator('ticket-board sc-thread li', { hasText: 'Max Merge merged another conversation into this one' })
      .waitFor();
    const closed = json(await api('GET', `/api/tickets/${dup.id}`)).ticket;
    expect(closed).toMatchObject({ status: 'closed', mergedIntoId: keep.id });
    await p.close();
  });
});
