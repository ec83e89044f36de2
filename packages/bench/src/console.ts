// The agent console's cost: its bundle size, and how long it takes to show a conversation of 1,000 messages
// (click to the newest message on screen) against one of 10 messages in the same run, in Debian Chromium
// against a real server. Also what rendering all 1,000 at once would cost, which the paged thread avoids.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { startServer, type ServerTarget } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface ConsoleReport {
  bundleBytes: number;
  bundleGzipBytes: number;
  /** Median ms from the click to the newest message painted, per conversation length. */
  open: { messages: number; medianMs: number; runs: number[]; domMessages: number }[];
  /** Rendering every message of the long thread in one go (what paging avoids), median ms. */
  renderAllMs: number;
  renderPageMs: number;
  chromium: string;
}

async function seed(server: ServerTarget, name: string, count: number) {
  const { conversation, visitorToken } = await server.http('POST', '/api/chat/start', {
    customerName: name,
    subject: `${count} messages`,
  });
  for (let i = 1; i <= count; i++) {
    // Alternating sides, a realistic mix of short and longer lines.
    const token = i % 2 ? visitorToken : server.admin.token;
    const content =
      i % 7 === 0 ? `Message ${i}: ${'a longer line about the order and its delivery, '.repeat(3)}` : `Message ${i}`;
    await server.http('POST', `/api/chat/${conversation.id}/message`, { content }, token);
  }
  return conversation.id as string;
}

/** In the page: the long thread rendered whole and as one page, median of 7 each. */
const RENDER = async (id: string) => {
  const all: unknown[] = [];
  for (let before: number | undefined; ; ) {
    const r = (await fetch(`/api/chat/${id}/messages?limit=200${before ? `&beforeSeq=${before}` : ''}`).then((x) =>
      x.json(),
    )) as { messages: { seq: number }[]; hasMore: boolean };
    all.unshift(...r.messages);
    if (!r.hasMore) break;
    before = r.messages[0]!.seq;
  }
  const time = async (window: number) => {
    const el = document.createElement('sc-thread') as HTMLElement & {
      messages: unknown[];
      window: number;
      updateComplete: Promise<unknown>;
    };
    el.style.cssText = 'display:block;height:600px';
    el.window = window;
    const t0 = performance.now();
    el.messages = all;
    document.body.appendChild(el);
    await el.updateComplete;
    el.getBoundingClientRect();
    (el.shadowRoot!.lastElementChild as HTMLElement).offsetHeight;
    await new Promise((r) => requestAnimationFrame(r));
    const ms = performance.now() - t0;
    el.remove();
    return ms;
  };
  const runs = { all: [] as number[], page: [] as number[] };
  for (let i = 0; i < 7; i++) {
    runs.all.push(await time(all.length));
    runs.page.push(await time(100));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[3]!;
  return { all: med(runs.all), page: med(runs.page) };
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** In the page: click the conversation in the queue, wait until its last message is laid out and painted. */
const OPEN = async ({ name, lastSeq }: { name: string; lastSeq: number }) => {
  const deep = (root: ParentNode, sel: string): Element | null => {
    const hit = root.querySelector(sel);
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) {
      const found = el.shadowRoot ? deep(el.shadowRoot, sel) : null;
      if (found) return found;
    }
    return null;
  };
  const items: HTMLElement[] = [];
  const walk = (r: ParentNode) => {
    for (const el of r.querySelectorAll('*')) {
      if (el.matches('.queue-item button.item')) items.push(el as HTMLElement);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const button = items.find((b) => b.textContent?.includes(name));
  if (!button) throw new Error(`no queue item for ${name}`);
  const t0 = performance.now();
  button.click();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    const li = deep(document, '.conversation sc-thread')?.shadowRoot?.querySelector(`li[data-seq="${lastSeq}"]`);
    if (li && (li as HTMLElement).offsetHeight > 0) break;
    if (performance.now() - t0 > 30_000) throw new Error('timed out');
  }
  // The frame after layout is the one on screen.
  await new Promise((r) => requestAnimationFrame(r));
  const thread = deep(document, '.conversation sc-thread')!.shadowRoot!;
  return { ms: performance.now() - t0, dom: thread.querySelectorAll('li').length };
};

/** Click the conversation in the queue and wait, in the page, until its last message is laid out and painted. */
async function timeOpen(page: Page, name: string, lastSeq: number) {
  return page.evaluate(OPEN, { name, lastSeq });
}

export async function measureConsole(opts: { runs: number }): Promise<ConsoleReport> {
  execFileSync(process.execPath, ['build.mjs'], { cwd: path.join(root, 'packages/console'), stdio: 'inherit' });
  const bundle = readFileSync(path.join(root, 'packages/console/dist/console.js'));
  const server = await startServer({ name: 'support-chat, PGlite (console)' });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-quic'],
  });
  try {
    console.log('\n== console: seeding 10- and 1,000-message conversations');
    const sizes = [10, 1000];
    const names = Object.fromEntries(sizes.map((n) => [n, `Bench ${n} messages`]));
    for (const n of sizes) await seed(server, names[n]!, n);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // tsx keeps function names with a helper (__name) that page functions carry along; the page needs it too.
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(`${server.base}/console`);
    await page.fill('console-login input[name=email]', server.admin.email);
    await page.fill('console-login input[name=password]', server.admin.password);
    await page.click('console-login button[type=submit]');
    await page.waitForSelector('agent-console .queue-item');
    const open: ConsoleReport['open'] = [];
    for (const n of sizes) {
      const runs: number[] = [];
      let dom = 0;
      // Warm-up once, then each run from a fresh page load (nothing cached in the console).
      for (let i = 0; i <= opts.runs; i++) {
        await page.reload();
        await page.waitForSelector('agent-console .queue-item');
        const r = await timeOpen(page, names[n]!, n);
        if (i > 0) runs.push(r.ms);
        dom = r.dom;
      }
      open.push({ messages: n, medianMs: median(runs), runs, domMessages: dom });
      console.log(
        `open a ${n}-message conversation: median ${median(runs).toFixed(1)} ms (${runs.map((x) => x.toFixed(0)).join(', ')}), ${dom} messages in the DOM`,
      );
    }
    // The same 1,000 messages rendered in one go, against one page of them, in the same page.
    const longId = (await server.http('GET', '/api/chat?limit=100', undefined, server.admin.token)).conversations.find(
      (c: { customerName: string }) => c.customerName === names[1000],
    ).id;
    const render = await page.evaluate(RENDER, longId);
    console.log(
      `render 1,000 messages at once: ${render.all.toFixed(1)} ms; one page (100): ${render.page.toFixed(1)} ms`,
    );
    return {
      bundleBytes: bundle.length,
      bundleGzipBytes: gzipSync(bundle, { level: 9 }).length,
      open,
      renderAllMs: render.all,
      renderPageMs: render.page,
      chromium: browser.version(),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
