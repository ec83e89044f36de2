// Reactions end to end in Chromium against a real server: the customer reacts in the widget to the agent's reply and
// the agent's console shows it at once; the agent reacts in the console to the customer's message and the widget
// shows it; taking one back removes it on both sides. axe-core on both pages with reactions showing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, bearer, createAgent, hasChromium, json, type TestApp } from '@support-chat/server/testing';
import { axePath, customerWrites, focusedName, signedIn, startConsoleE2e, type ConsoleE2e } from './e2e.js';

describe.skipIf(!hasChromium)('reactions, widget and console', () => {
  let e: ConsoleE2e;
  let t: TestApp;
  let admin: string;
  let agent: Awaited<ReturnType<typeof createAgent>>;
  const password = 'reaction-agent-pass';

  beforeAll(async () => {
    e = await startConsoleE2e();
    ({ t, admin } = e);
    agent = await createAgent(t.app, admin, { name: 'Ria Reacts', password });
    await t.app.inject({
      method: 'PUT',
      url: `/api/agents/${agent.agentId}/status`,
      headers: bearer(agent.token),
      payload: { status: 'online' },
    });
  });
  afterAll(() => e?.close());

  it('each side reacts, the other sees it live; taking it back removes it', async () => {
    const customer = await customerWrites(e, { name: 'Cara Customer', email: 'cara@example.com' }, 'My parcel is late');
    await customer.locator('support-chat li.customer', { hasText: 'My parcel is late' }).waitFor();
    let id = '';
    await expect
      .poll(async () => {
        const list = json(await t.app.inject({ url: '/api/chat?limit=5', headers: bearer(admin) })).conversations;
        id = list.find((c: { customerName: string }) => c.customerName === 'Cara Customer')?.id ?? '';
        return id;
      })
      .not.toBe('');
    await t.app.inject({
      method: 'PUT',
      url: `/api/chat/${id}`,
      headers: bearer(admin),
      payload: { agentId: agent.agentId },
    });

    const console_ = await signedIn(e, agent.email, password);
    await console_.locator('agent-console sc-chat-lists .item', { hasText: 'Cara Customer' }).click();
    await console_.fill('agent-console sc-composer textarea', 'It is on its way: tracking 1Z999');
    await console_.press('agent-console sc-composer textarea', 'Enter');

    // The customer reacts to the reply.
    const reply = customer.locator('support-chat li.agent', { hasText: 'It is on its way' });
    await reply.waitFor();
    await reply.locator('button[aria-label="Add a reaction"]').click();
    await reply.locator('.palette button', { hasText: '🎉' }).click();
    const mine = reply.locator('button.reaction', { hasText: '🎉 1' });
    await mine.waitFor();
    expect(await mine.getAttribute('aria-pressed')).toBe('true');
    expect(await mine.getAttribute('aria-label')).toBe('🎉 1 reaction, yours included');
    // …and the agent's console shows it on her message at once.
    const agentLine = console_.locator('agent-console sc-thread li.agent', { hasText: 'It is on its way' });
    await agentLine.locator('button.reaction', { hasText: '🎉 1' }).waitFor();

    // The agent reacts to the customer's message; the widget shows it (not pressed: not the customer's).
    const customerLine = console_.locator('agent-console sc-thread li.customer', { hasText: 'My parcel is late' });
    await customerLine.hover();
    await customerLine.locator('button.reaction.add').click();
    await customerLine.locator('.palette button[aria-label="React 👍"]').click();
    await customerLine.locator('button.reaction[aria-pressed=true]', { hasText: '👍 1' }).waitFor();
    const theirs = customer
      .locator('support-chat li.customer', { hasText: 'My parcel is late' })
      .locator('button.reaction');
    await theirs.filter({ hasText: '👍 1' }).waitFor();
    expect(await theirs.filter({ hasText: '👍 1' }).getAttribute('aria-pressed')).toBe('false');

    // By keyboard: Alt+E opens the set on the customer's newest message, the focus on its first emoji; Escape closes
    // the set alone (the focus back on "React"); Alt+E again, Tab twice to ❤️ and Enter reacts.
    await console_.keyboard.press('Alt+e');
    await customerLine.locator('.palette').waitFor();
    expect(await focusedName(console_)).toBe('React 👍');
    await console_.keyboard.press('Escape');
    await expect.poll(() => customerLine.locator('.palette').count()).toBe(0);
    expect(
      await console_.evaluate(() => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.textContent;
      }),
    ).toBe('React');
    await console_.keyboard.press('Alt+e');
    await customerLine.locator('.palette').waitFor();
    await console_.keyboard.press('Tab');
    await console_.keyboard.press('Tab');
    await console_.keyboard.press('Enter');
    await customerLine.locator('button.reaction[aria-pressed=true]', { hasText: '❤️ 1' }).waitFor();

    // axe-core over the widget alone (the demo page around it is not ours to judge).
    await customer.addScriptTag({ path: axePath });
    const widgetViolations = await customer.evaluate(async () => {
      type Axe = {
        run(
          c: unknown,
          o: unknown,
        ): Promise<{ violations: { id: string; nodes: { target: unknown; failureSummary: string }[] }[] }>;
      };
      const r = await (window as unknown as { axe: Axe }).axe.run(
        { include: [['support-chat']] },
        { resultTypes: ['violations'] },
      );
      return r.violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => [n.target, n.failureSummary]))}`);
    });
    expect(widgetViolations, 'widget with reactions').toEqual([]);
    expect(await axeViolations(console_, axePath), 'console with reactions').toEqual([]);

    // Taken back: gone on both sides.
    await mine.click();
    await expect.poll(() => reply.locator('button.reaction', { hasText: '🎉' }).count()).toBe(0);
    await expect.poll(() => agentLine.locator('button.reaction', { hasText: '🎉' }).count()).toBe(0);
    await customer.close();
    await console_.close();
  });
});
