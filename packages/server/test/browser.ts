// Shared by the browser suites (widget, console): Debian's Chromium launched the way this machine needs, and
// the SECURITY.md items 5/6 corpus with a probe that walks every shadow root for what must never be there.
import { existsSync } from 'node:fs';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';

export const hasChromium = existsSync('/usr/bin/chromium');

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * A page in its own context (its own storage and cookies), whose context goes when the page closes. The browser
 * may already be closing then, so a failed context close is expected, not an error.
 */
export async function isolatedPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.once('close', () => void context.close().catch(() => {}));
  return page;
}

/** Stored-XSS payloads from real advisories (Chatwoot, Rocket.Chat, Deep Chat, LiveHelperChat) plus mXSS and RTL. */
export const XSS_CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror=window.__xss=1>',
  '<svg onload=window.__xss=1>',
  '[click](javascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">x</a>',
  '"><iframe src=javascript:window.__xss=1>',
  '{{constructor.constructor("window.__xss=1")()}}',
  'abc\u202Egnp.exe',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
];

export interface XssProbe {
  xss: unknown;
  onAttrs: string[];
  jsLinks: number;
  active: number;
  text: string;
}

/** Everything under `selector`, across shadow roots: no script ran, no on* attributes, no javascript:/data: links. */
export function probeXss(page: Page, selector: string): Promise<XssProbe> {
  return page.evaluate((sel) => {
    const all: Element[] = [];
    const walk = (root: ParentNode) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    const host = document.querySelector(sel)!;
    all.push(host);
    if (host.shadowRoot) walk(host.shadowRoot);
    walk(host);
    const url = (el: Element, a: string) => (el.getAttribute(a) ?? '').trim().toLowerCase();
    return {
      xss: (window as { __xss?: unknown }).__xss,
      onAttrs: all.flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}.${a.name}`),
      ),
      jsLinks: all.filter((el) =>
        ['href', 'src', 'action', 'formaction'].some(
          (a) => /^(javascript|data|vbscript):/.test(url(el, a)) && !(el.tagName === 'LINK'),
        ),
      ).length,
      active: all.filter((el) => ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'NOSCRIPT'].includes(el.tagName)).length,
      text: all
        .map((el) =>
          [...el.childNodes]
            .filter((n) => n.nodeType === 3)
            .map((n) => n.textContent)
            .join(''),
        )
        .join('\n'),
    };
  }, selector);
}

/**
 * axe-core's violations on the page as it is now, one `id (impact) [targets]` line each. The page must let the
 * script in (a context with `bypassCSP`); `axePath` is axe-core/axe.min.js as the calling package resolves it.
 */
export async function axeViolations(page: Page, axePath: string): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string; nodes: { target: unknown }[] }[] };
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<Result> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}) ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
  });
}
