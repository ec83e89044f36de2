import { buildApp } from './src/app.js';
import { loadConfig } from './src/config.js';
import * as rep from './src/modules/analytics/reports.js';
import { chatAnalytics } from './src/modules/analytics/service.js';
const app = await buildApp(
  loadConfig({ ...process.env, DATABASE_URL: process.env.DB, LOG_LEVEL: 'warn', ANALYTICS_ROLLUP_MINUTES: '1440' }),
);
const deps = app.supportChat.deps as any;
const d0 = new Date();
const r = { from: new Date(Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate() - 89)), to: d0 };
const t = async (name: string, f: () => Promise<unknown>) => {
  const s = performance.now();
  await f();
  const ms = performance.now() - s;
  console.log(name, ms.toFixed(0), 'ms');
};
for (let i = 0; i < 3; i++) {
  await t('issues', () => rep.issuesReport(deps, r, {}));
  await t('seed', () => chatAnalytics(deps, { from: r.from.toISOString(), to: r.to.toISOString() }, {}));
  await t('overview', () => rep.overviewReport(deps, r, {}));
  await t('agents', () => rep.agentsReport(deps, r, {}));
}
await app.close();
