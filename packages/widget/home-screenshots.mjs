// The screenshots of the widget's home screen in docs/embedding.md, against a fresh server:
//   DATA_DIR=$(mktemp -d) PORT=3918 ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-1 npm start
//   node packages/widget/home-screenshots.mjs [out-dir]
// Seeds two agents online and five answered chats (so the server has a reply-time figure), then photographs the demo
// page's widget: a first visit (desktop, light), a returning visitor with an earlier conversation (phone, dark).
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const base = process.env.BASE_URL ?? 'http://localhost:3918';
const dir = process.argv[2] ?? fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
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

const { token } = await call('POST', '/api/auth/login', { email: 'admin@example.com', password: 'admin-password-1' });
const [site] = (await call('GET', '/api/sites', undefined, token)).sites;
await call(
  'PUT',
  `/api/sites/${site.id}`,
  { widget: { teamName: 'Acme support', greeting: 'Hi there! Questions about an order, a return or your account?' } },
  token,
);
const agents = [];
for (const [name, email] of [
  ['Maya Chen', 'maya@example.com'],
  ['Tom Becker', 'tom@example.com'],
]) {
  const { agent } = await call('POST', '/api/agents', { name, email, password: 'agent-password-1' }, token);
  const session = await call('POST', '/api/auth/login', { email, password: 'agent-password-1' });
  await call('PUT', `/api/agents/${agent.id}/status`, { status: 'online' }, session.token);
  agents.push({ id: agent.id, token: session.token });
}
// Five answered chats: the reply-time figure needs at least five.
for (let i = 0; i < 5; i++) {
  const { conversation } = await call('POST', '/api/chat/start', { customerName: `Earlier ${i}`, message: 'Hello' });
  await call('POST', `/api/chat/${conversation.id}/message`, { content: 'Hi! How can I help?' }, agents[0].token);
  await call('PUT', `/api/chat/${conversation.id}`, { status: 'closed' }, token);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function shot(file, { width, height, colorScheme, returning }) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  await page.goto(`${base}/demo`);
  if (returning) {
    await page.click('button[aria-label="Open chat"]');
    await page.fill('support-chat input[name=name]', 'Hana Park');
    await page.fill('support-chat input[name=email]', 'hana@example.com');
    await page.fill('support-chat input[name=subject]', 'Return of order 1042');
    await page.click('support-chat form.intro button[type=submit]');
    await page.fill('support-chat textarea', 'How do I return the blue jacket?');
    await page.press('support-chat textarea', 'Enter');
    await page.waitForSelector('support-chat li.customer');
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('support-chat:')));
    const id = await page.evaluate(
      () =>
        JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('support-chat:'))))
          .conversationId,
    );
    await call('PUT', `/api/chat/${id}`, { status: 'closed' }, token);
    await page.click('support-chat .status.ended button');
    await page.reload();
  }
  await page.click('button[aria-label="Open chat"]');
  await page.locator('support-chat .home .faces li').first().waitFor();
  if (returning) await page.locator('support-chat .home .recent button').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/${file}` });
  await context.close();
}
await shot('widget-home.png', { width: 1280, height: 800, colorScheme: 'light' });
// Reactions: an answer the customer reacted to (and the set offered on another).
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${base}/demo`);
  await page.click('button[aria-label="Open chat"]');
  await page.fill('support-chat input[name=name]', 'Rae Reacts');
  await page.fill('support-chat input[name=email]', 'rae@example.com');
  await page.click('support-chat form.intro button[type=submit]');
  await page.fill('support-chat textarea', 'Can I still change my delivery address?');
  await page.press('support-chat textarea', 'Enter');
  await page.waitForSelector('support-chat li.customer');
  await page.waitForFunction(() =>
    Object.keys(localStorage).some(
      (k) => /^support-chat:[^:]+$/.test(k) && JSON.parse(localStorage.getItem(k)).conversationId,
    ),
  );
  const { conversationId } = await page.evaluate(() =>
    JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => /^support-chat:[^:]+$/.test(k)))),
  );
  await call('PUT', `/api/chat/${conversationId}`, { agentId: agents[0].id }, token);
  await call(
    'POST',
    `/api/chat/${conversationId}/message`,
    { content: 'Yes! I have changed it to the new address.' },
    agents[0].token,
  );
  await call('POST', `/api/chat/${conversationId}/message`, { content: 'Anything else I can do?' }, agents[0].token);
  const done = page.locator('support-chat li.agent', { hasText: 'I have changed it' });
  await done.locator('button[aria-label="Add a reaction"]').click();
  await done.locator('.palette button', { hasText: '🎉' }).click();
  await done.locator('button.reaction', { hasText: '🎉 1' }).waitFor();
  await page
    .locator('support-chat li.agent', { hasText: 'Anything else' })
    .locator('button[aria-label="Add a reaction"]')
    .click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${dir}/widget-reactions.png` });
  await context.close();
}
await shot('widget-home-returning-dark.png', { width: 390, height: 760, colorScheme: 'dark', returning: true });
await browser.close();
console.log(`${dir}/widget-home.png, widget-reactions.png, widget-home-returning-dark.png`);
