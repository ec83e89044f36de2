// The screenshots of labels, priority, snooze, merging and conversation views in docs/console.md, against a fresh server:
//   RATE_LIMIT_LOGIN=100 DATA_DIR=$(mktemp -d) PORT=3917 ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-1 npm start
//   node packages/console/labels-screenshots.mjs [--check]
// It seeds a label catalogue, an agent and labelled chats, then photographs the console in Chromium at desktop width
// (and, with --check, the same screens at 768 and 375 px into /tmp/labels-check, to look at, not to publish).
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL ?? 'http://localhost:3917';
const check = process.argv.includes('--check');
const admin = { email: 'admin@example.com', password: 'admin-password-1' };
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
for (const [name, color, description] of [
  ['billing', '#dc2626', 'Invoices, refunds, payment methods'],
  ['bug', '#7c3aed', 'Something in the product is broken'],
  ['shipping', '#0891b2', 'Where an order is, delivery times'],
  ['feature request', '#16a34a', 'Asks for something we do not do yet'],
  ['vip', '#ca8a04', 'Enterprise customers'],
])
  await call('POST', '/api/labels', { name, color, description }, token);
const team = (await call('POST', '/api/teams', { name: 'Front desk', assignmentMode: 'manual' }, token)).team;
const agent = (
  await call(
    'POST',
    '/api/agents',
    { name: 'Alex Morgan', email: 'alex@example.com', password: 'alex-password-1', teamIds: [team.id] },
    token,
  )
).agent;
const chats = [
  ['Grace Hopper', 'Refund for order 4711', ['billing', 'vip'], 'urgent', 'I was charged twice for order 4711.'],
  ['Alan Turing', 'Parcel not arrived', ['shipping'], 'high', 'My parcel should have arrived on Monday.'],
  ['Ada Lovelace', 'Export to CSV', ['feature request'], 'low', 'Could the report be exported to CSV?'],
  ['Linus Pauling', 'Login loop', ['bug'], 'medium', 'The login page keeps sending me back to itself.'],
];
const started = {};
for (const [customerName, subject, tags, priority, message] of chats) {
  const r = await call('POST', '/api/chat/start', { customerName, message, subject });
  started[customerName] = { id: r.conversation.id, token: r.visitorToken };
  await call('PUT', `/api/chat/${r.conversation.id}`, { agentId: agent.id, teamId: team.id, tags, priority }, token);
}
// Grace got an answer: she thanked it with a reaction, and Alex reacted to her message.
{
  const alex = (await call('POST', '/api/auth/login', { email: 'alex@example.com', password: 'alex-password-1' }))
    .token;
  const grace = started['Grace Hopper'];
  const reply = (
    await call(
      'POST',
      `/api/chat/${grace.id}/message`,
      { content: 'Sorry about that! The second charge is refunded: 3–5 working days.' },
      alex,
    )
  ).message;
  const first = (await call('GET', `/api/chat/${grace.id}/messages`, undefined, alex)).messages.find(
    (m) => m.senderType === 'customer',
  );
  await call('PUT', `/api/chat/${grace.id}/messages/${reply.id}/reactions`, { emoji: '🙏', on: true }, grace.token);
  await call('PUT', `/api/chat/${grace.id}/messages/${first.id}/reactions`, { emoji: '👍', on: true }, alex);
}
// Grace also wrote about her invoice in another conversation (resolved): the one an agent would merge into this one.
{
  const grace = (await call('GET', `/api/chat/${started['Grace Hopper'].id}`, undefined, token)).conversation;
  const other = await call('POST', '/api/chat/start', {
    customerId: grace.customerId,
    customerName: 'Grace Hopper',
    subject: 'Invoice address',
    message: 'My invoice still shows my old address.',
  });
  await call('PUT', `/api/chat/${other.conversation.id}`, { status: 'resolved' }, token);
}
// Linus waits until he replies; Ada was snoozed and wrote back (the "back from snooze" mark).
await call('PUT', `/api/chat/${started['Linus Pauling'].id}`, { snooze: { untilReply: true } }, token);
const monday = new Date();
monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
monday.setHours(9, 0, 0, 0);
await call('PUT', `/api/chat/${started['Ada Lovelace'].id}`, { snooze: { until: monday.toISOString() } }, token);
await call(
  'POST',
  `/api/chat/${started['Ada Lovelace'].id}/message`,
  { content: 'Any news on the CSV export?' },
  started['Ada Lovelace'].token,
);
await call('PUT', `/api/chat/${started['Alan Turing'].id}`, { snooze: { until: monday.toISOString() } }, token);
const agentToken = (await call('POST', '/api/auth/login', { email: 'alex@example.com', password: 'alex-password-1' }))
  .token;
