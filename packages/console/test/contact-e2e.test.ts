// The contact page, end to end in Chromium against a real server: from the customer panel an agent opens the
// customer's contact page, sees every conversation and ticket of theirs, fixes their name (the open chat's header
// follows live), is told what is wrong with a bad phone, keeps a note, and opens an earlier conversation. axe-core.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('the contact page', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'contact-agent-pass';

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    agent = await createAgent(t.app, admin, { name: 'Cody Contact', password });
    const start = async (message: string) =>
      json(
        await t.app.inject({
          method: 'POST',
          url: '/api/chat/start',
          payload: {
            customerId: 'cust-77',
            customerName: 'jon smiht',
            customerEmail: 'jon@example.com',
            message,
            subject: message,
          },
        }),
      ).conversation;
    const earlier = await start('Where is order 7?');
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${earlier.id}`,
      headers: bearer(admin),
      payload: { status: 'resolved' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: bearer(admin),
      payload: { conversationId: earlier.id, subject: 'Lost parcel', description: 'Order 7 never arrived' },
    });
    const now = await start('Still waiting on order 7');
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${now.id}`,
      headers: bearer(admin),
      payload: { agentId: agent.agentId },
    });
  });
  afterAll(() => e?.close());

  it('shows all of the customer, saves edits everywhere, keeps notes, and opens an earlier chat', async () => {
    const p = await signedIn(e, agent.email, password);
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'jon smiht' }).click();
    // Alt+C opens it from the keyboard; Escape closes it; the customer panel's button opens it too.
    await p.keyboard.press('Alt+c');
    await p.locator('sc-contact-dialog dialog h3', { hasText: 'Conversations (2)' }).waitFor();
    await p.keyboard.press('Escape');
    await expect.poll(() => p.locator('sc-contact-dialog').count()).toBe(0);
    await p.click('agent-console sc-customer-panel button.contact');
    const dialog = p.locator('sc-contact-dialog dialog');
    await dialog.locator('h3', { hasText: 'Conversations (2)' }).waitFor();
    expect(await dialog.locator('ul.list li button span').allInnerTexts()).toEqual([
      'Still waiting on order 7',
      'Where is order 7?',
    ]);
    await dialog.locator('h3', { hasText: 'Tickets (1)' }).waitFor();
    await dialog.locator('li', { hasText: 'Lost parcel' }).waitFor();

    // A bad phone: said under the field; nothing saved.
    await dialog.locator('input[name=phone]').fill('555-0100');
    await dialog.locator('button:has-text("Save contact")').click();
    await dialog.locator('#err-phone').waitFor();
    expect(await axeViolations(p, axePath), 'contact page with an error').toEqual([]);

    await dialog.locator('input[name=name]').fill('Jon Smith');
    await dialog.locator('input[name=phone]').fill('+14155550100');
    await dialog.locator('button:has-text("Add an attribute")').click();
    await dialog.getByLabel('Attribute 1 name').fill('plan');
    await dialog.getByLabel('Attribute 1 value').fill('Pro');
    await dialog.locator('button:has-text("Save contact")').click();
    await p.locator('agent-console .toast', { hasText: 'Contact saved' }).waitFor();
    expect(await dialog.locator('#contact-h').textContent()).toBe('Jon Smith');
    // The open chat's header follows (the server told every console).
    await p.locator('agent-console sc-conversation header h2', { hasText: 'Jon Smith' }).waitFor();

    await dialog.locator('textarea[name=note]').fill('Second lost parcel this month: offer express shipping.');
    await dialog.locator('button:has-text("Add note")').click();
    await dialog.locator('.note', { hasText: 'Second lost parcel this month' }).waitFor();
    expect(await axeViolations(p, axePath), 'contact page').toEqual([]);

    // An earlier conversation opens in the inbox.
    await dialog.locator('ul.list li button', { hasText: 'Where is order 7?' }).click();
    await p.locator('agent-console sc-conversation .sub', { hasText: 'Where is order 7?' }).waitFor();
    await p.close();
  });
});
