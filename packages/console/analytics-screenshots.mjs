// The screenshots in docs/analytics.md: Reports over a generated history, at a desktop (1280 px) and a phone
// (390 px) width. A fresh install with 90 days of history:
//   DATA_DIR=$(mktemp -d) ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=admin-password-1 \
//     node packages/server/dist/history.js --conversations 6000 --days 90
//   DATA_DIR=<same> PORT=3917 npm start
//   node packages/console/analytics-screenshots.mjs
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

const base = process.env.BASE_URL ?? 'http://localhost:3917';
const out = (name) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });

async function signIn(viewport, email, password) {
  const p = await browser.newPage({ viewport });
  p.on('pageerror', (e) => console.error('page error:', e.message));
  p.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await p.goto(`${base}/console`);
  await p.fill('console-login input[name=email]', email);
  await p.fill('console-login input[name=password]', password);
  await p.click('console-login button[type=submit]');
  await p.click('agent-console header nav button:has-text("Reports")');
  const reports = p.locator('agent-console support-analytics');
  await reports.locator('.tiles').first().waitFor();
  return { p, reports };
}

async function tab(reports, name, ready) {
  await reports.locator(`[role=tab]:has-text("${name}")`).click();
  await reports.locator(ready).first().waitFor();
  await reports.page().waitForTimeout(300); // charts draw on the next frame
}

// The console scrolls inside its views, so the windows are tall enough for each screen to show whole.
const shot = async (p, name) => p.screenshot({ path: out(name) });

const admin = await signIn({ width: 1280, height: 1400 }, 'admin@example.com', 'admin-password-1');
await admin.reports.locator('select').first().selectOption('30d');
await admin.reports.locator('sc-chart canvas').first().waitFor();
await admin.p.waitForTimeout(500);
await shot(admin.p, 'analytics-overview.png');
await tab(admin.reports, 'Agents', 'sc-data-table');
await shot(admin.p, 'analytics-agents.png');
await tab(admin.reports, 'Teams', 'sc-data-table');
await shot(admin.p, 'analytics-teams.png');
await tab(admin.reports, 'SLA', 'sc-chart canvas');
await shot(admin.p, 'analytics-sla.png');
await tab(admin.reports, 'Busiest hours', '.heat table');
await shot(admin.p, 'analytics-heatmap.png');
await tab(admin.reports, 'Common issues', '.issues');
await shot(admin.p, 'analytics-issues.png');
await tab(admin.reports, 'Satisfaction', 'sc-chart canvas');
await shot(admin.p, 'analytics-csat.png');

const phone = await signIn({ width: 390, height: 2900 }, 'admin@example.com', 'admin-password-1');
await phone.reports.locator('sc-chart canvas').first().waitFor();
await phone.p.waitForTimeout(500);
await shot(phone.p, 'analytics-overview-phone.png');

const agent = await signIn({ width: 1280, height: 900 }, 'agent1@example.com', 'demo-password-1');
await agent.reports.locator('sc-chart canvas').first().waitFor();
await agent.p.waitForTimeout(500);
await shot(agent.p, 'analytics-agent-own.png');
await browser.close();
