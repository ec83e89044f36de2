// The screenshots in docs/admin.md, taken through the UI alone against a server started fresh for them:
//   DATA_DIR=$(mktemp -d) PORT=3917 ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-1 npm start
//   node packages/console/admin-screenshots.mjs
// A support lead signs in, adds two teams and three agents in Team setup, and each screen is photographed at a
// desktop (1280 px) and a tablet (768 px) width.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const base = process.env.BASE_URL ?? 'http://localhost:3917';
const admin = {
  email: process.env.ADMIN_EMAIL ?? 'admin@example.com',
  password: process.env.ADMIN_PASSWORD ?? 'admin-password-1',
};
const out = (name) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
const p = await browser.newPage({ viewport: { width: 1280, height: 800 } });
p.on('pageerror', (e) => console.error('page error:', e.message));
await p.goto(`${base}/console`);
await p.fill('console-login input[name=email]', admin.email);
await p.fill('console-login input[name=password]', admin.password);
await p.click('console-login button[type=submit]');
await p.click('agent-console header nav button:has-text("Team setup")');
const setup = p.locator('agent-console agent-management');
await setup.locator('table').waitFor();
/** A screenshot once the last change's toast has gone (it would cover the page otherwise). */
async function shot(name) {
  await setup.locator('.toast').waitFor({ state: 'detached', timeout: 10_000 });
  await setup.evaluate((el) => el.scrollTo(0, 0));
  await p.screenshot({ path: out(name) });
}

async function addTeam(name, description, manual) {
  await setup.locator('[role=tab]:has-text("Teams")').click();
  await setup.locator('button:has-text("Add team")').click();
  await p.fill('sc-team-dialog input[name=name]', name);
  await p.fill('sc-team-dialog input[name=description]', description);
  if (manual) await p.check('sc-team-dialog input[value=manual]');
  await p.click('sc-team-dialog button[type=submit]');
  await setup.locator('tbody tr', { hasText: name }).waitFor();
}

async function addAgent(name, email, teams, skills, max, shot) {
  await setup.locator('[role=tab]:has-text("Agents")').click();
  await setup.locator('button:has-text("Add agent")').click();
  await p.fill('sc-agent-dialog input[name=name]', name);
  await p.fill('sc-agent-dialog input[name=email]', email);
  for (const t of teams) await p.check(`sc-agent-dialog fieldset label:has-text("${t}") input`);
  await p.fill('sc-agent-dialog input[name=skills]', skills);
  await p.fill('sc-agent-dialog input[name=maxConcurrentChats]', String(max));
  if (shot) await p.screenshot({ path: out('admin-agent-form.png') });
  await p.click('sc-agent-dialog button[type=submit]');
  await p.locator('sc-agent-dialog code.secret').waitFor();
  if (shot) await p.screenshot({ path: out('admin-password-handover.png') });
  await p.click('sc-agent-dialog button:has-text("Done")');
  await setup.locator('tbody tr', { hasText: name }).waitFor();
}

await addTeam('Billing', 'Invoices, refunds and payment methods', false);
await addTeam('Front desk', 'Everything else, first line', true);
await addAgent('Dana Okafor', 'dana@example.com', ['Billing'], 'billing, german', 3, true);
await addAgent('Sam Lee', 'sam@example.com', ['Front desk', 'Billing'], 'enterprise', 5, false);
await addAgent('Ravi Patel', 'ravi@example.com', ['Front desk'], '', 4, false);

await setup.locator('[role=tab]:has-text("Routing")').click();
async function addRule(name, fill) {
  await setup.locator('button:has-text("Add rule")').click();
  await p.fill('sc-rule-dialog input[name=name]', name);
  await fill();
  await p.click('sc-rule-dialog button[type=submit]');
  await setup.locator('sc-routing-rules li', { hasText: name }).waitFor();
}
await addRule('Billing questions', async () => {
  await p.fill('sc-rule-dialog input[name=keywords]', 'refund, invoice, charge');
  await p.selectOption('sc-rule-dialog select[name=teamId]', { label: 'Billing' });
});
await addRule('German-speaking customers', async () => {
  await p.fill('sc-rule-dialog textarea[name=attributes]', 'language=de');
  await p.selectOption('sc-rule-dialog select[name=teamId]', { label: 'Billing' });
  await p.fill('sc-rule-dialog input[name=requiredSkills]', 'german');
});
await addRule('Pricing pages', async () => {
  await p.fill('sc-rule-dialog input[name=pageUrlContains]', '/pricing');
  await p.selectOption('sc-rule-dialog select[name=teamId]', { label: 'Front desk' });
  await p.selectOption('sc-rule-dialog select[name=priority]', 'high');
});
await setup.locator('sc-routing-rules button[aria-label="Move “Pricing pages” up"]').click();
await p.fill('sc-routing-rules input[name=message]', 'Why was I charged twice?');
await p.fill('sc-routing-rules input[name=pageUrl]', 'https://shop.example/pricing');
await p.click('sc-routing-rules button:has-text("Test")');
await setup.locator('sc-routing-rules .verdict').waitFor();
await shot('admin-routing.png');
await setup.locator('sc-routing-rules li', { hasText: 'German-speaking' }).locator('button:has-text("Edit")').click();
await p.locator('sc-rule-dialog dialog[open]').waitFor();
await p.screenshot({ path: out('admin-rule-form.png') });
await p.click('sc-rule-dialog button:has-text("Cancel")');

