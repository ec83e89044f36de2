// The console in German, end to end in Chromium against a real server: an agent chooses Deutsch in Account, the
// console reloads in German (its catalogue fetched as /console/de.js before the first render, <html lang="de">),
// the inbox and a conversation read in German with axe-core clean, and choosing English brings the English back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('the console in German', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'german-agent-pass';

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t } = e);
    agent = await createAgent(t.app, e.admin, { name: 'Greta Deutsch', password });
    const chat = json(
      await t.app.inject({
        method: 'POST',
        url: '/api/chat/start',
        payload: { customerName: 'Hans Kunde', message: 'Wo ist mein Paket?' },
      }),
    ).conversation;
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${chat.id}`,
      headers: bearer(e.admin),
      payload: { agentId: agent.agentId, priority: 'high' },
    });
  });
  afterAll(() => e?.close());

  it('chosen in Account, the console reloads in German; English comes back the same way', async () => {
    const p = await signedIn(e, agent.email, password);
    const fetched: string[] = [];
    p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await p.click('agent-console sc-console-header button.me');
    await p.locator('sc-account-dialog label', { hasText: 'Deutsch' }).click();
    await p.locator('agent-console sc-console-header button', { hasText: 'Posteingang' }).waitFor();
    expect(fetched).toContain('/console/de.js');
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('de');
    const header = p.locator('agent-console sc-console-header');
    expect(await header.locator('button', { hasText: 'Abmelden' }).count()).toBe(1);

    await p.locator('agent-console sc-chat-lists h2', { hasText: 'Meine Chats (1)' }).waitFor();
    await p.locator('agent-console sc-chat-lists .item', { hasText: 'Hans Kunde' }).click();
    const pane = p.locator('agent-console sc-conversation');
    await pane.locator('button', { hasText: 'Lösen' }).waitFor();
    expect(await pane.locator('select[name=priority] option:checked').textContent()).toBe('hoch');
    expect(await pane.locator('sc-composer textarea').getAttribute('placeholder')).toBe(
      'Antwort schreiben… (/ für Textbausteine)',
    );
    expect(await axeViolations(p, axePath), 'the inbox in German').toEqual([]);
    await p.emulateMedia({ colorScheme: 'dark' });
    for (const width of [768, 375]) {
      await p.setViewportSize({ width, height: 800 });
      expect(await axeViolations(p, axePath), `the inbox in German, dark, ${width} px`).toEqual([]);
    }
    await p.emulateMedia({ colorScheme: 'light' });
    await p.setViewportSize({ width: 1280, height: 800 });

    await p.click('agent-console sc-console-header button.me');
    await p.locator('sc-account-dialog label', { hasText: 'English' }).click();
    await p.locator('agent-console sc-console-header button', { hasText: 'Inbox' }).waitFor();
    expect(await p.evaluate(() => document.documentElement.lang)).toBe('en');
    await p.close();
  });
});
