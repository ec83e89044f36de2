// The screenshots in docs/integrations.md, taken through the UI against a server started fresh for them, with a local
// CRM (the documented contract), a webhook receiver and an SMTP sink that this script runs itself:
//   node packages/console/integrations-screenshots.mjs --serve        (terminal 1: the local CRM, receiver and SMTP)
//   DATA_DIR=$(mktemp -d) PORT=3917 ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-1 \
//     SMTP_HOST=127.0.0.1 SMTP_PORT=3933 SMTP_FROM=help@acme.example INBOUND_SMTP_PORT=2525 \
//     INBOUND_EMAIL_DOMAIN=mail.acme.example CRM_API_URL=http://127.0.0.1:3931 CRM_API_KEY=demo npm start   (terminal 2)
//   node packages/console/integrations-screenshots.mjs                (terminal 3)
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

if (process.argv.includes('--serve')) {
  // The SMTP sink is the server package's own dependency (the console has none of its own).
  const { SMTPServer } = createRequire(new URL('../server/package.json', import.meta.url))('smtp-server');
  createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method === 'GET' && req.url.startsWith('/customers/')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            customer: {
              company: 'Northwind Traders',
              plan: 'Business (annual)',
              lifetimeValue: '€ 18,420',
              accountManager: 'Priya Shah',
            },
            orders: [
              { id: 'NW-10428', date: '2026-11-28', total: '€ 1,290.00', status: 'shipped' },
              { id: 'NW-10391', date: '2026-10-02', total: '€ 480.00', status: 'delivered' },
            ],
            timeline: [
              { at: '2026-11-28T09:12:00Z', text: 'Order NW-10428 placed' },
              { at: '2026-09-14T15:40:00Z', text: 'Upgraded from Team to Business' },
            ],
          }),
        );
      }
      res.writeHead(req.method === 'POST' ? 201 : 404, { 'content-type': 'application/json' });
      res.end('{}');
    });
  }).listen(3931, '127.0.0.1');
  let n = 0;
  createServer((req, res) => {
    req.resume();
    // Every third delivery fails, so the log shows retries.
    res.writeHead(++n % 3 === 0 ? 503 : 200).end(n % 3 === 0 ? 'busy' : 'ok');
  }).listen(3932, '127.0.0.1');
  new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (s, _x, cb) => s.resume().on('end', () => cb()),
  }).listen(3933, '127.0.0.1');
  console.log('CRM on :3931, webhook receiver on :3932, SMTP sink on :3933');
} else {
  const base = process.env.BASE_URL ?? 'http://localhost:3917';
  const out = (name) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
  const api = async (token, method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const admin = (
    await api(null, 'POST', '/api/auth/login', { email: 'admin@example.com', password: 'admin-password-1' })
  ).token;
  // A conversation worth looking at: a customer with an address, answered, and one resolved earlier (synced).
  const v = await api(null, 'POST', '/api/chat/start', {
    customerName: 'Maya Lindqvist',
    customerEmail: 'maya@northwind.example',
    customerId: 'nw-4471',
    message: 'Hi! Order NW-10428 says shipped but the tracking link is dead.',
  });
  const me = await api(admin, 'GET', '/api/auth/me');
  await api(admin, 'PUT', `/api/chat/${v.conversation.id}`, { agentId: me.agent.id });
  await api(admin, 'POST', `/api/chat/${v.conversation.id}/message`, {
    content: 'Sorry about that, Maya — let me check with the carrier.',
  });

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  for (const colorScheme of ['light', 'dark']) {
    const suffix = colorScheme === 'dark' ? '-dark' : '';
    const p = await browser.newPage({ viewport: { width: 1280, height: 1300 }, colorScheme });
    p.on('pageerror', (e) => console.error('page error:', e.message));
    await p.goto(`${base}/console`);
    await p.fill('console-login input[name=email]', 'admin@example.com');
    await p.fill('console-login input[name=password]', 'admin-password-1');
    await p.click('console-login button[type=submit]');
    await p.click('agent-console header nav button:has-text("Team setup")');
    const setup = p.locator('agent-console agent-management');
    await setup.locator('[role=tab]:has-text("Integrations")').click();
    const page = setup.locator('sc-integrations');
    await page.locator('#setup-h').waitFor();
    if (!suffix) {
      await page.locator('button:has-text("Add webhook")').click();
      await p.fill('sc-webhook-dialog input[name=url]', 'http://127.0.0.1:3932/hooks/support');
      await p.fill('sc-webhook-dialog input[name=description]', 'Ops dashboard');
      await p.check('sc-webhook-dialog input[value="ticket.created"]');
      await p.check('sc-webhook-dialog input[value="sla.breach"]');
      await p.screenshot({ path: out('integrations-webhook-form.png') });
      await p.click('sc-webhook-dialog button[type=submit]');
      await page.locator('.once').waitFor();
      await page.locator('details summary').click();
      // Loopback receivers are refused until allowed (this one is on the same machine).
      await page.locator('label:has-text("private and loopback") input').check();
      await page.locator('button:has-text("Send test")').click();
      await p.waitForTimeout(2500);
      for (let i = 0; i < 3; i++)
        await api(null, 'POST', '/api/chat/start', { message: `Question ${i + 1} about my invoice` });
      await p.waitForTimeout(12_000); // the dispatcher's sweep (NOTIFY_SWEEP_SECONDS) sends them
      await page.locator('button:has-text("Refresh")').click();
      await p.waitForTimeout(500);
    }
    await setup.evaluate((el) => el.scrollTo(0, 0));
    await p.screenshot({ path: out(`integrations${suffix}.png`) });
    await p.setViewportSize({ width: 390, height: 2200 });
    await p.waitForTimeout(300);
    await p.screenshot({ path: out(`integrations-phone${suffix}.png`) });
    await p.setViewportSize({ width: 1280, height: 900 });
    // The customer panel with the CRM's context.
    await p
      .click('agent-console header nav button:has-text("Inbox")')
      .catch(() => p.click('agent-console header nav button >> nth=0'));
    await p.locator('agent-console sc-chat-lists li', { hasText: 'Maya' }).first().click();
    await p.locator('agent-console sc-customer-panel .crm').waitFor();
    await p.waitForTimeout(300);
    await p.screenshot({ path: out(`integrations-crm-panel${suffix}.png`) });
    await p.close();
  }
  await browser.close();
}