for (const [width, suffix] of [
  [1280, ''],
  [768, '-tablet'],
]) {
  await p.setViewportSize({ width, height: 800 });
  await setup.locator('[role=tab]:has-text("Agents")').click();
  await shot(`admin-agents${suffix}.png`);
  await setup.locator('[role=tab]:has-text("Teams")').click();
  await shot(`admin-teams${suffix}.png`);
  await setup.locator('[role=tab]:has-text("Routing")').click();
  await shot(`admin-routing${suffix}.png`);
}
await p.setViewportSize({ width: 1280, height: 800 });
await setup.locator('[role=tab]:has-text("Teams")').click();
await setup.locator('tbody tr', { hasText: 'Front desk' }).locator('button:has-text("Delete")').click();
await p.locator('sc-confirm-dialog dialog', { hasText: 'Delete Front desk?' }).waitFor();
await p.screenshot({ path: out('admin-delete-team.png') });
await p.click('sc-confirm-dialog button:has-text("Cancel")');
await setup.locator('[role=tab]:has-text("SLA")').click();
await p.fill('sc-sla-settings input[name=high]', '6');
await p.check('sc-sla-settings input[name=followBusinessHours]');
await p.check('sc-sla-settings input[name=pauseWhileWaiting]');
await p.click('sc-sla-settings button[type=submit]');
await setup.locator('.toast', { hasText: 'SLA policy saved' }).waitFor();
await shot('admin-sla.png');
await setup.locator('[role=tab]:has-text("API keys")').click();
await p.fill('sc-api-keys input[name=name]', 'Nightly export');
await p.selectOption('sc-api-keys select[name=scope]', 'read');
await p.click('sc-api-keys button[type=submit]');
await setup.locator('sc-api-keys tbody tr', { hasText: 'Nightly export' }).waitFor();
await p.click('sc-api-keys button:has-text("Done")');
await p.fill('sc-api-keys input[name=name]', 'CRM sync');
await p.click('sc-api-keys button[type=submit]');
await setup.locator('sc-api-keys .once code.secret').waitFor();
await shot('admin-api-keys.png');

// Canned responses: four for the whole team and the Billing team, through the form.
await setup.locator('[role=tab]:has-text("Canned responses")').click();
async function addReply(title, shortcut, category, content, team, shotName) {
  await setup.locator('button:has-text("New response")').click();
  const form = p.locator('sc-canned-dialog');
  await form.locator('input[name=title]').fill(title);
  await form.locator('input[name=shortcut]').fill(shortcut);
  await form.locator('input[name=category]').fill(category);
  await form.locator('textarea[name=content]').fill(content);
  if (team) {
    await form.locator('input[value=team]').check();
    await form.locator('select[name=teamId]').selectOption({ label: team });
  }
  if (shotName) await p.screenshot({ path: out(shotName) });
  await form.locator('button[type=submit]').click();
  await setup.locator('canned-responses tbody tr', { hasText: title }).waitFor();
}
await addReply(
  'Order on its way',
  'shipped',
  'Orders',
  'Thanks {{customer.firstName|there}}! Your order is on its way and should arrive within 2–3 days.',
);
await addReply(
  'Refund confirmed',
  'refund',
  'Billing',
  'Your refund is on its way: it shows on your statement within 5 business days.',
  'Billing',
  'admin-canned-form.png',
);
await addReply(
  'Invoice copy',
  'invoice',
  'Billing',
  'I have attached a copy of your invoice, {{customer.firstName|there}}.',
  'Billing',
);
await addReply('Goodbye', 'bye', 'Closers', 'Glad I could help, {{customer.firstName|there}}. Have a great day!');
await shot('admin-canned.png');

