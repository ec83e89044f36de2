// Mentions in the console, end to end in Chromium against a real server: in a private note `@` completes a
// colleague's name (keyboard and mouse), the note stores whom it names, and the colleague's console says so at once;
// the completion list passes axe-core; a reply to the customer offers no completion.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('mentions in the console', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let writer: Awaited<ReturnType<typeof createAgent>>;
  let named: Awaited<ReturnType<typeof createAgent>>;
  let chatId: string;
  const password = 'mention-agent-pass';

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    writer = await createAgent(t.app, admin, { name: 'Rosa Writer', password });
    named = await createAgent(t.app, admin, { name: 'Milo Mentioned', password });
    await createAgent(t.app, admin, { name: 'Mila Other', password });
    const c = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: { customerName: 'Quinn Question', message: 'Where is my refund?' },
      }),
    );
    chatId = c.conversation.id;
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${chatId}`,
      headers: bearer(admin),
      payload: { agentId: writer.agentId },
    });
  });
  afterAll(() => e?.close());

  const signIn = (email: string) => signedIn(e, email, password);
  const options = (p: Page) => p.locator('agent-console sc-composer #mention-list [role=option]').allInnerTexts();

  it('completes @name in a note, stores whom it names, and tells that colleague live', async () => {
    const rosa = await signIn(writer.email);
    const milo = await signIn(named.email);
    await rosa.locator('agent-console sc-chat-lists .item', { hasText: 'Quinn Question' }).click();
    const box = rosa.locator('agent-console sc-composer textarea');
    // A reply to the customer: no completion.
    await box.fill('Hi @Mi');
    expect(await rosa.locator('agent-console sc-composer #mention-list').count()).toBe(0);
    await box.fill('');

    await rosa.keyboard.press('Alt+KeyN');
    await box.pressSequentially('Refund is stuck, @mi');
    await expect.poll(() => options(rosa)).toEqual(['@Mila Other', '@Milo Mentioned']);
    expect(await axeViolations(rosa, axePath), 'mention completion').toEqual([]);
    await box.pressSequentially('lo');
    await expect.poll(() => options(rosa)).toEqual(['@Milo Mentioned']);
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Refund is stuck, @Milo Mentioned ');
    await box.pressSequentially('can you check with finance?');
    await box.press('Enter');

    // Milo's console says so at once; the note names him.
    await milo.locator('agent-console .toast', { hasText: 'Rosa Writer mentioned you: Quinn Question' }).waitFor();
    const res = await t.app.inject({ url: `/api/chat/${chatId}/messages`, headers: bearer(admin) });
    const note = (json(res).messages as { isPrivate: boolean; content: string; metadata: { mentions?: string[] } }[])
      .filter((m) => m.isPrivate)
      .at(-1)!;
    expect(note.content).toBe('Refund is stuck, @Milo Mentioned can you check with finance?');
    expect(note.metadata.mentions).toEqual([named.agentId]);

    // By mouse: the list, a click, the name written out.
    await box.pressSequentially('@mila');
    await rosa.locator('agent-console sc-composer #mention-list [role=option]', { hasText: 'Mila Other' }).click();
    expect(await box.inputValue()).toBe('@Mila Other ');
    // Escape closes the list and keeps the text.
    await box.pressSequentially('and @m');
    await expect.poll(() => options(rosa)).toHaveLength(2);
    await box.press('Escape');
    expect(await rosa.locator('agent-console sc-composer #mention-list').count()).toBe(0);
    expect(await box.inputValue()).toBe('@Mila Other and @m');
    await rosa.close();
    await milo.close();
  });
});
