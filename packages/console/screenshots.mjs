// The screenshots in docs/console.md, taken against a server started fresh for them:
//   DATA_DIR=$(mktemp -d) PORT=3917 ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-1 npm start
//   node packages/console/screenshots.mjs
// It seeds a team, an agent, canned responses, chats and tickets, then photographs the console in Chromium.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const base = process.env.BASE_URL ?? 'http://localhost:3917';
const admin = {
  email: process.env.ADMIN_EMAIL ?? 'admin@example.com',
  password: process.env.ADMIN_PASSWORD ?? 'admin-password-1',
};
const out = (name) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const call = async (method, url, body, token) => {
  const r = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const j = await r.json();
  if (!r.ok) throw new Error(`${method} ${url} ${r.status} ${JSON.stringify(j)}`);
  return j;
};
const { token } = await call('POST', '/api/auth/login', admin);
const team = (await call('POST', '/api/teams', { name: 'Front desk', assignmentMode: 'manual' }, token)).team;
const agent = (
  await call(
    'POST',
    '/api/agents',
    { name: 'Alex Morgan', email: 'alex@example.com', password: 'alex-password-1', teamIds: [team.id] },
    token,
  )
).agent;
await call(
  'POST',
  '/api/routing-rules',
  { name: 'Web to the front desk', conditions: { channels: ['web'] }, teamId: team.id },
  token,
);
for (const c of [
  {
    title: 'Order on its way',
    shortcut: 'shipped',
    category: 'Orders',
    content:
      'Thanks {{customer.firstName|there}}! {{agent.firstName}} here: your order is on its way and should arrive within two days.',
  },
  {
    title: 'Refund issued',
    shortcut: 'refund',
    category: 'Billing',
    content:
      'I have issued a full refund, {{customer.firstName|there}}. It shows on your statement in 3–5 business days.',
  },
  {
    title: 'Reset password',
    shortcut: 'reset',
    category: 'Account',
    content: 'You can reset your password at https://example.com/reset — the link is valid for one hour.',
  },
  {
    title: 'Closing',
    shortcut: 'bye',
    category: 'General',
    content: 'Is there anything else I can help you with today?',
  },
])
  await call('POST', '/api/canned-responses', c, token);
