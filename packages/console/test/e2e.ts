// What the console's end-to-end tests share: a real server listening on a port with the admin signed in, Debian
// Chromium, a signed-in console page, and axe-core's path.
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { createTestApp, isolatedPage, launchChromium, login, type TestApp } from '@support-chat/server/testing';

export const axePath = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

export interface ConsoleE2e {
  t: TestApp;
  /** The server's origin. */
  base: string;
  /** The admin's session token. */
  admin: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsoleE2e(): Promise<ConsoleE2e> {
  const t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const admin = await login(t.app);
  const browser = await launchChromium();
  return {
    t,
    base,
    admin,
    browser,
    close: async () => {
      await browser.close();
      await t.close();
    },
  };
}

/** A page of its own (own storage), signed in to the console at `path`, its page errors printed. */
export async function signedIn(
  e: Pick<ConsoleE2e, 'browser' | 'base'>,
  email: string,
  password: string,
  opts: BrowserContextOptions & { path?: string } = {},
): Promise<Page> {
  const { path = '/console', ...context } = opts;
  const p = await isolatedPage(e.browser, { viewport: { width: 1280, height: 800 }, bypassCSP: true, ...context });
  p.on('pageerror', (err) => console.error('page error:', err.message));
  await p.goto(`${e.base}${path}`);
  await p.fill('console-login input[name=email]', email);
  await p.fill('console-login input[name=password]', password);
  await p.click('console-login button[type=submit]');
  await p.waitForSelector('agent-console sc-console-header');
  return p;
}

/** The name (or aria-label) of what has the focus, through shadow roots. */
export const focusedName = (p: Page) =>
  p.evaluate(() => {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a?.getAttribute('name') ?? a?.getAttribute('aria-label');
  });

/** A customer on /demo (a page of their own) who opens the widget, says who they are and writes their first message. */
export async function customerWrites(
  e: Pick<ConsoleE2e, 'browser' | 'base'>,
  who: { name: string; email: string },
  message: string,
): Promise<Page> {
  const customer = await isolatedPage(e.browser, { viewport: { width: 1280, height: 800 }, bypassCSP: true });
  await customer.goto(`${e.base}/demo`);
  await customer.click('button[aria-label="Open chat"]');
  await customer.fill('support-chat input[name=name]', who.name);
  await customer.fill('support-chat input[name=email]', who.email);
  await customer.click('support-chat form.intro button[type=submit]');
  await customer.fill('support-chat textarea', message);
  await customer.press('support-chat textarea', 'Enter');
  return customer;
}
