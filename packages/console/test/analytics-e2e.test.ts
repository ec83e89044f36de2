// Reports, end to end: the compiled server on a fresh embedded database filled by the history generator (what
// docs/analytics.md tells a user to run), a support lead walking every report tab in Chromium (axe-core clean on
// each), the figures on screen equal to the API's, a table sorted by a click, a chart's numbers as a table, a CSV
// download, a breached ticket opened on the ticket board, and an agent who sees only their own figures.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
const ADMIN = { email: 'admin@example.com', password: 'admin-password-1' };

describe.skipIf(!hasChromium)('Reports in the console', () => {
  let server: CompiledServer;
  let child: ChildProcess;
  let dataDir: string;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    // What `npm start` runs, built fresh from the sources under test.
    server = buildCompiledServer('analytics-e2e');
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'sc-analytics-e2e-'));
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'warn', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };
    const clean = { ...process.env };
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'ALLOWED_ORIGINS']) delete clean[k];
    const history = server.file.replace(/\.js$/, '-history.js');
    const g = spawnSync(process.execPath, [history, '--conversations', '600', '--days', '21', '--agents', '6'], {
      cwd: path.resolve(path.dirname(server.file), '..'),
      env: { ...clean, ...env },
      encoding: 'utf8',
    });
    expect(g.status, g.stderr).toBe(0);
    expect(JSON.parse(g.stdout)).toMatchObject({ conversations: 600, rolledUpDays: 20 });
    ({ child, base } = await server.start(env));
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (child) await server.stop(child);
    rmSync(dataDir, { recursive: true, force: true });
    server?.remove();
  });

  async function openReports(email: string, password: string, viewport = { width: 1280, height: 1000 }) {
    const p = await isolatedPage(browser, { viewport, bypassCSP: true });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${base}/console`);
    await p.fill('console-login input[name=email]', email);
    await p.fill('console-login input[name=password]', password);
    await p.click('console-login button[type=submit]');
    await p.click('agent-console header nav button:has-text("Reports")');
    const reports = p.locator('agent-console support-analytics');
    await reports.locator('.live .tile').first().waitFor();
    await reports.locator('sc-chart canvas').first().waitFor();
    return { p, reports, errors };
  }

  /** What the element asked the API for, asked again from the page (same cookie, same range). */
  const api = (p: Page, report: string) =>
    p.evaluate(async (name) => {
      const el = document
        .querySelector('support-console')!
        .shadowRoot!.querySelector('agent-console')!
        .shadowRoot!.querySelector('support-analytics') as unknown as { data: { query(): Record<string, string> } };
      const q = new URLSearchParams(Object.entries(el.data.query()).filter(([, v]) => v !== undefined));
      const res = await fetch(`/api/analytics/${name}?${q}`);
      return res.json();
    }, report);

  const clean = async (p: Page, label: string) => expect(await axeViolations(p, axePath), label).toEqual([]);
  const tile = (reports: ReturnType<Page['locator']>, label: string) =>
    reports.locator('.tile', { has: reports.page().locator(`.label:text-is("${label}")`) }).locator('.value');

  it('a support lead reads every report, sorts, downloads, and follows a breached ticket', async () => {
    const { p, reports, errors } = await openReports(ADMIN.email, ADMIN.password);
    // Last 7 days by default; the tiles say what the API says.
    const overview = await api(p, 'overview');
    expect(await tile(reports, 'Conversations').textContent()).toBe(String(overview.summary.conversations));
    expect(overview.summary.conversations).toBeGreaterThan(100);
    expect(await tile(reports, 'CSAT').textContent()).toBe(overview.summary.csat.average.toFixed(2));
    const live = (await p.evaluate(() => fetch('/api/analytics/live').then((r) => r.json()))).live;
    expect(await tile(reports, 'Chats going on').textContent()).toBe(String(live.activeChats));
    // A chart's numbers, as a table: one row per day of the range.
    const firstChart = reports.locator('sc-chart').first();
    await firstChart.locator('summary').click();
    await expect.poll(() => firstChart.locator('tbody tr').count()).toBe(overview.series.length);
    await clean(p, 'overview');

    // Thirty days: the range moves every figure.
    await reports.locator('label:has-text("Range") select').selectOption('30d');
    await expect
      .poll(async () => tile(reports, 'Conversations').textContent())
      .toBe(String((await api(p, 'overview')).summary.conversations));

    // Agents: sorted by chats, then by CSAT with a click on its header.
    await reports.locator('[role=tab]:has-text("Agents")').click();
    const table = reports.locator('sc-data-table');
    await table.locator('tbody tr').first().waitFor();
    const agents = (await api(p, 'agents')).agents as { name: string; summary: { csat: { average: number | null } } }[];
    expect(await table.locator('tbody tr').count()).toBe(agents.length);
    await table.locator('th button:has-text("CSAT")').click();
    expect(await table.locator('th[aria-sort=descending]').textContent()).toContain('CSAT');
    const best = [...agents].sort((a, b) => (b.summary.csat.average ?? -1) - (a.summary.csat.average ?? -1))[0]!;
    expect(await table.locator('tbody tr').first().locator('td').first().textContent()).toContain(best.name);
    // Its CSV, with the session cookie.
    const href = await reports.locator('a.csv').getAttribute('href');
    const csv = await p.evaluate(
      (u) => fetch(u!).then(async (r) => [r.headers.get('content-type'), await r.text()]),
      href,
    );
    expect(csv[0]).toBe('text/csv; charset=utf-8');
    expect(csv[1]!.split('\r\n')[0]).toMatch(/^agent,team,status,conversations,/);
    expect(csv[1]!.split('\r\n').filter(Boolean)).toHaveLength(agents.length + 1);
    await clean(p, 'agents');

    await reports.locator('[role=tab]:has-text("Teams")').click();
    await table.locator('tbody tr').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe((await api(p, 'teams')).teams.length);
    await clean(p, 'teams');

    await reports.locator('[role=tab]:has-text("Busiest hours")').click();
    await reports.locator('.heat tbody tr').first().waitFor();
    expect(await reports.locator('.heat tbody tr').count()).toBe(7);
    const heat = await api(p, 'heatmap');
    const monday9 = heat.days[0].hours[9];
    expect(await reports.locator('.heat tbody tr').first().locator('td').nth(9).textContent()).toBe(
      monday9 ? String(monday9) : '',
    );
    await clean(p, 'heatmap');

    await reports.locator('[role=tab]:has-text("Common issues")').click();
    await reports.locator('.issues ol').first().waitFor();
    const issues = await api(p, 'issues');
    expect(await reports.locator('.issues .block').nth(0).locator('li').first().textContent()).toContain(
      issues.tags[0].name,
    );
    await clean(p, 'issues');

    await reports.locator('[role=tab]:has-text("Satisfaction")').click();
    await reports.locator('.comments li').first().waitFor();
    await clean(p, 'satisfaction');

    await reports.locator('[role=tab]:has-text("SLA")').click();
    await reports.locator('sc-chart canvas').first().waitFor();
    await clean(p, 'sla');
    const sla = await api(p, 'sla');
    expect(await tile(reports, 'Breached').textContent()).toBe(String(sla.total.breached));
    expect(sla.breachedTickets.length).toBeGreaterThan(0);
    // A breached ticket opens on the ticket board.
    const first = sla.breachedTickets[0];
    await reports.locator('button.linkish', { hasText: first.subject }).first().click();
    const board = p.locator('agent-console ticket-board');
    await expect.poll(() => board.locator('.detail .subject').textContent()).toBe(first.subject);
    expect(errors).toEqual([]);
    await p.close();
  });

  it('an agent sees only their own figures, without the team and agent filters', async () => {
    const { p, reports, errors } = await openReports('agent1@example.com', 'demo-password-1', {
      width: 390,
      height: 844,
    });
    expect(await reports.locator('[role=tab]:has-text("Teams")').count()).toBe(0);
    expect(await reports.locator('label:has-text("Agent") select').count()).toBe(0);
    expect(await reports.locator('.top .note').textContent()).toContain('Your own figures');
    const own = await api(p, 'overview');
    expect(await tile(reports, 'Conversations').textContent()).toBe(String(own.summary.conversations));
    // The server scopes every report to the agent: the agents table is their row alone, with the same count.
    const rows = (await api(p, 'agents')).agents;
    expect(rows).toHaveLength(1);
    expect(rows[0].summary.conversations).toBe(own.summary.conversations);
    expect(own.summary.conversations).toBeGreaterThan(0);
    // The phone width holds the page: nothing wider than the screen.
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await clean(p, 'agent overview on a phone');
    expect(errors).toEqual([]);
    await p.close();
  });
});
