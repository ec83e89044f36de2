// The analytics benchmark: a generated history (the same generator as the demos: packages/server/src/tools) on
// PostgreSQL and on PGlite, then every report for the last 90 days and the live overview, timed from the client
// (HTTP, warm, the median and the slowest of several runs). On PostgreSQL it also prints the plans of the queries a
// report runs, so the docs can show what the indexes do.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProcess } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const serverDir = path.join(root, 'packages/server');
const ADMIN = { email: 'admin@example.com', password: 'bench-password-1' };
export const REPORTS = ['overview', 'agents', 'teams', 'sla', 'heatmap', 'issues', 'csat'] as const;

export interface AnalyticsTiming {
  name: string;
  medianMs: number;
  maxMs: number;
}

export interface AnalyticsReport {
  target: string;
  conversations: number;
  messages: number;
  generatedMs: number;
  rollupMs: number;
  rolledUpDays: number;
  timings: AnalyticsTiming[];
  /** PostgreSQL: EXPLAIN ANALYZE of the heaviest queries, as markdown. */
  plans?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function measureAnalytics(opts: {
  target: string;
  databaseUrl?: string;
  conversations: number;
  days: number;
  runs: number;
}): Promise<AnalyticsReport> {
  const dataDir = opts.databaseUrl ? undefined : mkdtempSync(path.join(os.tmpdir(), 'sc-bench-analytics-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DATABASE_URL: opts.databaseUrl ?? '',
    DATA_DIR: dataDir ?? '',
    REDIS_URL: '',
    // The job must not rewrite days while the reports are timed (the generator wrote them all).
    ANALYTICS_ROLLUP_MINUTES: '1440',
  };
  try {
    console.log(
      `\n== analytics, ${opts.target}: generating ${opts.conversations} conversations over ${opts.days} days`,
    );
    const g = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/tools/history-cli.ts',
        '--conversations',
        String(opts.conversations),
        '--days',
        String(opts.days),
      ],
      { cwd: serverDir, env, encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (g.status !== 0) throw new Error(`history generator failed:\n${g.stderr}`);
    const made = JSON.parse(g.stdout.trim().split('\n').pop()!) as {
      conversations: number;
      messages: number;
      generatedMs: number;
      rollupMs: number;
      rolledUpDays: number;
    };
    console.log(JSON.stringify(made));
    const { child, match } = await startProcess(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts'],
      serverDir,
      env,
      /listening on http:\/\/127\.0\.0\.1:(\d+)/,
    );
    try {
      const base = `http://127.0.0.1:${match[1]}`;
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const { token } = (await login.json()) as { token: string };
      // "Last 90 days" as the console asks for it: from midnight (UTC here, the roll-up zone) 89 days ago to now.
      const to = new Date();
      const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate() - 89));
      const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
      const urls: [string, string][] = [
        ...REPORTS.map((r): [string, string] => [`${r} (90 days)`, `/api/analytics/${r}?${range}`]),
        ['GET /api/chat/analytics (90 days)', `/api/chat/analytics?${range}`],
        ['overview as CSV (90 days)', `/api/analytics/overview?${range}&format=csv`],
        ['live overview', '/api/analytics/live'],
      ];
      const timings: AnalyticsTiming[] = [];
      const time = async (url: string) => {
        const started = performance.now();
        const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url}: ${res.status}`);
        return performance.now() - started;
      };
      // Warm-up, every report twice: Node's JIT, PostgreSQL's plans and caches.
      for (let i = 0; i < 2; i++) for (const [, url] of urls) await time(url);
      for (const [name, url] of urls) {
        const once = () => time(url);
        const runs: number[] = [];
        for (let i = 0; i < opts.runs; i++) runs.push(await once());
        const t = { name, medianMs: median(runs), maxMs: Math.max(...runs) };
        console.log(`  ${name}: median ${t.medianMs.toFixed(1)} ms, max ${t.maxMs.toFixed(1)} ms`);
        timings.push(t);
      }
      let plans: string | undefined;
      if (opts.databaseUrl) {
        const e = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/explain-cli.ts'], {
          cwd: serverDir,
          env,
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        });
        plans = e.status === 0 ? e.stdout : `(explain failed: ${e.stderr.slice(0, 500)})`;
      }
      return { target: opts.target, ...made, timings, plans };
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
