// The README's three fetch examples, verbatim: as plain HTTP calls and from a real browser page on the
// server's own origin (the visitor cookie set by the first call carries the second).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

// Kept byte-for-byte equal to the examples in README.md (a test below checks that).
const EXAMPLES = `
// Start a conversation
const response = await fetch('/api/chat/start', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    customerId: 'customer-123',
    customerName: 'John Doe',
    customerEmail: 'john@example.com',
    subject: 'Need help with my order'
  })
});
const { conversation } = await response.json();

// Send a message
await fetch(\`/api/chat/\${conversation.id}/message\`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    content: 'Hello, I need help with order #12345',
    messageType: 'text'
  })
});

// Create a ticket
const ticketResponse = await fetch('/api/tickets', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    subject: 'Order not delivered',
    description: 'My order #12345 has not arrived yet',
    priority: 'high',
    customerId: 'customer-123',
    customerEmail: 'john@example.com',
    conversationId: conversation.id
  })
});
const { ticket } = await ticketResponse.json();
`;

async function checkResult(result: { conversation: any; ticket: any; messages: any }) {
  expect(result.conversation).toMatchObject({ customerId: 'customer-123', customerName: 'John Doe', status: 'queued' });
  expect(result.messages.messages).toMatchObject([{ seq: 1, senderType: 'customer', content: 'Hello, I need help with order #12345' }]);
  expect(result.ticket).toMatchObject({ subject: 'Order not delivered', priority: 'high', conversationId: result.conversation.id, customerId: 'customer-123' });
}

describe('the seed examples', () => {
  it('match README.md word for word', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(EXAMPLES.trim());
  });

  it('work as plain HTTP calls (a cookie jar, like a browser)', async () => {
    let cookie = '';
    const fetchWithJar = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(base + url, { ...init, headers: { ...(init.headers as object), cookie } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    };
    const run = new Function('fetch', `return (async () => { ${EXAMPLES}; return { conversation, ticket }; })()`);
    const { conversation, ticket } = await run(fetchWithJar);
    const messages = await (await fetchWithJar(`/api/chat/${conversation.id}/messages`)).json();
    await checkResult({ conversation, ticket, messages });
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('work verbatim from a browser page on the same origin', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/`);
      const result = await page.evaluate(`(async () => { ${EXAMPLES};
        const messages = await (await fetch('/api/chat/' + conversation.id + '/messages')).json();
        return { conversation, ticket, messages, cookieVisible: document.cookie };
      })()`) as { conversation: any; ticket: any; messages: any; cookieVisible: string };
      await checkResult(result);
      // httpOnly: the page's scripts never see the visitor token.
      expect(result.cookieVisible).not.toContain('sc_visitor');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