await call('POST', '/api/views', { name: 'Urgent billing', query: 'priority=urgent&label=billing' }, agentToken);
await call('POST', '/api/views', { name: 'Bugs this week', query: 'label=bug' }, agentToken);
await call(
  'POST',
  '/api/macros',
  {
    name: 'Refund issued',
    actions: [
      { type: 'note', content: 'Refund issued in the billing system' },
      { type: 'reply', content: 'Your refund is on its way: 3–5 working days.' },
      { type: 'addLabels', labels: ['billing'] },
      { type: 'resolve' },
    ],
  },
  agentToken,
);
await call(
  'POST',
  '/api/macros',
  {
    name: 'Escalate to billing',
    shared: true,
    actions: [
      { type: 'setPriority', priority: 'high' },
      { type: 'assignTeam', teamId: team.id },
    ],
  },
  token,
);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function signedIn(email, password, width, height, colorScheme = 'light') {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  await page.goto(`${base}/console`);
  await page.fill('console-login input[name=email]', email);
  await page.fill('console-login input[name=password]', password);
  await page.click('console-login button[type=submit]');
  await page.waitForSelector('agent-console sc-console-header');
  return page;
}

const shots = check ? [1280, 768, 375] : [1280];
if (check) mkdirSync('/tmp/labels-check', { recursive: true });
for (const width of shots) {
  const file = (name) => (check ? `/tmp/labels-check/${name.replace('.png', `-${width}.png`)}` : out(name));
  const page = await signedIn('alex@example.com', 'alex-password-1', width, 800);
  await page.locator('agent-console nav.lists .item', { hasText: 'Grace Hopper' }).click();
  await page.locator('agent-console sc-conversation li.customer').first().waitFor();
  await page.locator('agent-console sc-label-editor input').click();
  await page.locator('agent-console sc-label-editor input').fill('sh');
  await page.screenshot({ path: file('console-labels.png') });
  await page.keyboard.press('Escape');
  // Merging Grace's other conversation into this one (Alt+G).
  await page.keyboard.press('Alt+g');
  await page.locator('sc-merge-dialog li label').first().waitFor();
  await page.screenshot({ path: file('console-merge.png') });
  await page.keyboard.press('Escape');
  if (check && width < 1100) {
    await page.click('agent-console sc-conversation button.customer');
    await page.screenshot({ path: file('console-customer-sheet.png') });
    await page.keyboard.press('Escape');
  }

  // A snoozed chat: its header says until when; the list keeps it under "Snoozed".
  if (width < 768) await page.click('agent-console sc-conversation button.back');
  await page.locator('agent-console nav.lists .item', { hasText: 'Alan Turing' }).click();
  await page.locator('agent-console sc-conversation select[name=snooze]').selectOption('custom');
  await page.locator('agent-console sc-conversation input[name=at]').waitFor();
  await page.screenshot({ path: file('console-snooze.png') });
  await page.locator('agent-console sc-conversation .snooze-at button:has-text("Cancel")').click();

  // The contact page of the open chat's customer (the customer panel shows at desktop width).
  if (width >= 1100) {
    await page.click('agent-console sc-customer-panel button.contact');
    const contact = page.locator('sc-contact-dialog dialog');
    await contact.locator('h3', { hasText: 'Conversations' }).waitFor();
    await contact.locator('textarea[name=note]').fill('Prefers email. Second lost parcel this month.');
    await contact.locator('button:has-text("Add note")').click();
    await contact.locator('.note').first().waitFor();
    await page.screenshot({ path: file('console-contact.png') });
    await page.keyboard.press('Escape');
  }

  // Macros: the dialog with the agent's own and a shared one, then a new macro's form.
  await page.locator('agent-console sc-conversation select[name=macro]').selectOption('manage');
  const macros = page.locator('sc-macros-dialog dialog');
  await macros.locator('td', { hasText: 'Refund issued' }).waitFor();
  await page.screenshot({ path: file('console-macros.png') });
  await macros.locator('button[aria-label="Edit Refund issued"]').click();
  await page.screenshot({ path: file('console-macro-edit.png') });
  await page.keyboard.press('Escape');

  await page.click('agent-console header nav button:has-text("Conversations")');
  await page.locator('sc-conversation-views nav.views .saved button', { hasText: 'Urgent billing' }).waitFor();
  await page.locator('sc-conversation-views nav.views button:has-text("My team")').click();
  await page.locator('sc-conversation-views select[name=priority]').selectOption('urgent');
  await page.locator('sc-conversation-views conversation-history li').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: file('console-views.png') });
  await page.context().close();

  const lead = await signedIn(admin.email, admin.password, width, 800);
  await lead.click('agent-console header nav button:has-text("Team setup")');
  await lead.click('agent-console agent-management [role=tab]:has-text("Labels")');
  await lead.locator('sc-labels-admin tbody tr').first().waitFor();
  await lead.screenshot({ path: file('admin-labels.png') });
  await lead.context().close();
}
{
  // The dark theme (the system's setting): the inbox with a chat open, and Reports.
  const dark = await signedIn('alex@example.com', 'alex-password-1', 1280, 800, 'dark');
  await dark.locator('agent-console nav.lists .item', { hasText: 'Grace Hopper' }).click();
  await dark.locator('agent-console sc-conversation li.customer').first().waitFor();
  await dark.screenshot({ path: check ? '/tmp/labels-check/console-dark.png' : out('console-dark.png') });
  if (check) {
    await dark.keyboard.press('Alt+g');
    await dark.locator('sc-merge-dialog li label').first().waitFor();
    await dark.screenshot({ path: '/tmp/labels-check/console-merge-dark.png' });
    await dark.setViewportSize({ width: 390, height: 760 });
    await dark.screenshot({ path: '/tmp/labels-check/console-merge-dark-phone.png' });
    await dark.keyboard.press('Escape');
    await dark.screenshot({ path: '/tmp/labels-check/console-dark-phone.png' });
    const lead = await signedIn(admin.email, admin.password, 1280, 900, 'dark');
    await lead.click('agent-console header nav button:has-text("Reports")');
    await lead.locator('support-analytics .tile').first().waitFor();
    await lead.waitForTimeout(500);
    await lead.screenshot({ path: '/tmp/labels-check/reports-dark.png' });
    await lead.click('agent-console header nav button:has-text("Team setup")');
    await lead.locator('agent-console agent-management tbody tr').first().waitFor();
    await lead.screenshot({ path: '/tmp/labels-check/admin-dark.png' });
    await lead.context().close();
  }
  await dark.context().close();
}
{
  // The inbox in German (chosen in Account; set here before the page loads).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => localStorage.setItem('support-chat:console-language', 'de'));
  const german = await context.newPage();
  await german.goto(`${base}/console`);
  await german.fill('console-login input[name=email]', 'alex@example.com');
  await german.fill('console-login input[name=password]', 'alex-password-1');
  await german.click('console-login button[type=submit]');
  await german.locator('agent-console nav.lists .item', { hasText: 'Grace Hopper' }).click();
  await german.locator('agent-console sc-conversation li.customer').first().waitFor();
  await german.screenshot({ path: check ? '/tmp/labels-check/console-german.png' : out('console-german.png') });
  if (check) {
    await german.setViewportSize({ width: 390, height: 760 });
    await german.emulateMedia({ colorScheme: 'dark' });
    await german.screenshot({ path: '/tmp/labels-check/console-german-phone-dark.png' });
    await german.click('agent-console sc-console-header button.me');
    await german.locator('sc-account-dialog fieldset', { hasText: 'Sprache' }).scrollIntoViewIfNeeded();
    await german.screenshot({ path: '/tmp/labels-check/console-german-account.png' });
  }
  await context.close();
}
if (!check) {
  // The inbox on a phone: the open conversation alone ("← Chats" goes back to the list).
  const phone = await signedIn('alex@example.com', 'alex-password-1', 390, 760);
  await phone.locator('agent-console nav.lists .item', { hasText: 'Grace Hopper' }).click();
  await phone.locator('agent-console sc-conversation li.customer').first().waitFor();
  await phone.screenshot({ path: out('console-phone.png') });
  await phone.context().close();
}
await browser.close();
console.log(
  check
    ? 'screens in /tmp/labels-check'
    : 'docs/console-labels.png, console-merge.png, console-german.png, console-snooze.png, console-contact.png, console-macros.png, console-macro-edit.png, console-views.png, admin-labels.png, console-phone.png, console-dark.png',
);
