// The seed's TSX examples, as written, against the package: a small React app bundled with esbuild and rendered in
// real Chromium. Each component is its web component underneath, with the seed's props set on it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { hasChromium, launchChromium } from '@support-chat/server/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
let browser: import('playwright-core').Browser | undefined;
let bundle = '';

beforeAll(async () => {
  const out = await build({
    entryPoints: [path.join(here, 'app.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    tsconfig: path.join(here, '../tsconfig.json'),
    absWorkingDir: path.join(here, '..'),
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  bundle = out.outputFiles[0]!.text;
  if (hasChromium) browser = await launchChromium();
}, 60_000);
afterAll(async () => browser?.close());

it.skipIf(!hasChromium)(
  "renders ChatWidget, AgentDashboard, ConversationHistory and CannedResponses with the seed's props",
  async () => {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Served from an http origin (about:blank has no localStorage, which the widget uses to resume a chat).
    await page.route('http://app.test/', (r) =>
      r.fulfill({ contentType: 'text/html', body: `<!doctype html><div id="root"></div><script>${bundle}</script>` }),
    );
    await page.goto('http://app.test/');
    await page.locator('canned-responses [role=option]').first().waitFor();
    const props = await page.evaluate(() => {
      const q = (s: string) => document.querySelector(s) as unknown as Record<string, unknown>;
      return {
        widget: [q('support-chat').customerId, q('support-chat').customerName, q('support-chat').customerEmail],
        dashboard: [q('agent-console').agentId, q('agent-console').agentName],
        history: [
          q('conversation-history').customerId,
          q('conversation-history').agentId,
          q('conversation-history').limit,
        ],
      };
    });
    expect(props).toEqual({
      widget: ['customer-123', 'John Doe', 'john@example.com'],
      dashboard: ['agent-456', 'Jane Smith'],
      history: ['customer-123', 'agent-456', 20],
    });
    // onSelect gets the response itself, as the seed's example reads `response.content`.
    await page.locator('canned-responses [role=option]', { hasText: 'Order shipped' }).click();
    expect(await page.evaluate(() => (window as unknown as { selected: string[] }).selected)).toEqual([
      'Your order is on its way.',
    ]);
    // AgentManagement is its element, with its tabs (no server here: it says it could not load).
    await page.locator('agent-management [role=tab]', { hasText: 'Audit log' }).waitFor();
    // SupportAnalytics too: its tabs, and (no server) the report saying it could not load.
    await page.locator('support-analytics [role=tab]', { hasText: 'Busiest hours' }).waitFor();
    await page.locator('support-analytics [role=alert]', { hasText: 'Could not load this report' }).waitFor();
    // The element's events arrive as React props.
    await page.locator('support-chat .launcher').click();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { opened: string[] }).opened))
      .toEqual(['sc-open']);
    expect(errors).toEqual([]);
  },
  60_000,
);
