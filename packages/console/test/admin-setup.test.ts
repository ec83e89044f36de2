// The admin console's promise, end to end: a support lead starts the product as `npm start` does (the compiled
// server on a fresh embedded database, the first admin's generated password in the file it writes) and, in the
// console alone, creates a team and an agent with a skill and a limit, adds a routing rule, allows a second origin,
// changes the widget's colour and sets business hours. A customer on a page served from that second origin meets
// those hours, then starts a chat that the rule routes to the new agent, who signs in with the handed-over
// password and answers. axe-core checks every new screen on the way.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  axeViolations,
  buildCompiledServer,
  hasChromium,
  isolatedPage,
  launchChromium,
  type CompiledServer,
} from '@support-chat/server/testing';

const axePath = fileURLToPath(import.meta.resolve('axe-core/axe.min.js'));

/** The second origin: the customer's own website, where the site owner pasted the snippet the admin copied. */
function customerSite(page: () => string) {
  const server = createServer((req, res) => {
    res.writeHead(req.url?.startsWith('/pricing') ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme pricing</title></head>
      <body><h1>Acme pricing</h1><p>Plans and prices.</p>${page()}</body></html>`);
  });
  return new Promise<Server>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(!hasChromium)('an admin sets the product up in the console alone', () => {
  let server: CompiledServer;
  let child: ChildProcess;
  let dataDir: string;
  let base: string;
  let site: Server;
  let siteOrigin: string;
  let snippet = '';
  let browser: Browser;

  beforeAll(async () => {
    // What `npm start` runs, built fresh from the sources under test.
    server = buildCompiledServer('admin-e2e');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-admin-e2e-'));
    // Nothing configured but where to listen: no ADMIN_PASSWORD, no ALLOWED_ORIGINS, no database URL.
    ({ child, base } = await server.start({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }));
    site = await customerSite(() => snippet);
    siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    site?.close();
    if (child) await server.stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    server?.remove();
  });

  async function page(viewport = { width: 1280, height: 900 }) {
    // bypassCSP only so axe-core can be injected; the console's own scripts are what they always are.
    const p = await isolatedPage(browser, { viewport, bypassCSP: true });
    p.on('pageerror', (e) => console.error('page error:', e.message));
    return p;
  }

  async function signIn(p: Page, email: string, password: string) {
    await p.goto(`${base}/console`);
    await p.fill('console-login input[name=email]', email);
    await p.fill('console-login input[name=password]', password);
    await p.click('console-login button[type=submit]');
    await p.locator('agent-console sc-console-header').waitFor();
  }

  const clean = async (p: Page, label: string) => expect(await axeViolations(p, axePath), label).toEqual([]);

  it('team, agent, rule, origin, colour and business hours from the UI; the customer is routed and answered', async () => {
    // Midnight UTC would move "today" under the test's feet: wait it out.
    const untilMidnight = 86_400_000 - (Date.now() % 86_400_000);
    if (untilMidnight < 180_000) await new Promise((r) => setTimeout(r, untilMidnight + 5_000));

    const lead = await page();
    const password = readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8').trim();
    await signIn(lead, 'admin@example.com', password);
    await lead.click('agent-console header nav button:has-text("Team setup")');
    const setup = lead.locator('agent-console agent-management');
    const toast = (text: string) => setup.locator('.toast', { hasText: text }).waitFor();

    // A team, and an agent in it with a skill and a limit; the password to hand over is shown once.
    await setup.locator('[role=tab]:has-text("Teams")').click();
    await setup.locator('button:has-text("Add team")').click();
    await lead.fill('sc-team-dialog input[name=name]', 'Billing');
    await lead.click('sc-team-dialog button[type=submit]');
    await setup.locator('tbody tr', { hasText: 'Billing' }).waitFor();
    await setup.locator('[role=tab]:has-text("Agents")').click();
    await setup.locator('button:has-text("Add agent")').click();
    await lead.fill('sc-agent-dialog input[name=name]', 'Bea Billing');
    await lead.fill('sc-agent-dialog input[name=email]', 'bea@example.com');
    await lead.check('sc-agent-dialog fieldset label:has-text("Billing") input');
    await lead.fill('sc-agent-dialog input[name=skills]', 'invoices');
    await lead.fill('sc-agent-dialog input[name=maxConcurrentChats]', '2');
    await lead.click('sc-agent-dialog button[type=submit]');
    const handed = (await lead.locator('sc-agent-dialog code.secret').textContent())!.trim();
    await lead.click('sc-agent-dialog button:has-text("Done")');
    const bea = setup.locator('tbody tr', { hasText: 'Bea Billing' });
    await expect.poll(() => bea.locator('.load').textContent()).toContain('0 / 2');

    // A rule: chats that start on a pricing page go to Billing, for an agent who knows invoices.
    await setup.locator('[role=tab]:has-text("Routing")').click();
    await setup.locator('button:has-text("Add rule")').click();
    await lead.fill('sc-rule-dialog input[name=name]', 'Pricing pages');
    await lead.fill('sc-rule-dialog input[name=pageUrlContains]', '/pricing');
    await lead.selectOption('sc-rule-dialog select[name=teamId]', { label: 'Billing' });
    await lead.fill('sc-rule-dialog input[name=requiredSkills]', 'invoices');
    await lead.click('sc-rule-dialog button[type=submit]');
    await setup.locator('sc-routing-rules li', { hasText: 'Pricing pages' }).waitFor();

    // A reply for the Billing team's picker: a shortcut with spaces first (the server's reason under the field).
    await setup.locator('[role=tab]:has-text("Canned responses")').click();
    await setup.locator('canned-responses .empty').waitFor();
    await clean(lead, 'canned responses: empty');
    await setup.locator('button:has-text("New response")').click();
    const form = lead.locator('sc-canned-dialog');
    await form.locator('input[name=title]').fill('Invoices on every plan');
    await form.locator('input[name=shortcut]').fill('plans and invoices');
    await form.locator('input[name=category]').fill('Billing');
    await form.locator('textarea[name=content]').fill('Hi {{customer.firstName|there}}, every plan includes invoices.');
    await form.locator('input[value=team]').check();
    await form.locator('select[name=teamId]').selectOption({ label: 'Billing' });
    await clean(lead, 'canned responses: the form');
    await form.locator('button[type=submit]').click();
    await form.locator('#err-shortcut', { hasText: 'letters, digits, - and _' }).waitFor();
    await form.locator('input[name=shortcut]').fill('invoices');
    await form.locator('button[type=submit]').click();
    await setup
      .locator('canned-responses tbody tr', { hasText: 'Invoices on every plan' })
      .locator('td', { hasText: 'Team Billing' })
      .waitFor();
    await clean(lead, 'canned responses: the list');

    // Sites & widget → Install: the snippet the site owner pastes, and the customer's site as a second origin.
    await setup.locator('[role=tab]:has-text("Sites & widget")').click();
    const sites = setup.locator('sc-sites');
    const install = sites.locator('sc-site-install');
    snippet = (await install.locator('pre[aria-label="Script tag"]').textContent())!;
    expect(snippet).toMatch(
      new RegExp(`^<script src="${base}/widget\\.js" data-site-key="site_[\\w-]+" async></script>$`),
    );
    await clean(lead, 'sites: install');
    // A mistake first: the reason shows under the field, and nothing is saved.
    await install.locator('input[name=origin]').fill(`${siteOrigin.replace('http://', '')}/pricing`);
    await install.locator('button:has-text("Allow")').click();
    await install.locator('#origin-err', { hasText: 'must be an origin such as https://www.example.com' }).waitFor();
    await install.locator('input[name=origin]').fill(`${siteOrigin}/`);
    await install.locator('button:has-text("Allow")').click();
    await install.locator('ul[aria-label="Allowed origins"] code', { hasText: siteOrigin }).waitFor();
    await toast(`${siteOrigin} may now use the widget`);

    // Appearance: a new colour, checked in the live preview before it is saved.
    await sites.locator('nav button:has-text("Appearance")').click();
    const look = sites.locator('sc-site-appearance');
    await look.locator('input[name=accentText]').fill('#0f766e');
    await look.locator('input[name=launcherText]').fill('Questions? Chat with us');
    // A proactive message: a page pattern that is not a path is refused under its field, then fixed.
    await look.locator('button:has-text("Add a proactive message")').click();
    const trigger = look.locator('.trigger').first();
    await trigger.locator('input[name=urlPattern]').fill('pricing');
    await trigger.locator('input[name=delaySeconds]').fill('5');
    await trigger.locator('input[name=message]').fill('Need a hand with your order?');
    await look.locator('button:has-text("Save widget")').click();
    await trigger.locator('.field-error', { hasText: 'must be a path' }).waitFor();
    await trigger.locator('input[name=urlPattern]').fill('/demo*');
    const preview = look.locator('support-chat');
    await expect
      .poll(() => preview.evaluate((el) => getComputedStyle(el).getPropertyValue('--sc-accent')))
      .toBe('#0f766e');
    await clean(lead, 'sites: appearance');
    await look.locator('button:has-text("Save widget")').click();
    await toast('Widget saved');

    // Business hours: every day, all day, in UTC — and today is a day off, for now.
    await sites.locator('nav button:has-text("Business hours")').click();
    const hours = sites.locator('sc-business-hours');
    await hours.locator('input[name=enabled]').check();
    await hours.locator('select[name=timeZone]').selectOption('UTC');
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
      const open = hours.locator('table tr', { hasText: day }).locator('input[type=checkbox]');
      if (!(await open.isChecked())) await open.check();
      await hours.locator(`input[aria-label="${day} from"]`).fill('00:00');
      await hours.locator(`input[aria-label="${day} to"]`).fill('23:59');
    }
    const today = new Date().toISOString().slice(0, 10);
    await hours.locator('input[name=holidayDate]').fill(today);
    await hours.locator('input[name=holidayName]').fill('Team offsite');
    await hours.locator('button:has-text("Add day off")').click();
    await clean(lead, 'sites: business hours');
    await hours.locator('button:has-text("Save business hours")').click();
    await toast('Business hours saved');
    await hours.locator('.now', { hasText: 'away' }).waitFor();

    // Bea signs in with what the lead handed over, and goes online.
    const agent = await page();
    await signIn(agent, 'bea@example.com', handed);
    await agent.selectOption('agent-console select[aria-label="Your status"]', 'online');
    await setup.locator('[role=tab]:has-text("Agents")').click();
    await expect.poll(() => bea.locator('select').inputValue()).toBe('online');

    // The customer's page, on the second origin: the launcher in the new colour; opened, the team is away today.
    let customer = await page({ width: 1024, height: 800 });
    await customer.goto(`${siteOrigin}/pricing`);
    const launcher = customer.locator('button[aria-label="Open chat"]');
    // Whichever launcher shows (the loader's, or the widget's once it has loaded on idle), it has the new look.
    await expect.poll(() => launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(15, 118, 110)');
    await expect.poll(() => launcher.textContent()).toContain('Questions? Chat with us');
    await launcher.click();
    await customer.locator('support-chat header .sub', { hasText: 'Back' }).waitFor();
    await customer.locator('support-chat form.intro textarea[name=message]').waitFor();

    // The day off is taken back: within business hours again.
    await setup.locator('[role=tab]:has-text("Sites & widget")').click();
    await sites.locator('nav button:has-text("Business hours")').click();
    await hours.locator(`button[aria-label="Remove ${today}"]`).click();
    await hours.locator('button:has-text("Save business hours")').click();
    await hours.locator('.now', { hasText: 'within business hours' }).waitFor();

    // A customer who comes now (availability may be cached by a browser for 5 s: this is a new visit) starts a
    // chat that meets the rule and lands with Bea, who answers.
    await customer.close();
    customer = await page({ width: 1024, height: 800 });
    await customer.goto(`${siteOrigin}/pricing`);
    await customer.locator('button[aria-label="Open chat"]').click();
    await customer.fill('support-chat input[name=name]', 'Cleo Customer');
    await customer.fill('support-chat input[name=email]', 'cleo@example.com');
    await customer.click('support-chat form.intro button[type=submit]');
    await customer.fill('support-chat textarea', 'Which plan includes invoices?');
    await customer.press('support-chat textarea', 'Enter');
    const chat = agent.locator('agent-console sc-chat-lists li', { hasText: 'Cleo Customer' });
    await chat.waitFor({ timeout: 15_000 });
    await chat.locator('button.item').click();
    // Her team's reply, by its shortcut, filled in for Cleo.
    const composer = agent.locator('agent-console sc-composer textarea');
    await composer.pressSequentially('/invo');
    await agent.locator('agent-console sc-composer [role=option]', { hasText: 'Invoices on every plan' }).waitFor();
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('Hi Cleo, every plan includes invoices.');
    await composer.press('Enter');
    await customer.locator('support-chat li.agent', { hasText: 'Hi Cleo, every plan includes invoices.' }).waitFor();
    await customer.locator('support-chat header strong', { hasText: 'Bea Billing' }).waitFor();
    await setup.locator('[role=tab]:has-text("Agents")').click();
    await expect.poll(() => bea.locator('.load').textContent()).toContain('1 / 2');

    // The rule decided it, on the site whose settings the lead changed; every change is in the audit log.
    const api = async (url: string) => {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.com', password }),
      });
      const { token } = (await login.json()) as { token: string };
      return (await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
    };
    const withTrigger = ((await api('/api/sites')).sites as { widget: { proactive: unknown[] } }[]).flatMap(
      (x) => x.widget.proactive,
    );
    expect(withTrigger).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        urlPattern: '/demo*',
        delaySeconds: 5,
        message: 'Need a hand with your order?',
      },
    ]);
    const [rule] = (await api('/api/routing-rules')).rules;
    const [conversation] = (await api('/api/chat?limit=5')).conversations;
    expect(conversation).toMatchObject({
      customerName: 'Cleo Customer',
      agentName: 'Bea Billing',
      routingRuleId: rule.id,
      metadata: { pageUrl: `${siteOrigin}/pricing` },
    });
    const [defaultSite] = (await api('/api/sites')).sites;
    expect(defaultSite.allowedOrigins).toContain(siteOrigin);
    expect(defaultSite.widget).toMatchObject({ accentColor: '#0f766e', launcherText: 'Questions? Chat with us' });
    expect(defaultSite.businessHours).toMatchObject({ enabled: true, timeZone: 'UTC', holidays: [] });
    await setup.locator('[role=tab]:has-text("Audit log")').click();
    await setup.locator('td code', { hasText: 'site.update' }).first().waitFor();
    await clean(lead, 'audit log');

    // Every other screen and form of Team setup passes axe-core too.
    await setup.locator('[role=tab]:has-text("Agents")').click();
    await expect.poll(() => bea.locator('.today').textContent()).toContain('1 chat');
    await clean(lead, 'agents, with today');
    await setup.locator('[role=tab]:has-text("Teams")').click();
    await setup.locator('button[aria-label="Edit Billing"]').click();
    await lead.locator('sc-team-dialog dialog[open]').waitFor();
    await clean(lead, 'the team form');
    await lead.keyboard.press('Escape');
    await setup.locator('[role=tab]:has-text("SLA")').click();
    await setup.locator('sc-sla-settings input[name=pauseWhileWaiting]').waitFor();
    await clean(lead, 'SLA');
    await setup.locator('[role=tab]:has-text("API keys")').click();
    await setup.locator('sc-api-keys select[name=scope]').waitFor();
    await clean(lead, 'API keys');
    await setup.locator('[role=tab]:has-text("Sites & widget")').click();
    await sites.locator('nav button:has-text("Identity verification")').click();
    await sites.locator('sc-site-identity pre').first().waitFor();
    await clean(lead, 'sites: identity verification');
    await sites.locator('button:has-text("Add site")').click();
    await lead.locator('sc-site-dialog dialog[open]').waitFor();
    await clean(lead, 'add a site');
    await lead.keyboard.press('Escape');
    await lead.click('agent-console sc-console-header button.me');
    await lead.locator('sc-account-dialog input[name=notify-sound]').waitFor();
    await clean(lead, 'my account');
    await lead.keyboard.press('Escape');
    for (const p of [customer, agent, lead]) await p.close();
  }, 180_000);
});