const { token: alex } = await call('POST', '/api/auth/login', {
  email: 'alex@example.com',
  password: 'alex-password-1',
});
// One of Alex's own: the picker offers Edit and Delete on it (the shared ones are the admin's).
await call(
  'POST',
  '/api/canned-responses',
  {
    title: 'My sign-off',
    shortcut: 'signoff',
    category: 'General',
    content: 'Thanks for your patience, {{customer.firstName|there}}. Best, {{agent.firstName}}',
  },
  alex,
);
await call('PUT', `/api/agents/${agent.id}/status`, { status: 'online' }, alex);
const chat = async (name, email, subject, first, extra = {}) => {
  const r = await call('POST', '/api/chat/start', {
    customerName: name,
    customerEmail: email,
    subject,
    message: first,
    metadata: { pageUrl: 'https://shop.example/orders/4711', plan: 'Pro' },
    ...extra,
  });
  return r;
};
const grace = await chat(
  'Grace Hopper',
  'grace@example.com',
  'Order 4711',
  'Hi! My order 4711 was supposed to arrive yesterday.',
);
await call('POST', `/api/chat/${grace.conversation.id}/accept`, {}, alex);
await call(
  'POST',
  `/api/chat/${grace.conversation.id}/message`,
  { content: 'Hi Grace, let me check that for you.' },
  alex,
);
await call(
  'POST',
  `/api/chat/${grace.conversation.id}/message`,
  { content: 'The carrier lost the first parcel; a replacement went out this morning.', isPrivate: true },
  alex,
);
await call(
  'POST',
  `/api/chat/${grace.conversation.id}/message`,
  { content: 'Thank you! Will I get a tracking number?' },
  grace.visitorToken,
);
const linus = await chat(
  'Linus T.',
  'linus@example.org',
  'Invoice question',
  'Can I get an invoice with our VAT number?',
);
await call('POST', `/api/chat/${linus.conversation.id}/accept`, {}, alex);
await call(
  'POST',
  `/api/chat/${linus.conversation.id}/message`,
  { content: 'And the billing address changed too.' },
  linus.visitorToken,
);
await chat('Ada L.', 'ada@example.net', 'Password reset', 'The reset email never arrives.');
await chat('Margaret H.', 'margaret@example.com', 'Shipping to Canada', 'Do you ship to Canada?');
await call(
  'POST',
  '/api/tickets',
  {
    conversationId: grace.conversation.id,
    subject: 'Replacement parcel for order 4711',
    description: 'Carrier lost the parcel; replacement sent.',
    priority: 'high',
    assignedAgentId: agent.id,
  },
  alex,
);
await call(
  'POST',
  '/api/tickets',
  {
    conversationId: linus.conversation.id,
    subject: 'Invoice with VAT number',
    description: 'Needs a new invoice with VAT id and new address.',
    priority: 'medium',
    assignedAgentId: agent.id,
  },
  alex,
);
await call(
  'POST',
  '/api/tickets',
  {
    subject: 'Bulk order discount',
    description: 'Asked by email about 50 units.',
    priority: 'low',
    customerEmail: 'buyer@example.com',
    customerName: 'Bulk Buyer',
  },
  alex,
);
await call(
  'POST',
  '/api/tickets',
  {
    subject: 'Checkout fails with 3-D Secure',
    description: 'Payment page loops.',
    priority: 'urgent',
    customerEmail: 'ken@example.com',
    customerName: 'Ken',
  },
  alex,
);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const ctx = await browser.newContext({ viewport: { width: 1360, height: 780 }, deviceScaleFactor: 1 });
const p = await ctx.newPage();
p.on('pageerror', (e) => console.log('pageerror', e.message));
await p.goto(`${base}/console`);
await p.waitForSelector('console-login input[name=email]');
await p.fill('console-login input[name=email]', 'alex@example.com');
await p.screenshot({ path: out('console-login.png') });
await p.fill('console-login input[name=password]', 'alex-password-1');
await p.click('console-login button[type=submit]');
await p.waitForSelector('agent-console .queue-item');
await p.locator('agent-console [aria-labelledby=mine-h] .item', { hasText: 'Grace Hopper' }).click();
await p.locator('agent-console .conversation sc-thread li.note').waitFor();
await p.locator('agent-console aside', { hasText: 'Replacement parcel' }).waitFor();
const ta = p.locator('agent-console sc-composer textarea');
await ta.click();
await ta.pressSequentially('/re');
await p.waitForTimeout(300);
await p.screenshot({ path: out('console-inbox.png') });
await ta.press('Escape');
await ta.fill('');
await p.click('agent-console sc-composer button:has-text("Canned")');
await p
  .locator('agent-console canned-responses [role=option]', { hasText: 'My sign-off' })
  .locator('button:has-text("Edit")')
  .click();
await p.waitForTimeout(200);
await p.screenshot({ path: out('console-canned-edit.png') });
await p.keyboard.press('Escape');
await p.click('agent-console header nav button:has-text("Tickets")');
await p.locator('agent-console ticket-board td button', { hasText: 'Replacement parcel' }).click();
await p.locator('agent-console ticket-board .detail sc-thread li').first().waitFor();
await p.waitForTimeout(300);
await p.screenshot({ path: out('console-tickets.png') });
await p.click('agent-console header nav button:has-text("Inbox")');
await p.click('agent-console header button[aria-label="Keyboard shortcuts"]');
await p.waitForSelector('agent-console dialog[open]');
await p.waitForTimeout(200);
await p.screenshot({ path: out('console-help.png') });
await browser.close();