// Sites & widget: a second origin, the widget's look with its live preview, business hours, identity verification.
await p.setViewportSize({ width: 1280, height: 1000 });
await setup.locator('[role=tab]:has-text("Sites & widget")').click();
const sites = setup.locator('sc-sites');
await sites.locator('sc-site-install input[name=origin]').fill('https://shop.example');
await sites.locator('sc-site-install button:has-text("Allow")').click();
await sites.locator('sc-site-install code', { hasText: 'https://shop.example' }).waitFor();
await shot('admin-site-install.png');
await sites.locator('nav button:has-text("Appearance")').click();
const look = sites.locator('sc-site-appearance');
await look.locator('input[name=accentText]').fill('#0f766e');
await look.locator('input[name=teamName]').fill('Acme support');
await look
  .locator('textarea[name=greeting]')
  .fill('Hi! Questions about an order, a refund or your account? We usually answer within minutes.');
await look.locator('input[name=launcherText]').fill('Chat with us');
await look.locator('button:has-text("Save widget")').click();
await setup.locator('.toast', { hasText: 'Widget saved' }).waitFor();
await shot('admin-site-appearance.png');
await look.locator('button:has-text("Nobody online")').click();
await look.locator('support-chat').evaluate((el) => el.shadowRoot.querySelector('.intro').scrollIntoView());
await shot('admin-site-appearance-away.png');
await sites.locator('nav button:has-text("Business hours")').click();
const hours = sites.locator('sc-business-hours');
await hours.locator('input[name=enabled]').check();
await hours.locator('select[name=timeZone]').selectOption('Europe/Berlin');
await hours.locator('input[aria-label="Friday to"]').fill('15:00');
for (const [date, name] of [
  ['2026-12-24', 'Christmas Eve'],
  ['2026-12-25', 'Christmas Day'],
  ['2027-01-01', "New Year's Day"],
]) {
  await hours.locator('input[name=holidayDate]').fill(date);
  await hours.locator('input[name=holidayName]').fill(name);
  await hours.locator('button:has-text("Add day off")').click();
}
await hours.locator('button:has-text("Save business hours")').click();
await setup.locator('.toast', { hasText: 'Business hours saved' }).waitFor();
await shot('admin-site-hours.png');
await sites.locator('nav button:has-text("Identity verification")').click();
await sites.locator('sc-site-identity button:has-text("Rotate secret")').click();
await sites.locator('sc-site-identity button:has-text("Make a new secret")').click();
await sites.locator('sc-site-identity code.secret').waitFor();
await shot('admin-site-identity.png');

// Every other screen at tablet width too.
await p.setViewportSize({ width: 768, height: 900 });
for (const [section, name] of [
  ['Install', 'admin-site-install-tablet.png'],
  ['Appearance', 'admin-site-appearance-tablet.png'],
  ['Business hours', 'admin-site-hours-tablet.png'],
  ['Identity verification', 'admin-site-identity-tablet.png'],
]) {
  await sites.locator(`nav button:has-text("${section}")`).click();
  await shot(name);
}
for (const [tab, ready, name] of [
  ['Canned responses', 'canned-responses tbody tr', 'admin-canned-tablet.png'],
  ['SLA', 'sc-sla-settings form', 'admin-sla-tablet.png'],
  ['API keys', 'sc-api-keys table', 'admin-api-keys-tablet.png'],
  ['Audit log', 'table[aria-label="Audit log"]', 'admin-audit-tablet.png'],
]) {
  await setup.locator(`[role=tab]:has-text("${tab}")`).click();
  await setup.locator(ready).first().waitFor();
  await shot(name);
}
await setup.locator('[role=tab]:has-text("Sites & widget")').click();
await p.setViewportSize({ width: 1280, height: 800 });

await p.click('agent-console sc-console-header button.me');
await p.locator('sc-account-dialog dialog[open]').waitFor();
await p.uncheck('sc-account-dialog input[name=notify-sound]');
await p.screenshot({ path: out('console-account.png') });
await p.keyboard.press('Escape');

await setup.locator('[role=tab]:has-text("Audit log")').click();
await setup.locator('table[aria-label="Audit log"]').waitFor();
await shot('admin-audit.png');
await browser.close();
console.log('admin screenshots written to docs/');
