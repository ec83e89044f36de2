// The seed's three fetch examples, verbatim (as README.md shows them): as plain HTTP calls and from a real browser
// page on the server's own origin (the visitor cookie set by the first call carries the others).
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './browser.js';
import { createTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(() => t.close());

// The seed's three examples, byte for byte as the seed writes them (a test below checks both the seed and the
// README). Each is its own snippet: the second reads `conversationId`, which the caller sets from the first.
const START = `const response = await fetch('/api/chat/start', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    customerId: 'customer-123',
    customerName: 'John Doe',
    customerEmail: 'john@example.com',
    channel: 'web',
    subject: 'Product Inquiry',
  }),
});

const { conversation } = await response.json();`;

const SEND = `const response = await fetch(\`/api/chat/\${conversationId}/message\`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    senderId: 'customer-123',
    senderName: 'John Doe',
    senderType: 'customer',
    content: 'Hello, I need help with my order',
  }),
});

const { message } = await response.json();`;

const TICKET = `const response = await fetch('/api/tickets', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    customerId: 'customer-123',
    customerName: 'John Doe',
    customerEmail: 'john@example.com',
    subject: 'Order Issue',
    description: 'My order has not arrived',
    priority: 'high',
    category: 'shipping',
  }),
});

const { ticket } = await response.json();`;

/** The three snippets run one after the other in one page or jar, as a developer pastes them. */
const RUN_ALL = `
  const conversation = await (async () => { ${START}; return conversation; })();
  const conversationId = conversation.id;
  const message = await (async () => { ${SEND}; return message; })();
  const ticket = await (async () => { ${TICKET}; return ticket; })();
  const messages = await (await fetch('/api/chat/' + conversationId + '/messages')).json();
`;

async function checkResult(result: { conversation: any; message: any; ticket: any; messages: any }) {
  expect(result.conversation).toMatchObject({
    customerId: 'customer-123',
    customerName: 'John Doe',
    customerEmail: 'john@example.com',
    channel: 'web',
    subject: 'Product Inquiry',
    status: 'queued',
    agentName: null,
  });
  expect(result.message).toMatchObject({
    seq: 1,
    senderType: 'customer',
    senderId: 'customer-123',
    senderName: 'John Doe',
    content: 'Hello, I need help with my order',
  });
  expect(result.messages.messages).toMatchObject([{ id: result.message.id, seq: 1 }]);
  expect(result.ticket).toMatchObject({
    customerId: 'customer-123',
    customerName: 'John Doe',
    customerEmail: 'john@example.com',
    subject: 'Order Issue',
    description: 'My order has not arrived',
    priority: 'high',
    status: 'open',
    assignedAgentId: null,
  });
}

describe('the seed examples', () => {
  it('match the seed and README.md word for word', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    // The seed sits beside the repository on the machine it was built on; a bare clone checks the README only.
    const seedFile = new URL('../../../../shared/seed/000_22f7b4ce04883092.txt', import.meta.url);
    const seed = existsSync(seedFile) ? readFileSync(seedFile, 'utf8') : undefined;
    for (const snippet of [START, SEND, TICKET]) {
      expect(readme).toContain(snippet);
      if (seed !== undefined) expect(seed).toContain(snippet);
    }
  });

  it('work as plain HTTP calls (a cookie jar, like a browser)', async () => {
    let cookie = '';
    const fetchWithJar = async (url: string, init: RequestInit = {}) => {
      const res = await fetch(base + url, { ...init, headers: { ...(init.headers as object), cookie } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    };
    const run = new Function(
      'fetch',
      `return (async () => { ${RUN_ALL}; return { conversation, message, ticket, messages }; })()`,
    );
    await checkResult(await run(fetchWithJar));
  });

  it('refuse a visitor who claims to be an agent, and store nothing', async () => {
    const start = await fetch(`${base}/api/chat/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { conversation, visitorToken } = (await start.json()) as {
      conversation: { id: string };
      visitorToken: string;
    };
    const res = await fetch(`${base}/api/chat/${conversation.id}/message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${visitorToken}` },
      body: JSON.stringify({
        senderId: 'agent-456',
        senderName: 'Jane Smith',
        senderType: 'agent',
        content: 'I am staff',
      }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe('SENDER_MISMATCH');
    const list = await fetch(`${base}/api/chat/${conversation.id}/messages`, {
      headers: { authorization: `Bearer ${visitorToken}` },
    });
    expect(((await list.json()) as any).messages).toEqual([]);
  });

  it.skipIf(!hasChromium)(
    'work verbatim from a browser page on the same origin',
    async () => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(`${base}/`);
        const result = (await page.evaluate(`(async () => { ${RUN_ALL};
        return { conversation, message, ticket, messages, cookieVisible: document.cookie };
      })()`)) as { conversation: any; message: any; ticket: any; messages: any; cookieVisible: string };
        await checkResult(result);
        // httpOnly: the page's scripts never see the visitor token.
        expect(result.cookieVisible).not.toContain('sc_visitor');
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
