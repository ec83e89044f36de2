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
await p.screenshot({ path: out('admin-routing.png') });
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
  await p.screenshot({ path: out(`admin-agents${suffix}.png`) });
  await setup.locator('[role=tab]:has-text("Teams")').click();
  await p.screenshot({ path: out(`admin-teams${suffix}.png`) });
  await setup.locator('[role=tab]:has-text("Routing")').click();
  await p.screenshot({ path: out(`admin-routing${suffix}.png`) });
}
await p.setViewportSize({ width: 1280, height: 800 });
await setup.locator('[role=tab]:has-text("Teams")').click();
await setup.locator('tbody tr', { hasText: 'Front desk' }).locator('button:has-text("Delete")').click();
await p.locator('sc-confirm-dialog dialog', { hasText: 'Delete Front desk?' }).waitFor();
await p.screenshot({ path: out('admin-delete-team.png') });
await p.click('sc-confirm-dialog button:has-text("Cancel")');
await setup.locator('[role=tab]:has-text("SLA")').click();
await p.fill('sc-sla-settings input[name=high]', '6');
await p.click('sc-sla-settings button[type=submit]');
await setup.locator('.toast', { hasText: 'SLA policy saved' }).waitFor();
await p.screenshot({ path: out('admin-sla.png') });
await setup.locator('[role=tab]:has-text("API keys")').click();
await p.fill('sc-api-keys input[name=name]', 'CRM sync');
await p.click('sc-api-keys button[type=submit]');
await setup.locator('sc-api-keys .once code.secret').waitFor();
await p.screenshot({ path: out('admin-api-keys.png') });
await setup.locator('[role=tab]:has-text("Audit log")').click();
await setup.locator('table[aria-label="Audit log"]').waitFor();
await p.screenshot({ path: out('admin-audit.png') });
await browser.close();
console.log('admin screenshots written to docs/');
