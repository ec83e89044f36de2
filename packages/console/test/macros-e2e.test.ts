// Macros in the console, end to end in Chromium against a real server: an agent writes one in the macros dialog
// (a reply, labels, a priority, resolve), runs it from the chat's header (Alt+M), and the chat ends up as the steps
// say while the customer gets the reply; a failing step is reported by its number. axe-core on the dialog.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, focusedName, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('macros in the console', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'macro-agent-pass';
  const chats: Record<string, string> = {};

  const get = async (url: string) => json(await t.app.inject({ url, headers: bearer(admin) }));

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    agent = await createAgent(t.app, admin, { name: 'Mac Runner', password });
    for (const name of ['Rita Refund', 'Tom Team']) {
      const c = json(
        await t.app.inject({ method: 'POST', url: '/api/chat/start', payload: { customerName: name, message: 'Hi' } }),
      );
      chats[name] = c.conversation.id;
      await t.app.inject({
        method: 'PUT',
        url: `/api/chat/${c.conversation.id}`,
        headers: bearer(admin),
        payload: { agentId: agent.agentId },
      });
    }
    // A shared macro whose second step cannot work (a team that is gone).
    await t.app.inject({
      method: 'POST',
      url: '/api/macros',
      headers: bearer(admin),
      payload: {
        name: 'To old team',
        shared: true,
        actions: [
          { type: 'note', content: 'Handing over' },
          { type: 'assignTeam', teamId: '00000000-0000-4000-8000-000000000000' },
        ],
      },
    });
  });
  afterAll(() => e?.close());

  it('written in the dialog, run from the header: every step happens, in order', async () => {
    const p = await signedIn(e, agent.email, password);
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'Rita Refund' }).click();

    await p.selectOption('agent-console sc-conversation select[name=macro]', 'manage');
    const dialog = p.locator('sc-macros-dialog dialog');
    await dialog.locator('text=To old team').waitFor();
    // Shared, and not hers to change.
    expect(await dialog.locator('button[aria-label="Edit To old team"]').count()).toBe(0);
    await dialog.locator('button:has-text("New macro")').click();
    await dialog.locator('input[name=name]').fill('Refund done');
    await dialog.getByLabel('Step 1: text').fill('Your refund is on its way.');
    await dialog.locator('button:has-text("Add a step")').click();
    await dialog.getByLabel('Step 2: what it does').selectOption('addLabels');
    await dialog.getByLabel('Step 2: labels, separated by commas').fill('refund, billing');
    await dialog.locator('button:has-text("Add a step")').click();
    await dialog.getByLabel('Step 3: what it does').selectOption('setPriority');
    await dialog.getByLabel('Step 3: priority').selectOption('high');
    await dialog.locator('button:has-text("Add a step")').click();
    await dialog.getByLabel('Step 4: what it does').selectOption('resolve');
    expect(await axeViolations(p, axePath), 'macro form').toEqual([]);
    await dialog.locator('button:has-text("Save macro")').click();
    await dialog.locator('td', { hasText: 'Refund done' }).waitFor();
    expect(await axeViolations(p, axePath), 'macro list').toEqual([]);
    await p.keyboard.press('Escape');

    // Alt+M, then the macro: the customer gets the reply, the chat is labelled, urgent-ish and resolved.
    await p.locator('agent-console sc-composer textarea').click();
    await p.keyboard.press('Alt+KeyM');
    expect(await focusedName(p)).toBe('macro');
    const id = chats['Rita Refund']!;
    const macroId = await p
      .locator('agent-console sc-conversation select[name=macro] option', { hasText: 'Refund done' })
      .getAttribute('value');
    await p.selectOption('agent-console sc-conversation select[name=macro]', macroId!);
    await p.locator('agent-console .toast', { hasText: 'Ran “Refund done”' }).waitFor();
    const c = (await get(`/api/chat/${id}`)).conversation;
    expect(c).toMatchObject({ status: 'resolved', tags: ['refund', 'billing'], priority: 'high' });
    const messages = (await get(`/api/chat/${id}/messages`)).messages as { content: string; senderType: string }[];
    expect(messages.at(-1)).toMatchObject({ content: 'Your refund is on its way.', senderType: 'agent' });

    // A step that fails: the run stops there and says which.
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'Tom Team' }).click();
    const old = await p
      .locator('agent-console sc-conversation select[name=macro] option', { hasText: 'To old team' })
      .getAttribute('value');
    await p.selectOption('agent-console sc-conversation select[name=macro]', old!);
    await p.locator('agent-console .toast', { hasText: 'Step 2 (assignTeam) of "To old team"' }).waitFor();
    await p.close();
  });
});
